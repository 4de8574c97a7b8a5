import Ledger
import Logging
import PostgresNIO

/// Writes one commit's changes inside its transaction. As on SQLite, the transfer, resolution,
/// closure and open-pending rows are derived from the journal entries.
///
/// This is the hot path, so the rows go as batched multi-row statements, and the statements
/// as data-modifying CTEs of as few queries as the bind limit allows (one for a usual batch):
/// `WITH p0 AS (INSERT …), p1 AS (INSERT …), … SELECT …`. The parts of one query share a
/// snapshot and cannot see each other's rows, so the open-pending queue is written as the net
/// of the commit: a reservation made and resolved in the same commit is neither queued nor
/// dequeued (SQLite queues then dequeues it; the end state is the same).
enum PostgresChangeWriter {
    static func write(_ changes: LedgerChanges, loaded head: JournalHead, on connection: PostgresConnection, logger: Logger)
        async throws
    {
        var parts: [Part] = []
        var journalRows: [[BindValue]] = []
        var transferRows: [[BindValue]] = []
        var closureRows: [[BindValue]] = []
        var resolutionRows: [[BindValue]] = []
        var opened: [TransferID: Int64] = [:]
        var openedOrder: [TransferID] = []
        var dequeued: [Int64] = []
        journalRows.reserveCapacity(changes.journal.count)
        transferRows.reserveCapacity(changes.journal.count)
        var expected = head.sequence + 1
        for entry in changes.journal {
            precondition(entry.sequence == expected, "journal entries chain on the locked head")
            expected += 1
            journalRows.append([
                .int(entry.sequence), .text(entry.event.kindName), .int(entry.event.entityID),
                .int(entry.event.timestampNanoseconds), .bytes(entry.hash.bytes),
            ])
            func resolve(_ pendingID: TransferID, _ status: PendingStatus, by resolver: TransferID?, at timestamp: Int64) {
                resolutionRows.append([.int(pendingID.rawValue), .text(status.rawValue), .optionalInt(resolver?.rawValue), .int(timestamp)])
                if opened.removeValue(forKey: pendingID) == nil { dequeued.append(pendingID.rawValue) }
            }
            switch entry.event {
            case .accountOpened:
                break  // the account row is written from `changes.accounts`
            case .accountClosed(let id, let timestamp):
                closureRows.append([.int(id.rawValue), .int(timestamp)])
            case .transferAccepted(let transfer):
                transferRows.append(PGTransferColumns.values(transfer, sequence: entry.sequence))
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
        parts += Part.inserts(SQL.journal, journalRows)
        parts += Part.inserts(SQL.transfers, transferRows)
        parts += Part.inserts(SQL.closures, closureRows)
        parts += Part.inserts(SQL.openPending, openedOrder.compactMap { id in
            opened[id].map { [.int(id.rawValue), .int($0)] }
        })
        parts += Part.inserts(SQL.resolutions, resolutionRows)
        parts += Part.inserts(SQL.accounts, changes.accounts.map(PGAccountColumns.values))
        parts += Part.inserts(SQL.totals, changes.totals.sorted { $0.key < $1.key }.map { network, total in
            [.int(network.rawValue), .int(total.debitsPendingMinutes), .int(total.debitsPostedMinutes),
             .int(total.creditsPendingMinutes), .int(total.creditsPostedMinutes)]
        })
        parts += Part.inserts(SQL.failures, changes.failures.map { failed in
            [.int(failed.id.rawValue), .text(failed.code.rawValue), .int(failed.timestampNanoseconds)]
        })
        if let last = changes.journal.last {
            parts.append(Part(sql: "UPDATE ledger_head SET sequence = $, hash = $, timestamp = $ WHERE id = 1",
                              values: [.int(last.sequence), .bytes(last.hash.bytes), .int(last.event.timestampNanoseconds)]))
        }
        var deletion: Part?
        if !dequeued.isEmpty {
            // One dequeue per resolution, of a row that must be there: a pending transfer
            // resolves once, while open (checked by the count below, as SQLite's precondition).
            deletion = Part(sql: "DELETE FROM ledger_pending_open WHERE transfer_id = ANY($::BIGINT[]) RETURNING 1",
                            values: [], arrayValue: dequeued)
        }
        let deleted = try await run(parts, deletion: deletion, on: connection, logger: logger)
        precondition(deleted == dequeued.count && Set(dequeued).count == dequeued.count,
                     "a pending transfer resolves once, while open (\(dequeued.count) resolved, \(deleted) were open)")
    }

    /// Packs `parts` into as few `WITH … SELECT` queries as the bind limit allows; the deletion,
    /// if any, goes in the last one, whose result is its row count.
    private static func run(_ parts: [Part], deletion: Part?, on connection: PostgresConnection, logger: Logger)
        async throws -> Int
    {
        var groups: [[Part]] = [[]]
        var binds = 0
        for part in parts {
            if binds + part.bindCount > bindsPerQueryMax, !groups[groups.count - 1].isEmpty {
                groups.append([])
                binds = 0
            }
            groups[groups.count - 1].append(part)
            binds += part.bindCount
        }
        var deleted = 0
        for (index, group) in groups.enumerated() {
            let isLast = index == groups.count - 1
            var members = group
            if isLast, let deletion { members.append(deletion) }
            guard !members.isEmpty else { continue }
            var sql = "WITH "
            var bindings = PostgresBindings(capacity: members.reduce(0) { $0 + $1.bindCount })
            var next = 1
            for (position, part) in members.enumerated() {
                if position > 0 { sql += ", " }
                sql += "p\(position) AS (" + part.render(&next, &bindings) + ")"
            }
            if isLast, deletion != nil {
                sql += " SELECT count(*)::BIGINT FROM p\(members.count - 1)"
            } else {
                sql += " SELECT 0::BIGINT"
            }
            for row in try await fetchRows(PostgresQuery(unsafeSQL: sql, binds: bindings), on: connection, logger: logger) {
                deleted += Int(try Cells(row: row, table: "ledger_pending_open").int64(0))
            }
        }
        return deleted
    }

    static let bindsPerQueryMax = 60_000

    /// One statement of a query: SQL text with `$` where each bind goes, in order.
    struct Part {
        var sql: String
        var values: [BindValue]
        var arrayValue: [Int64]?

        var bindCount: Int { values.count + (arrayValue == nil ? 0 : 1) }

        func render(_ next: inout Int, _ bindings: inout PostgresBindings) -> String {
            // Split on the UTF-8 bytes of `$` (ASCII): the texts are long and this runs per commit.
            let segments = sql.utf8.split(separator: UInt8(ascii: "$"), omittingEmptySubsequences: false)
            var out = ""
            out.reserveCapacity(sql.utf8.count + segments.count * 6)
            for (index, segment) in segments.enumerated() {
                if index > 0 {
                    out += "$"
                    out += String(next)
                    next += 1
                    if index - 1 < values.count {
                        values[index - 1].append(to: &bindings)
                    } else if let arrayValue {
                        bindings.append(arrayValue)
                    }
                }
                out += Substring(segment)
            }
            return out
        }

        /// Multi-row INSERTs of `rows`, a part for every `rowsMax(columns)` rows.
        static func inserts(_ insert: Insert, _ rows: [[BindValue]]) -> [Part] {
            guard !rows.isEmpty else { return [] }
            let rowsMax = max(1, partBindsMax / insert.columnCount)
            let row = "(" + Array(repeating: "$", count: insert.columnCount).joined(separator: ",") + ")"
            var parts: [Part] = []
            var start = 0
            while start < rows.count {
                let end = min(start + rowsMax, rows.count)
                var values: [BindValue] = []
                values.reserveCapacity((end - start) * insert.columnCount)
                for row in rows[start..<end] {
                    precondition(row.count == insert.columnCount, "a row has one value per column")
                    values += row
                }
                let sql = insert.prefix + Array(repeating: row, count: end - start).joined(separator: ",") + insert.suffix
                parts.append(Part(sql: sql, values: values))
                start = end
            }
            return parts
        }

        static let partBindsMax = 30_000
    }

    struct Insert {
        var prefix: String
        var columnCount: Int
        var suffix: String = ""
    }

    /// The statements' texts (the table and column names only; values are always binds).
    enum SQL {
        static let journal = Insert(
            prefix: "INSERT INTO ledger_journal (sequence, kind, entity_id, timestamp, hash) VALUES ", columnCount: 5)
        static let transfers = Insert(
            prefix: "INSERT INTO ledger_transfers (\(PGTransferColumns.list)) VALUES ", columnCount: PGTransferColumns.count)
        static let closures = Insert(prefix: "INSERT INTO ledger_account_closures (account_id, timestamp) VALUES ", columnCount: 2)
        static let openPending = Insert(prefix: "INSERT INTO ledger_pending_open (transfer_id, deadline) VALUES ", columnCount: 2)
        static let resolutions = Insert(
            prefix: "INSERT INTO ledger_pending_resolutions (pending_id, status, resolved_by_id, timestamp) VALUES ",
            columnCount: 4)
        static let accounts = Insert(
            prefix: "INSERT INTO ledger_accounts (\(PGAccountColumns.list)) VALUES ", columnCount: PGAccountColumns.count,
            suffix: """
                 ON CONFLICT (id) DO UPDATE SET closed = excluded.closed,
                  debits_pending_minutes = excluded.debits_pending_minutes,
                  debits_posted_minutes = excluded.debits_posted_minutes,
                  credits_pending_minutes = excluded.credits_pending_minutes,
                  credits_posted_minutes = excluded.credits_posted_minutes
                """)
        static let totals = Insert(
            prefix: "INSERT INTO ledger_network_totals (\(PGTotalsColumns.list)) VALUES ", columnCount: 5,
            suffix: """
                 ON CONFLICT (network_id) DO UPDATE SET debits_pending_minutes = excluded.debits_pending_minutes,
                  debits_posted_minutes = excluded.debits_posted_minutes,
                  credits_pending_minutes = excluded.credits_pending_minutes,
                  credits_posted_minutes = excluded.credits_posted_minutes
                """)
        static let failures = Insert(prefix: "INSERT INTO ledger_failed_transfers (id, result, timestamp) VALUES ", columnCount: 3)
    }
}
