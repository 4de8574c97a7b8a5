import Foundation
import GRDB
import Ledger

/// The working-set reads, answered inside the commit's write transaction.
struct SQLiteWorkingSetSource: WorkingSetSource {
    let db: Database

    /// Decoded rows for `ids`, fetched in chunks with `<query> IN (?, …)` + `suffix`, read
    /// through a cursor (no row copies). The SQL texts are assembled from static parts: this
    /// runs on every commit.
    private func rows<Tag, Value>(
        _ ids: Set<LedgerID<Tag>>, _ query: String, suffix: String = "", decode: (Row) throws -> Value
    ) throws -> [Value] {
        guard !ids.isEmpty else { return [] }
        let values = ids.map(\.rawValue)
        var decoded: [Value] = []
        decoded.reserveCapacity(values.count)
        var start = 0
        while start < values.count {
            let chunk = values[start..<min(start + Self.chunkSize, values.count)]
            let statement = try db.cachedStatement(sql: query + Self.placeholders[chunk.count] + suffix)
            let cursor = try Row.fetchCursor(statement, arguments: StatementArguments(Array(chunk)))
            while let row = try cursor.next() { decoded.append(try decode(row)) }
            start += Self.chunkSize
        }
        return decoded
    }

    private static let chunkSize = 256
    /// `placeholders[n]` is "(?, …)" with n marks.
    private static let placeholders: [String] = (0...chunkSize).map {
        "(" + Array(repeating: "?", count: $0).joined(separator: ",") + ")"
    }
    private static let headSQL = "SELECT sequence, hash, timestamp FROM ledger_journal ORDER BY sequence DESC LIMIT 1"
    private static let transfersSQL = "SELECT \(TransferColumns.list) FROM ledger_transfers WHERE id IN "
    private static let accountsSQL = "SELECT \(AccountColumns.list) FROM ledger_accounts WHERE id IN "
    private static let resolutionsSQL =
        "SELECT pending_id, status, resolved_by_id, timestamp FROM ledger_pending_resolutions WHERE pending_id IN "
    private static let failuresSQL = "SELECT id, result FROM ledger_failed_transfers WHERE id IN "
    private static let reversedSQL = "SELECT reverses_id, SUM(amount_minutes) FROM ledger_transfers WHERE reverses_id IN "
    private static let totalsSQL = """
        SELECT network_id, debits_pending_minutes, debits_posted_minutes, credits_pending_minutes, \
        credits_posted_minutes FROM ledger_network_totals WHERE network_id IN 
        """
    private static let dueSQL = """
        SELECT \(TransferColumns.qualified("t")) FROM ledger_pending_open o
        JOIN ledger_transfers t ON t.id = o.transfer_id
        WHERE o.deadline <= ? ORDER BY o.deadline, o.transfer_id LIMIT ?
        """

    func journalHead() throws -> JournalHead {
        let statement = try db.cachedStatement(sql: Self.headSQL)
        guard let row = try Row.fetchOne(statement) else { return .genesis }
        let reader = ColumnReader(row: row, table: "ledger_journal", offset: 0)
        guard let hash = JournalHash(bytes: try reader.bytes(1)) else {
            throw MalformedRow(table: "ledger_journal", column: 1)
        }
        return JournalHead(sequence: try reader.int64(0), hash: hash, timestamp: try reader.int64(2))
    }

    func transfers(_ ids: Set<TransferID>) throws -> [Transfer] {
        try rows(ids, Self.transfersSQL) { try TransferColumns.decode($0).transfer }
    }

    func accounts(_ ids: Set<AccountID>) throws -> [Account] {
        try rows(ids, Self.accountsSQL, decode: AccountColumns.decode)
    }

    func resolutions(_ pendingIDs: Set<TransferID>) throws -> [PendingResolution] {
        try rows(pendingIDs, Self.resolutionsSQL) { try ResolutionColumns.decode($0) }
    }

    func failures(_ ids: Set<TransferID>) throws -> [TransferID: TransferResultCode] {
        let pairs = try rows(ids, Self.failuresSQL) { row in
            let reader = ColumnReader(row: row, table: "ledger_failed_transfers", offset: 0)
            guard let code = TransferResultCode(rawValue: try reader.string(1)) else {
                throw MalformedRow(table: "ledger_failed_transfers", column: 1)
            }
            return (TransferID(try reader.int64(0)), code)
        }
        return Dictionary(uniqueKeysWithValues: pairs)
    }

    func reversedMinutes(_ ids: Set<TransferID>) throws -> [TransferID: Int64] {
        let pairs = try rows(ids, Self.reversedSQL, suffix: " GROUP BY reverses_id") { row in
            let reader = ColumnReader(row: row, table: "ledger_transfers", offset: 0)
            return (TransferID(try reader.int64(0)), try reader.int64(1))
        }
        return Dictionary(uniqueKeysWithValues: pairs)
    }

    func duePending(atOrBefore nowNanoseconds: Int64, limit: Int) throws -> [Transfer] {
        let statement = try db.cachedStatement(sql: Self.dueSQL)
        return try Row.fetchAll(statement, arguments: [nowNanoseconds, limit])
            .map { try TransferColumns.decode($0).transfer }
    }

    func totals(_ networks: Set<NetworkID>) throws -> [NetworkID: NetworkTotals] {
        return Dictionary(uniqueKeysWithValues: try rows(networks, Self.totalsSQL, decode: TotalsColumns.decode))
    }
}
