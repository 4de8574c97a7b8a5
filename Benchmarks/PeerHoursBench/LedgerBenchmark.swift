import ArgumentParser
import Foundation
import Ledger
import LedgerSQLite
import PostgresSupport

/// `peerhours-bench ledger`: posted transfers per second through the ledger on SQLite, one per
/// transaction and with concurrent submitters through the group-commit writer, each against
/// its floor measured in the same run: raw SQLite inserts of the same transfer rows (same
/// columns, indexes and pragmas), one per transaction and in batches of the writer's mean size.
/// With `--database postgres://…`, the same over PostgreSQL (`PostgresLedgerBenchmark`).
struct LedgerBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Ledger throughput against raw SQLite inserts."
    )

    @Option(help: "Transfers in the one-per-transaction runs (ledger and raw).")
    var singleTransfers = 2_000

    @Option(help: "Transfers in the concurrent run.")
    var groupTransfers = 40_000

    @Option(help: "Alternating rounds the transfers are split into.")
    var rounds = 5

    @Option(help: "Concurrent submitters in the group-commit run.")
    var submitters = 64

    @Option(help: "Member accounts the transfers move between.")
    var accounts = 1_000

    @Option(help: "Durability: full (default) or normal-loses-recent-commits-on-power-loss.")
    var durability: String = "full"

    @Option(help: "Where to put the databases (a fresh temporary directory by default).")
    var directory: String?

    @Option(help: "A postgres:// URL: measure the ledger on PostgreSQL (schemas of its own, dropped after) instead of SQLite.")
    var database: String?

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func validate() throws {
        guard SQLiteLedgerStore.Durability(rawValue: durability) != nil else {
            throw ValidationError("durability must be one of: \(SQLiteLedgerStore.Durability.allCases.map(\.rawValue))")
        }
        guard rounds > 0, singleTransfers >= rounds, groupTransfers >= rounds, submitters > 0, accounts > 1 else {
            throw ValidationError("counts must be positive, at least one transfer a round, two accounts")
        }
    }

    func run() async throws {
        if let database {
            let report = try await PostgresLedgerBenchmark(
                base: try PostgresLocation.parse(database), workload: TransferWorkload(accounts: accounts)
            ).run(singleTransfers: singleTransfers, groupTransfers: groupTransfers, rounds: rounds, submitters: submitters)
            print(json ? report.json : report.table)
            return
        }
        let level = SQLiteLedgerStore.Durability(rawValue: durability) ?? .full
        let root = directory ?? NSTemporaryDirectory() + "peerhours-bench-" + UUID().uuidString
        defer { if directory == nil { try? FileManager.default.removeItem(atPath: root) } }
        let options = SQLiteLedgerStore.Options(durability: level)
        let workload = TransferWorkload(accounts: accounts)
        // Disk flush latency drifts on shared machines, so each figure and its floor are
        // measured in alternating rounds and summed, never in two long separate phases.
        let ledgerSingle = try await workload.openLedger(directory: root + "/single", options: options)
        let ledgerGroup = try await workload.openLedger(directory: root + "/group", options: options)
        let raw = try await RawInsertFloor.open(directory: root + "/raw", options: options, workload: workload)
        var single = Tally(), group = Tally(), rawSingle = Tally(), rawBatched = Tally()
        var batchEvents = 0, batchCommits = 0
        for round in 0..<rounds {
            let singleSlice = Self.slice(singleTransfers, round: round, of: rounds)
            let groupSlice = Self.slice(groupTransfers, round: round, of: rounds)
            single.add(singleSlice.count, try await workload.runSingle(ledgerSingle, ids: singleSlice))
            rawSingle.add(singleSlice.count, try await raw.insert(ids: singleSlice, batchSize: 1, idOffset: 0))
            let run = try await workload.runGroup(ledgerGroup, ids: groupSlice, submitters: submitters)
            group.add(groupSlice.count, run.seconds)
            batchEvents += run.events
            batchCommits += run.commits
            let meanBatch = max(1, Int((Double(batchEvents) / Double(max(batchCommits, 1))).rounded()))
            rawBatched.add(groupSlice.count, try await raw.insert(ids: groupSlice, batchSize: meanBatch, idOffset: 1_000_000_000_000))
        }
        let verifyStart = ContinuousClock.now
        let verified = try await ledgerGroup.store.verify()
        let verifySeconds = (ContinuousClock.now - verifyStart).seconds
        let report = LedgerBenchmarkReport(
            singleTPS: single.perSecond, groupTPS: group.perSecond, rawSingleTPS: rawSingle.perSecond,
            rawBatchedTPS: rawBatched.perSecond, meanBatch: Double(batchEvents) / Double(max(batchCommits, 1)),
            durability: level.rawValue, submitters: submitters,
            verifyEntriesPerSecond: Double(verified.entries) / verifySeconds)
        print(json ? report.json : report.table)
    }

    /// The ids of round `round`: a contiguous share of 1…total.
    static func slice(_ total: Int, round: Int, of rounds: Int) -> ClosedRange<Int64> {
        Int64(total * round / rounds + 1)...Int64(total * (round + 1) / rounds)
    }

    /// Transfers counted against the seconds they took.
    struct Tally {
        var count = 0
        var seconds = 0.0

        mutating func add(_ count: Int, _ seconds: Double) {
            self.count += count
            self.seconds += seconds
        }

        var perSecond: Double { Double(count) / seconds }
    }
}

struct LedgerBenchmarkReport {
    var singleTPS: Double
    var groupTPS: Double
    var rawSingleTPS: Double
    var rawBatchedTPS: Double
    var meanBatch: Double
    var durability: String
    var submitters: Int
    /// Journal entries re-hashed and re-folded per second by `verify` (what opening costs).
    var verifyEntriesPerSecond: Double

    var ratioSingle: Double { singleTPS / rawSingleTPS }
    var ratioGroup: Double { groupTPS / rawBatchedTPS }

    var json: String {
        func format(_ value: Double) -> String { String(format: "%.3f", value) }
        return """
            {"single_tps": \(format(singleTPS)), "group_tps": \(format(groupTPS)), \
            "raw_single_tps": \(format(rawSingleTPS)), "raw_batched_tps": \(format(rawBatchedTPS)), \
            "ratio_single": \(format(ratioSingle)), "ratio_group": \(format(ratioGroup)), \
            "mean_batch": \(format(meanBatch)), "verify_entries_per_second": \(format(verifyEntriesPerSecond)), \
            "durability": "\(durability)"}
            """
    }

    var table: String {
        func row(_ name: String, _ value: Double, _ format: String = "%12.1f") -> String {
            name.padding(toLength: 44, withPad: " ", startingAt: 0) + String(format: format, value)
        }
        return [
            "ledger benchmark (synchronous: \(durability))",
            row("(a) ledger, one transfer per transaction/s", singleTPS),
            row("(b) ledger, \(submitters) submitters, group commit/s", groupTPS),
            row("    mean transfers per commit", meanBatch),
            row("(c) raw inserts, one per transaction/s", rawSingleTPS),
            row("(c) raw inserts, batches of the mean/s", rawBatchedTPS),
            row("ratio_single (a / raw single)", ratioSingle, "%12.3f"),
            row("ratio_group  (b / raw batched)", ratioGroup, "%12.3f"),
            row("verify: journal entries checked/s", verifyEntriesPerSecond),
        ].joined(separator: "\n")
    }
}
