import Foundation
import GRDB
import Ledger
import LedgerSQLite

/// The floor: the same transfer rows inserted straight into an identical `ledger_transfers`
/// table (created by the ledger's own migrations, so same columns and indexes), with the same
/// pragmas (WAL, the same synchronous level), and nothing else: no reads, no journal, no
/// account updates.
struct RawInsertFloor {
    let queue: DatabaseQueue
    let workload: TransferWorkload

    static func open(directory: String, options: SQLiteLedgerStore.Options, workload: TransferWorkload) async throws
        -> RawInsertFloor
    {
        let store = try await SQLiteLedgerStore.open(directory: directory, options: options)
        let path = store.path
        var configuration = Configuration()
        configuration.journalMode = .wal
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        let level = options.durability == .full ? 2 : 1
        try await queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = \(level)")
            let actual = try Int.fetchOne(db, sql: "PRAGMA synchronous")
            precondition(actual == level, "the floor runs at the ledger's synchronous level")
        }
        return RawInsertFloor(queue: queue, workload: workload)
    }

    /// Inserts the rows of `ids` in transactions of `batchSize`; answers the seconds taken.
    /// `idOffset` keeps the single and batched runs' rows apart in the one table.
    func insert(ids: ClosedRange<Int64>, batchSize: Int, idOffset: Int64) async throws -> Double {
        let start = ContinuousClock.now
        var next = ids.lowerBound
        while next <= ids.upperBound {
            let batch = next...min(next + Int64(batchSize) - 1, ids.upperBound)
            try await queue.write { db in
                let insert = try db.cachedStatement(sql: """
                    INSERT INTO ledger_transfers (id, journal_sequence, network_id, kind, linked, debit_account_id, \
                    credit_account_id, requested_amount_minutes, pending_id, timeout_seconds, code, reference, \
                    reverses_id, amount_minutes, timestamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                for id in batch {
                    let command = workload.command(id)
                    guard case .single(let debit, let credit, let amount) = command.kind else { continue }
                    try insert.execute(arguments: [
                        id + idOffset, id + idOffset, 1, "single", 0, debit.rawValue, credit.rawValue, amount, nil, nil,
                        command.code.rawValue, 0, nil, amount, id,
                    ])
                }
            }
            next = batch.upperBound + 1
        }
        return (ContinuousClock.now - start).seconds
    }
}
