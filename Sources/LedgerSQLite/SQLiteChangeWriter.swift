import Foundation
import GRDB
import Ledger
import SQLiteSupport

/// Writes one commit's changes inside its transaction. Rows for transfers, resolutions,
/// closures and the open-pending queue are derived from the journal entries.
enum SQLiteChangeWriter {
    static func write(_ changes: LedgerChanges, to db: Database) throws {
        var journalRows: [[RawValue]] = []
        var transferRows: [[RawValue]] = []
        journalRows.reserveCapacity(changes.journal.count)
        for entry in changes.journal {
            journalRows.append([
                .integer(entry.sequence), .text(entry.event.kindName), .integer(entry.event.entityID),
                .integer(entry.event.timestampNanoseconds), .blob(entry.hash.bytes),
            ])
            if case .transferAccepted(let transfer) = entry.event {
                transferRows.append(TransferColumns.values(transfer, sequence: entry.sequence))
            }
        }
        try SQL.journal.execute(journalRows, in: db)
        try SQL.transfers.execute(transferRows, in: db)
        for entry in changes.journal {
            try writeSideRows(of: entry, to: db)
        }
        try SQL.accounts.execute(changes.accounts.map(AccountColumns.values), in: db)
        for (network, total) in changes.totals {
            try RawStatement(db, sql: SQL.totals).run([
                .integer(network.rawValue), .integer(total.debitsPendingMinutes), .integer(total.debitsPostedMinutes),
                .integer(total.creditsPendingMinutes), .integer(total.creditsPostedMinutes),
            ])
        }
        let failure = try db.cachedStatement(sql: SQL.failure)
        for failed in changes.failures {
            try failure.execute(arguments: [failed.id.rawValue, failed.code.rawValue, failed.timestampNanoseconds])
        }
    }

    /// Closures, the open-pending queue and resolutions, in journal order (a reservation made
    /// and resolved in one commit is queued before it is dequeued).
    private static func writeSideRows(of entry: JournalEntry, to db: Database) throws {
        switch entry.event {
        case .accountOpened:
            break  // the account row is written from `changes.accounts`
        case .accountClosed(let id, let timestamp):
            try db.cachedStatement(sql: SQL.closure).execute(arguments: [id.rawValue, timestamp])
        case .transferAccepted(let transfer):
            if let deadline = transfer.expiresAtNanoseconds {
                try db.cachedStatement(sql: SQL.openPending).execute(arguments: [transfer.id.rawValue, deadline])
            }
            if let pendingID = transfer.command.pendingID {
                let status: PendingStatus = if case .postPending = transfer.command.kind { .posted } else { .voided }
                try resolve(pendingID, status: status, by: transfer.id, at: transfer.timestampNanoseconds, in: db)
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
    static let journal = MultiRowInsert(
        prefix: "INSERT INTO ledger_journal (sequence, kind, entity_id, timestamp, hash) VALUES ", columnCount: 5)
    static let transfers = MultiRowInsert(
        prefix: "INSERT INTO ledger_transfers (\(TransferColumns.list)) VALUES ", columnCount: TransferColumns.count)
    static let accounts = MultiRowInsert(
        prefix: "INSERT INTO ledger_accounts (\(AccountColumns.list)) VALUES ", columnCount: 12,
        suffix: """
             ON CONFLICT (id) DO UPDATE SET closed = excluded.closed,
              debits_pending_minutes = excluded.debits_pending_minutes,
              debits_posted_minutes = excluded.debits_posted_minutes,
              credits_pending_minutes = excluded.credits_pending_minutes,
              credits_posted_minutes = excluded.credits_posted_minutes
            """)
    static let totals = """
        INSERT OR REPLACE INTO ledger_network_totals (network_id, debits_pending_minutes, \
        debits_posted_minutes, credits_pending_minutes, credits_posted_minutes) VALUES (?, ?, ?, ?, ?)
        """
    static let failure = "INSERT INTO ledger_failed_transfers (id, result, timestamp) VALUES (?, ?, ?)"
    static let closure = "INSERT INTO ledger_account_closures (account_id, timestamp) VALUES (?, ?)"
    static let openPending = "INSERT INTO ledger_pending_open (transfer_id, deadline) VALUES (?, ?)"
    static let resolution = "INSERT INTO ledger_pending_resolutions (pending_id, status, resolved_by_id, timestamp) VALUES (?, ?, ?, ?)"
    static let closePending = "DELETE FROM ledger_pending_open WHERE transfer_id = ?"
}
