import Foundation
import GRDB
import Ledger

/// Writes one commit's changes inside its transaction. Rows for transfers, resolutions,
/// closures and the open-pending queue are derived from the journal entries.
enum SQLiteChangeWriter {
    static func write(_ changes: LedgerChanges, to db: Database) throws {
        let journal = try db.cachedStatement(sql: SQL.journal)
        for entry in changes.journal {
            try journal.execute(arguments: [
                entry.sequence, entry.event.kindName, entry.event.entityID, entry.event.timestamp,
                Data(entry.hash.bytes),
            ])
            try writeRows(of: entry, to: db)
        }
        let account = try db.cachedStatement(sql: SQL.account)
        for changed in changes.accounts {
            try account.execute(arguments: AccountColumns.arguments(changed))
        }
        let totals = try db.cachedStatement(sql: SQL.totals)
        for (network, total) in changes.totals {
            try totals.execute(arguments: [
                network.rawValue, total.debitsPendingMinutes, total.debitsPostedMinutes,
                total.creditsPendingMinutes, total.creditsPostedMinutes,
            ])
        }
        let failure = try db.cachedStatement(sql: SQL.failure)
        for failed in changes.failures {
            try failure.execute(arguments: [failed.id.rawValue, failed.code.rawValue, failed.timestamp])
        }
    }

    private static func writeRows(of entry: JournalEntry, to db: Database) throws {
        switch entry.event {
        case .accountOpened:
            break  // the account row is written from `changes.accounts`
        case .accountClosed(let id, let timestamp):
            try db.cachedStatement(sql: SQL.closure).execute(arguments: [id.rawValue, timestamp])
        case .transferAccepted(let transfer):
            try db.cachedStatement(sql: SQL.transfer).execute(arguments: TransferColumns.arguments(transfer, sequence: entry.sequence))
            if let deadline = transfer.expiresAtTimestamp {
                try db.cachedStatement(sql: SQL.openPending).execute(arguments: [transfer.id.rawValue, deadline])
            }
            if let pendingID = transfer.command.pendingID {
                let status: PendingStatus = if case .postPending = transfer.command.kind { .posted } else { .voided }
                try resolve(pendingID, status: status, by: transfer.id, at: transfer.timestamp, in: db)
            }
        case .pendingExpired(let id, let timestamp):
            try resolve(id, status: .expired, by: nil, at: timestamp, in: db)
        }
    }

    private static func resolve(
        _ pendingID: TransferID, status: PendingStatus, by resolverID: TransferID?, at timestamp: Int64,
        in db: Database
    ) throws {
        try db.cachedStatement(sql: SQL.resolution).execute(arguments: [pendingID.rawValue, status.rawValue, resolverID?.rawValue, timestamp])
        try db.cachedStatement(sql: SQL.closePending).execute(arguments: [pendingID.rawValue])
        precondition(db.changesCount == 1, "a pending transfer resolves once, while open (\(pendingID))")
    }
}

/// The statements' texts, built once: they are hashed for the statement cache on every use.
private enum SQL {
    static let journal = "INSERT INTO ledger_journal (sequence, kind, entity_id, timestamp, hash) VALUES (?, ?, ?, ?, ?)"
    static let account = """
        INSERT INTO ledger_accounts (\(AccountColumns.list)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET closed = excluded.closed,
          debits_pending_minutes = excluded.debits_pending_minutes,
          debits_posted_minutes = excluded.debits_posted_minutes,
          credits_pending_minutes = excluded.credits_pending_minutes,
          credits_posted_minutes = excluded.credits_posted_minutes
        """
    static let totals = """
        INSERT OR REPLACE INTO ledger_network_totals (network_id, debits_pending_minutes, \
        debits_posted_minutes, credits_pending_minutes, credits_posted_minutes) VALUES (?, ?, ?, ?, ?)
        """
    static let failure = "INSERT INTO ledger_failed_transfers (id, result, timestamp) VALUES (?, ?, ?)"
    static let closure = "INSERT INTO ledger_account_closures (account_id, timestamp) VALUES (?, ?)"
    static let transfer = "INSERT INTO ledger_transfers (\(TransferColumns.list)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    static let openPending = "INSERT INTO ledger_pending_open (transfer_id, deadline) VALUES (?, ?)"
    static let resolution = "INSERT INTO ledger_pending_resolutions (pending_id, status, resolved_by_id, timestamp) VALUES (?, ?, ?, ?)"
    static let closePending = "DELETE FROM ledger_pending_open WHERE transfer_id = ?"
}
