import Foundation
import Ledger
import LedgerPostgres
import Logging
import PostgresNIO
import PostgresSupport

/// `peerhours-bench ledger --database postgres://…`: the same figures as on SQLite, over
/// PostgreSQL. Each run gets databases of its own (dropped at the end): one for the ledger
/// through the group-commit writer, one for the ledger one transfer per commit, one for the
/// floor — the same transfer rows inserted straight into an identical `ledger_transfers` table
/// (created by the ledger's own migrations: same columns and indexes), with the same
/// `synchronous_commit = on`, in transactions of the writer's mean batch (and of one), one
/// multi-row INSERT each: no reads, no journal, no locks, no account updates.
struct PostgresLedgerBenchmark {
    let base: PostgresLocation
    let workload: TransferWorkload
    let logger = Logger(label: "peerhours.bench")

    func run(singleTransfers: Int, groupTransfers: Int, rounds: Int, submitters: Int) async throws -> LedgerBenchmarkReport {
        let admin = PostgresPool(base, label: "peerhours.bench", logger: logger)
        defer { admin.close() }
        // Three new databases of the server (each store's tables are in its schema `ledger`), dropped at the end.
        let suffix = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
        let schemas = ["bench_single_\(suffix)", "bench_group_\(suffix)", "bench_raw_\(suffix)"]
        for name in schemas {
            _ = try await admin.read { connection in
                try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
            }
        }
        var pools: [PostgresPool] = []
        defer { for pool in pools { pool.close() } }
        do {
            func location(_ database: String) -> PostgresLocation {
                var location = base
                location.database = database
                return location
            }
            let singlePool = PostgresPool(location(schemas[0]), label: "peerhours.ledger", logger: logger)
            let groupPool = PostgresPool(location(schemas[1]), label: "peerhours.ledger", logger: logger)
            let rawPool = PostgresPool(location(schemas[2]), label: "peerhours.ledger", logger: logger)
            pools = [singlePool, groupPool, rawPool]
            let ledgerSingle = try await workload.openLedger(store: try await PostgresLedgerStore.open(pool: singlePool))
            let ledgerGroup = try await workload.openLedger(store: try await PostgresLedgerStore.open(pool: groupPool))
            _ = try await PostgresLedgerStore.open(pool: rawPool)  // the floor's identical tables
            // The floor commits as the ledger does, with synchronous_commit on: the server's
            // setting here (the ledger sets it in its first statement; the floor needs no extra one).
            let setting = try await rawPool.read { connection in
                var value = ""
                for try await text in try await connection.query("SHOW synchronous_commit", logger: logger).decode(String.self) {
                    value = text
                }
                return value
            }
            guard setting == "on" else { throw PostgresBenchmarkError.synchronousCommitOff(setting) }
            var single = LedgerBenchmark.Tally(), group = LedgerBenchmark.Tally()
            var rawSingle = LedgerBenchmark.Tally(), rawBatched = LedgerBenchmark.Tally()
            var batchEvents = 0, batchCommits = 0
            for round in 0..<rounds {
                let singleSlice = LedgerBenchmark.slice(singleTransfers, round: round, of: rounds)
                let groupSlice = LedgerBenchmark.slice(groupTransfers, round: round, of: rounds)
                single.add(singleSlice.count, try await workload.runSingle(ledgerSingle, ids: singleSlice))
                rawSingle.add(singleSlice.count, try await insertRaw(rawPool, ids: singleSlice, batchSize: 1, idOffset: 0))
                let run = try await workload.runGroup(ledgerGroup, ids: groupSlice, submitters: submitters)
                group.add(groupSlice.count, run.seconds)
                batchEvents += run.events
                batchCommits += run.commits
                let meanBatch = max(1, Int((Double(batchEvents) / Double(max(batchCommits, 1))).rounded()))
                rawBatched.add(groupSlice.count, try await insertRaw(
                    rawPool, ids: groupSlice, batchSize: meanBatch, idOffset: 1_000_000_000_000))
            }
            let verifyStart = ContinuousClock.now
            let verified = try await ledgerGroup.store.verify()
            let verifySeconds = (ContinuousClock.now - verifyStart).seconds
            try await dropSchemas(schemas, admin: admin)
            return LedgerBenchmarkReport(
                singleTPS: single.perSecond, groupTPS: group.perSecond, rawSingleTPS: rawSingle.perSecond,
                rawBatchedTPS: rawBatched.perSecond, meanBatch: Double(batchEvents) / Double(max(batchCommits, 1)),
                durability: "postgresql synchronous_commit=on", submitters: submitters,
                verifyEntriesPerSecond: Double(verified.entries) / verifySeconds)
        } catch {
            try? await dropSchemas(schemas, admin: admin)
            throw error
        }
    }

    private func dropSchemas(_ databases: [String], admin: PostgresPool) async throws {
        for database in databases {
            _ = try await admin.read { connection in
                try await connection.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(database) WITH (FORCE)"), logger: logger)
            }
        }
    }

    /// Inserts the rows of `ids` in transactions of `batchSize` (one multi-row INSERT each, the
    /// same values the ledger writes); answers the seconds taken.
    private func insertRaw(_ pool: PostgresPool, ids: ClosedRange<Int64>, batchSize: Int, idOffset: Int64) async throws
        -> Double
    {
        let start = ContinuousClock.now
        var next = ids.lowerBound
        while next <= ids.upperBound {
            let batch = next...min(next + Int64(batchSize) - 1, ids.upperBound)
            var sql = """
                INSERT INTO ledger_transfers (id, journal_sequence, network_id, kind, linked, debit_account_id, \
                credit_account_id, requested_amount_minutes, pending_id, timeout_seconds, code, reference, \
                reverses_id, amount_minutes, timestamp) VALUES 
                """
            var bindings = PostgresBindings(capacity: batch.count * 15)
            var index = 1
            for id in batch {
                let command = workload.command(id)
                guard case .single(let debit, let credit, let amount) = command.kind else { continue }
                let none: Int64? = nil
                sql += (index == 1 ? "(" : ",(") + (index..<index + 15).map { "$\($0)" }.joined(separator: ",") + ")"
                index += 15
                bindings.append(id + idOffset)
                bindings.append(id + idOffset)
                bindings.append(Int64(1))
                bindings.append("single")
                bindings.append(Int64(0))
                bindings.append(debit.rawValue)
                bindings.append(credit.rawValue)
                bindings.append(amount)
                bindings.append(none)
                bindings.append(none)
                bindings.append(command.code.rawValue)
                bindings.append(Int64(0))
                bindings.append(none)
                bindings.append(amount)
                bindings.append(id)
            }
            let query = PostgresQuery(unsafeSQL: sql, binds: bindings)
            try await pool.transaction { connection in try await connection.query(query, logger: logger) }
            next = batch.upperBound + 1
        }
        return (ContinuousClock.now - start).seconds
    }
}

enum PostgresBenchmarkError: Error, CustomStringConvertible {
    case synchronousCommitOff(String)

    var description: String {
        switch self {
        case .synchronousCommitOff(let value):
            "the database's synchronous_commit is \(value); the floor must commit as durably as the ledger (on)"
        }
    }
}
