import Foundation
import Ledger
import LedgerSQLite
import MatchingBenchmarkSupport
import TestSupport
import Testing

@Suite struct SQLiteModelBasedTests {
    // Proves that the real ledger on SQLite — working set loaded and changes written through
    // SQL, every request its own commit — gives the same result codes, accounts, journal head
    // and pending deadlines as the independent ReferenceLedger after every request, over
    // thousands of seeded random request sequences, keeps its invariants and verifies at the end.
    // (synchronous=NORMAL here only to keep the run short: durability has its own tests.)
    @Test func sqliteLedgerMatchesTheReferenceModel() async throws {
        let settings = PropertySettings.fromEnvironment(defaultSeeds: 1_000, defaultSteps: 20)
        print("sqlite model check: base seed \(settings.baseSeed), \(settings.seeds) runs × \(settings.steps) steps"
            + " (LEDGER_PROPERTY_SEED=\(settings.baseSeed) to repeat)")
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var total = ModelCheckReport()
        var failures: [String] = []
        for index in 0..<settings.seeds {
            let seed = SplitMix64.seed(base: settings.baseSeed, index: index)
            let path = directory.path + "/\(index)"
            do {
                let report = try await runModelCheck(seed: seed, steps: settings.steps) { clock, limits in
                    let store = try await SQLiteLedgerStore.open(
                        directory: path, options: .init(durability: .normalLosesRecentCommitsOnPowerLoss))
                    return Ledger(store: store, clock: clock, limits: limits)
                }
                total.merge(report)
            } catch let failure as ModelCheckFailure {
                failures.append(failure.description)
                if failures.count >= settings.failuresMax { break }
            }
            try? FileManager.default.removeItem(atPath: path)
        }
        for failure in failures { Issue.record(Comment(rawValue: failure)) }
        #expect(total.runs == settings.seeds || !failures.isEmpty)
        print("sqlite model check: \(total.runs) runs, \(total.steps) steps; codes seen: \(total.transferCodes.count)")
    }
}
