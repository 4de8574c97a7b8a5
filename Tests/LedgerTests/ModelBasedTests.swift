import Foundation
import Ledger
import MatchingBenchmarkSupport
import TestSupport
import Testing

@Suite struct ModelBasedTests {
    // Proves that, for many seeded random request sequences (accounts opened and closed,
    // transfers of every kind, retries, failed ids, linked and open chains, overflow, clock moves
    // onto and around deadlines, expiry on demand), the ledger on InMemoryLedgerStore gives the
    // same result codes, accounts, journal head and pending deadlines as the independent
    // ReferenceLedger after every request, keeps its invariants, and verifies at the end; and
    // that the generator reaches every transfer, account and close result code.
    @Test func inMemoryLedgerMatchesTheReferenceModel() async throws {
        let settings = PropertySettings.fromEnvironment(defaultSeeds: 1_000, defaultSteps: 60)
        print("model check: base seed \(settings.baseSeed), \(settings.seeds) runs × \(settings.steps) steps"
            + " (LEDGER_PROPERTY_SEED=\(settings.baseSeed) to repeat)")
        var total = ModelCheckReport()
        var failures: [String] = []
        for index in 0..<settings.seeds {
            let seed = SplitMix64.seed(base: settings.baseSeed, index: index)
            do {
                let report = try await runModelCheck(seed: seed, steps: settings.steps) { clock, limits in
                    Ledger(store: InMemoryLedgerStore(), clock: clock, limits: limits)
                }
                total.merge(report)
            } catch let failure as ModelCheckFailure {
                failures.append(failure.description)
                if failures.count >= settings.failuresMax { break }
            }
        }
        for failure in failures { Issue.record(Comment(rawValue: failure)) }
        print("model check: \(total.runs) runs, \(total.steps) steps, \(total.expired) expired on demand; "
            + "transfer codes \(total.transferCodes.sorted { $0.value > $1.value }.map { "\($0.key.rawValue)=\($0.value)" })")
        guard failures.isEmpty, settings.seeds * settings.steps >= 300 * 60 else { return }
        // Coverage of the generator, only judged on a run at least as long as the default.
        let missingTransfer = TransferResultCode.allCases.filter { total.transferCodes[$0] == nil }
        let missingAccount = AccountResultCode.allCases.filter { total.accountCodes[$0] == nil }
        let missingClose = CloseAccountResultCode.allCases.filter { total.closeCodes[$0] == nil }
        #expect(missingTransfer.isEmpty, "transfer codes never reached: \(missingTransfer)")
        #expect(missingAccount.isEmpty, "account codes never reached: \(missingAccount)")
        #expect(missingClose.isEmpty, "close codes never reached: \(missingClose)")
    }
}
