import Foundation
import GRDB
import Ledger

/// The working-set reads, answered inside the commit's write transaction.
struct SQLiteWorkingSetSource: WorkingSetSource {
    let db: Database

    /// Rows for `ids`, fetched in chunks with `WHERE <column> IN (…)`.
    private func rows<Tag>(
        _ ids: Set<LedgerID<Tag>>, _ sql: (String) -> String
    ) throws -> [Row] {
        guard !ids.isEmpty else { return [] }
        let values = ids.map(\.rawValue)
        var rows: [Row] = []
        rows.reserveCapacity(values.count)
        var start = 0
        while start < values.count {
            let chunk = values[start..<min(start + Self.chunkSize, values.count)]
            let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            let statement = try db.cachedStatement(sql: sql(placeholders))
            rows += try Row.fetchAll(statement, arguments: StatementArguments(Array(chunk)))
            start += Self.chunkSize
        }
        return rows
    }

    private static let chunkSize = 256

    func journalHead() throws -> JournalHead {
        let statement = try db.cachedStatement(
            sql: "SELECT sequence, hash, timestamp FROM ledger_journal ORDER BY sequence DESC LIMIT 1")
        guard let row = try Row.fetchOne(statement) else { return .genesis }
        let reader = ColumnReader(row: row, table: "ledger_journal", offset: 0)
        guard let hash = JournalHash(bytes: try reader.bytes(1)) else {
            throw MalformedRow(table: "ledger_journal", column: 1)
        }
        return JournalHead(sequence: try reader.int64(0), hash: hash, timestamp: try reader.int64(2))
    }

    func transfers(_ ids: Set<TransferID>) throws -> [Transfer] {
        try rows(ids) { "SELECT \(TransferColumns.list) FROM ledger_transfers WHERE id IN (\($0))" }
            .map { try TransferColumns.decode($0).transfer }
    }

    func accounts(_ ids: Set<AccountID>) throws -> [Account] {
        try rows(ids) { "SELECT \(AccountColumns.list) FROM ledger_accounts WHERE id IN (\($0))" }
            .map(AccountColumns.decode)
    }

    func resolutions(_ pendingIDs: Set<TransferID>) throws -> [PendingResolution] {
        try rows(pendingIDs) {
            "SELECT pending_id, status, resolved_by_id, timestamp FROM ledger_pending_resolutions WHERE pending_id IN (\($0))"
        }.map { try ResolutionColumns.decode($0) }
    }

    func failures(_ ids: Set<TransferID>) throws -> [TransferID: TransferResultCode] {
        var failures: [TransferID: TransferResultCode] = [:]
        for row in try rows(ids, { "SELECT id, result FROM ledger_failed_transfers WHERE id IN (\($0))" }) {
            let reader = ColumnReader(row: row, table: "ledger_failed_transfers", offset: 0)
            guard let code = TransferResultCode(rawValue: try reader.string(1)) else {
                throw MalformedRow(table: "ledger_failed_transfers", column: 1)
            }
            failures[TransferID(try reader.int64(0))] = code
        }
        return failures
    }

    func reversedMinutes(_ ids: Set<TransferID>) throws -> [TransferID: Int64] {
        var reversed: [TransferID: Int64] = [:]
        let sql: (String) -> String = {
            "SELECT reverses_id, SUM(amount_minutes) FROM ledger_transfers WHERE reverses_id IN (\($0)) GROUP BY reverses_id"
        }
        for row in try rows(ids, sql) {
            let reader = ColumnReader(row: row, table: "ledger_transfers", offset: 0)
            reversed[TransferID(try reader.int64(0))] = try reader.int64(1)
        }
        return reversed
    }

    func duePending(atOrBefore nowNanoseconds: Int64, limit: Int) throws -> [Transfer] {
        let statement = try db.cachedStatement(sql: """
            SELECT \(TransferColumns.qualified("t")) FROM ledger_pending_open o
            JOIN ledger_transfers t ON t.id = o.transfer_id
            WHERE o.deadline <= ? ORDER BY o.deadline, o.transfer_id LIMIT ?
            """)
        return try Row.fetchAll(statement, arguments: [nowNanoseconds, limit])
            .map { try TransferColumns.decode($0).transfer }
    }

    func totals(_ networks: Set<NetworkID>) throws -> [NetworkID: NetworkTotals] {
        let sql: (String) -> String = {
            """
            SELECT network_id, debits_pending_minutes, debits_posted_minutes, credits_pending_minutes, \
            credits_posted_minutes FROM ledger_network_totals WHERE network_id IN (\($0))
            """
        }
        return Dictionary(uniqueKeysWithValues: try rows(networks, sql).map(TotalsColumns.decode))
    }
}
