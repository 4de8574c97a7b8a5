import Foundation
import GRDB
import Ledger
import SQLiteSupport

/// Streams the journal, with the row each entry names, through `JournalVerifier`, then hands
/// it the rest of the stored state. Runs on one read snapshot.
enum SQLiteVerification {
    static func verify(_ db: Database) throws -> VerificationReport {
        var verifier = JournalVerifier()
        let cursor = try Row.fetchCursor(db, sql: journalQuery)
        while let row = try cursor.next() {
            let reader = ColumnReader(row: row, table: "ledger_journal", offset: 0)
            let journalRow: JournalRow
            do {
                journalRow = JournalRow(
                    sequence: try reader.int64(0), kindName: try reader.string(1),
                    entityID: try reader.int64(2), timestampNanoseconds: try reader.int64(3), hash: try reader.bytes(4))
            } catch {
                throw VerificationFailure(sequence: Int64.fromDatabaseValue(row[0]), "malformed journal row")
            }
            try verifier.consume(journalRow, event: try? event(of: row, kindName: journalRow.kindName))
        }
        return try verifier.finish(against: try storedState(db))
    }

    private static let transferOffset = 5
    private static let accountOffset = transferOffset + TransferColumns.count
    private static let closureOffset = accountOffset + 7
    private static let expiryOffset = closureOffset + 2
    private static let resolutionOffset = expiryOffset + 4

    /// Every journal entry with the row it names; for a post or void also the resolution row of
    /// the pending transfer it resolved, which must agree with it.
    private static let journalQuery = """
        SELECT j.sequence, j.kind, j.entity_id, j.timestamp, j.hash,
          \(TransferColumns.qualified("t")),
          a.id, a.network_id, a.kind, a.lower_limit_minutes, a.upper_limit_minutes, a.reference, a.created_timestamp,
          c.account_id, c.timestamp,
          e.pending_id, e.status, e.resolved_by_id, e.timestamp,
          r.pending_id, r.status, r.resolved_by_id, r.timestamp
        FROM ledger_journal j
        LEFT JOIN ledger_transfers t ON j.kind = 'transfer_accepted' AND t.id = j.entity_id
        LEFT JOIN ledger_accounts a ON j.kind = 'account_opened' AND a.id = j.entity_id
        LEFT JOIN ledger_account_closures c ON j.kind = 'account_closed' AND c.account_id = j.entity_id
        LEFT JOIN ledger_pending_resolutions e ON j.kind = 'pending_expired' AND e.pending_id = j.entity_id
        LEFT JOIN ledger_pending_resolutions r ON t.pending_id IS NOT NULL AND r.pending_id = t.pending_id
        ORDER BY j.sequence
        """

    /// The event the row names, or a thrown error when that row is missing or malformed.
    private static func event(of row: Row, kindName: String) throws -> LedgerEvent {
        switch kindName {
        case "transfer_accepted":
            let entry = try TransferColumns.decode(row, at: transferOffset)
            guard entry.sequence == Int64.fromDatabaseValue(row[0]) else {
                throw MalformedRow(table: "ledger_transfers", column: transferOffset + 14)
            }
            let transfer = entry.transfer
            if let pendingID = transfer.command.pendingID {
                let resolution = try ResolutionColumns.decode(row, at: resolutionOffset)
                let status: PendingStatus = if case .postPending = transfer.command.kind { .posted } else { .voided }
                guard resolution == PendingResolution(pendingID: pendingID, status: status,
                                                      resolvedByID: transfer.id, timestampNanoseconds: transfer.timestampNanoseconds)
                else { throw MalformedRow(table: "ledger_pending_resolutions", column: resolutionOffset) }
            }
            return .transferAccepted(transfer)
        case "account_opened":
            let (account, timestamp) = try AccountColumns.decodeOpening(row, at: accountOffset)
            return .accountOpened(account, timestampNanoseconds: timestamp)
        case "account_closed":
            let reader = ColumnReader(row: row, table: "ledger_account_closures", offset: closureOffset)
            return .accountClosed(AccountID(try reader.int64(0)), timestampNanoseconds: try reader.int64(1))
        case "pending_expired":
            let resolution = try ResolutionColumns.decode(row, at: expiryOffset)
            guard resolution.status == .expired, resolution.resolvedByID == nil else {
                throw MalformedRow(table: "ledger_pending_resolutions", column: expiryOffset + 1)
            }
            return .pendingExpired(resolution.pendingID, timestampNanoseconds: resolution.timestampNanoseconds)
        default:
            throw MalformedRow(table: "ledger_journal", column: 1)
        }
    }

    private static func storedState(_ db: Database) throws -> StoredLedgerState {
        let accounts = try Row.fetchAll(db, sql: "SELECT \(AccountColumns.list) FROM ledger_accounts")
            .map(AccountColumns.decode)
        var open: [TransferID: Int64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT transfer_id, deadline FROM ledger_pending_open") {
            let reader = ColumnReader(row: row, table: "ledger_pending_open", offset: 0)
            open[TransferID(try reader.int64(0))] = try reader.int64(1)
        }
        let totals = try Row.fetchAll(db, sql: """
            SELECT network_id, debits_pending_minutes, debits_posted_minutes, credits_pending_minutes, \
            credits_posted_minutes FROM ledger_network_totals
            """).map(TotalsColumns.decode)
        return StoredLedgerState(
            headSequence: try Int64.fetchOne(db, sql: "SELECT MAX(sequence) FROM ledger_journal") ?? 0,
            accounts: accounts,
            transferCount: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ledger_transfers") ?? 0,
            resolutionCount: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ledger_pending_resolutions") ?? 0,
            closureCount: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ledger_account_closures") ?? 0,
            openPendingDeadlinesNanoseconds: open,
            totals: Dictionary(uniqueKeysWithValues: totals))
    }
}
