import Foundation
import Ledger
import LedgerSQLite
import MatchingBenchmarkSupport
import TestSupport
import Testing

@Suite struct SQLiteModelBasedTests {
    // Proves that the real ledger on SQLite — or on PostgreSQL when PEERHOURS_TEST_DATABASE_URL
    // is set (`StorePlace`) — working set loaded and changes written through SQL, every request
    // its own commit, gives the same result codes, accounts, journal head and pending deadlines
    // as the independent ReferenceLedger after every request, over many seeded random request
    // sequences, keeps its invariants and verifies at the end.
    // (SQLite: synchronous=NORMAL here only to keep the run short: durability has its own tests.
    // PostgreSQL: 200 runs by default, each on a fresh schema; LEDGER_PROPERTY_SEEDS for more.)
    @Test func sqliteLedgerMatchesTheReferenceModel() async throws {
        let onPostgres = TestPostgres.isSelected
        let name = onPostgres ? "postgresql" : "sqlite"
        let settings = PropertySettings.fromEnvironment(defaultSeeds: onPostgres ? 200 : 1_000, defaultSteps: 20)
        print("\(name) model check: base seed \(settings.baseSeed), \(settings.seeds) runs × \(settings.steps) steps"
            + " (LEDGER_PROPERTY_SEED=\(settings.baseSeed) to repeat)")
        var total = ModelCheckReport()
        var failures: [String] = []
        for index in 0..<settings.seeds {
            let seed = SplitMix64.seed(base: settings.baseSeed, index: index)
            let place = try await StorePlace()
            do {
                let report = try await runModelCheck(seed: seed, steps: settings.steps) { clock, limits in
                    let store = try await place.open(sqliteDurability: .normalLosesRecentCommitsOnPowerLoss)
                    return Ledger(store: store, clock: clock, limits: limits)
                }
                total.merge(report)
            } catch let failure as ModelCheckFailure {
                failures.append(failure.description)
            }
            await place.remove()
            if failures.count >= settings.failuresMax { break }
        }
        for failure in failures { Issue.record(Comment(rawValue: failure)) }
        #expect(total.runs == settings.seeds || !failures.isEmpty)
        print("\(name) model check: \(total.runs) runs, \(total.steps) steps; codes seen: \(total.transferCodes.count)")
    }
}
