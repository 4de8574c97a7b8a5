import Foundation
import GRDB
import Ledger
import SQLiteSupport

/// The working-set reads, answered inside the commit's write transaction: from the writer's
/// cache where it knows (it is checked against `data_version` before use), from SQL otherwise.
struct SQLiteWorkingSetSource: WorkingSetSource {
    let db: Database
    let cache: WriterCache?

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
    /// `valueRows[n]` is "(?),(?),…" with n rows, for a VALUES list.
    private static let valueRows: [String] = (0...chunkSize).map {
        Array(repeating: "(?)", count: $0).joined(separator: ",")
    }
    /// The wanted ids, each with its remembered failure (if any) and its transfer (if any).
    private static let transfersAndFailuresSQL = "WITH wanted(id) AS (VALUES "
    private static let transfersAndFailuresJoin = """
        ) SELECT w.id, f.result, \(TransferColumns.qualified("t")) FROM wanted w
        LEFT JOIN ledger_transfers t ON t.id = w.id
        LEFT JOIN ledger_failed_transfers f ON f.id = w.id
        """
    static let headSQL = "SELECT sequence, hash, timestamp FROM ledger_journal ORDER BY sequence DESC LIMIT 1"
    private static let accountsSQL = "SELECT \(AccountColumns.list) FROM ledger_accounts WHERE id IN "
    private static let resolutionsSQL =
        "SELECT pending_id, status, resolved_by_id, timestamp FROM ledger_pending_resolutions WHERE pending_id IN "
    private static let reversedSQL = "SELECT reverses_id, SUM(amount_minutes) FROM ledger_transfers WHERE reverses_id IN "
    private static let totalsSQL = """
        SELECT network_id, debits_pending_minutes, debits_posted_minutes, credits_pending_minutes, \
        credits_posted_minutes FROM ledger_network_totals WHERE network_id IN 
        """
    private static let dueSQL = """
        SELECT \(TransferColumns.qualified("t")) FROM ledger_pending_open o
        JOIN ledger_transfers t ON t.id = o.transfer_id
        WHERE o.deadline <= ?1 AND o.deadline <= coalesce((
            SELECT deadline FROM ledger_pending_open WHERE deadline <= ?1
            ORDER BY deadline, transfer_id LIMIT 1 OFFSET ?2 - 1), ?1)
        ORDER BY o.deadline, o.transfer_id
        """

    func journalHead() throws -> JournalHead {
        if let cache { return cache.head }
        let statement = try db.cachedStatement(sql: Self.headSQL)
        guard let row = try Row.fetchOne(statement) else { return .genesis }
        let reader = ColumnReader(row: row, table: "ledger_journal", offset: 0)
        guard let hash = JournalHash(bytes: try reader.bytes(1)) else {
            throw MalformedRow(table: "ledger_journal", column: 1)
        }
        return JournalHead(sequence: try reader.int64(0), hash: hash, timestampNanoseconds: try reader.int64(2))
    }

    func transfersAndFailures(_ ids: Set<TransferID>, failureIDs: Set<TransferID>) throws
        -> (transfers: [Transfer], failures: [TransferID: TransferResultCode])
    {
        var transfers: [Transfer] = []
        var failures: [TransferID: TransferResultCode] = [:]
        let values = ids.map(\.rawValue)
        var start = 0
        while start < values.count {
            let chunk = values[start..<min(start + Self.chunkSize, values.count)]
            let statement = try RawStatement(
                db, sql: Self.transfersAndFailuresSQL + Self.valueRows[chunk.count] + Self.transfersAndFailuresJoin)
            defer { statement.reset() }
            statement.bind(chunk.map { .integer($0) })
            while try statement.step() {
                let reader = ColumnReader(source: statement, table: "ledger_failed_transfers", offset: 0)
                let id = TransferID(try reader.int64(0))
                if !reader.isNull(2) { transfers.append(try TransferColumns.decode(statement, at: 2).transfer) }
                if !reader.isNull(1), failureIDs.contains(id) {
                    guard let code = TransferResultCode(rawValue: try reader.string(1)) else {
                        throw MalformedRow(table: "ledger_failed_transfers", column: 1)
                    }
                    failures[id] = code
                }
            }
            start += Self.chunkSize
        }
        return (transfers, failures)
    }

    func accounts(_ ids: Set<AccountID>) throws -> [Account] {
        guard let cache else { return try rows(ids, Self.accountsSQL, decode: AccountColumns.decode) }
        var found: [Account] = []
        var missing = Set<AccountID>()
        for id in ids {
            if let account = cache.accounts[id] { found.append(account) } else { missing.insert(id) }
        }
        return found + (try rows(missing, Self.accountsSQL, decode: AccountColumns.decode))
    }

    func resolutions(_ pendingIDs: Set<TransferID>) throws -> [PendingResolution] {
        try rows(pendingIDs, Self.resolutionsSQL) { try ResolutionColumns.decode($0) }
    }

    func reversedMinutes(_ ids: Set<TransferID>) throws -> [TransferID: Int64] {
        let pairs = try rows(ids, Self.reversedSQL, suffix: " GROUP BY reverses_id") { row in
            let reader = ColumnReader(row: row, table: "ledger_transfers", offset: 0)
            return (TransferID(try reader.int64(0)), try reader.int64(1))
        }
        return Dictionary(uniqueKeysWithValues: pairs)
    }

    func duePending(atOrBefore nowNanoseconds: Int64, limit: Int) throws -> [Transfer] {
        if let cache, (cache.earliestDeadline ?? Int64.max) > nowNanoseconds { return [] }
        let statement = try db.cachedStatement(sql: Self.dueSQL)
        return try Row.fetchAll(statement, arguments: [nowNanoseconds, limit])
            .map { try TransferColumns.decode($0).transfer }
    }

    func totals(_ networks: Set<NetworkID>) throws -> [NetworkID: NetworkTotals] {
        if let cache { return cache.totals.filter { networks.contains($0.key) } }
        return Dictionary(uniqueKeysWithValues: try rows(networks, Self.totalsSQL, decode: TotalsColumns.decode))
    }
}
