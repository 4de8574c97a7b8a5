import Ledger
import Logging
import PostgresNIO

/// Writes one commit's changes inside its transaction. As on SQLite, the transfer, resolution,
/// closure and open-pending rows are derived from the journal entries.
///
/// This is the hot path, so a commit's rows go in one prepared statement
/// (`LedgerWriteStatement`): every table's rows as column arrays read by `unnest`, every
/// insert a part of one data-modifying CTE. The parts share a snapshot and cannot see each
/// other's rows, so the open-pending queue is written as the net of the commit: a reservation
/// made and resolved in the same commit is neither queued nor dequeued (SQLite queues then
/// dequeues it; the end state is the same).
enum PostgresChangeWriter {
    static func write(_ changes: LedgerChanges, loaded head: JournalHead, on connection: PostgresConnection, logger: Logger)
        async throws
    {
        var statement = LedgerWriteStatement()
        var opened: [TransferID: Int64] = [:]
        var openedOrder: [TransferID] = []
        var expected = head.sequence + 1
        for entry in changes.journal {
            precondition(entry.sequence == expected, "journal entries chain on the locked head")
            expected += 1
            statement.journal.append([
                .int(entry.sequence), .text(entry.event.kindName), .int(entry.event.entityID),
                .int(entry.event.timestampNanoseconds), .bytes(entry.hash.bytes),
            ])
            func resolve(_ pendingID: TransferID, _ status: PendingStatus, by resolver: TransferID?, at timestamp: Int64) {
                statement.resolutions.append([
                    .int(pendingID.rawValue), .text(status.rawValue), .optionalInt(resolver?.rawValue), .int(timestamp),
                ])
                if opened.removeValue(forKey: pendingID) == nil { statement.dequeued.append(pendingID.rawValue) }
            }
            switch entry.event {
            case .accountOpened:
                break  // the account row is written from `changes.accounts`
            case .accountClosed(let id, let timestamp):
                statement.closures.append([.int(id.rawValue), .int(timestamp)])
            case .transferAccepted(let transfer):
                statement.transfers.append(PGTransferColumns.values(transfer, sequence: entry.sequence))
                if let deadline = transfer.expiresAtNanoseconds {
                    opened[transfer.id] = deadline
                    openedOrder.append(transfer.id)
                }
                if let pendingID = transfer.command.pendingID {
                    let status: PendingStatus = if case .postPending = transfer.command.kind { .posted } else { .voided }
                    resolve(pendingID, status, by: transfer.id, at: transfer.timestampNanoseconds)
                }
            case .pendingExpired(let id, let timestamp):
                resolve(id, .expired, by: nil, at: timestamp)
            }
        }
        for id in openedOrder {
            if let deadline = opened[id] { statement.openPending.append([.int(id.rawValue), .int(deadline)]) }
        }
        for account in changes.accounts { statement.accounts.append(PGAccountColumns.values(account)) }
        for (network, total) in changes.totals.sorted(by: { $0.key < $1.key }) {
            statement.totals.append([
                .int(network.rawValue), .int(total.debitsPendingMinutes), .int(total.debitsPostedMinutes),
                .int(total.creditsPendingMinutes), .int(total.creditsPostedMinutes),
            ])
        }
        for failed in changes.failures {
            statement.failures.append([.int(failed.id.rawValue), .text(failed.code.rawValue), .int(failed.timestampNanoseconds)])
        }
        if let last = changes.journal.last {
            statement.head = (last.sequence, last.hash.bytes, last.event.timestampNanoseconds)
        }
        // One dequeue per resolution, of a row that must be there: a pending transfer resolves
        // once, while open (checked by the count, as SQLite's precondition).
        var deleted = 0
        for try await count in try await connection.execute(statement, logger: logger) { deleted += Int(count) }
        let dequeued = statement.dequeued
        precondition(deleted == dequeued.count && Set(dequeued).count == dequeued.count,
                     "a pending transfer resolves once, while open (\(dequeued.count) resolved, \(deleted) were open)")
    }
}
