import Ledger
import Logging
import PostgresNIO

/// Streams the journal, with the row each entry names, through `JournalVerifier`, then hands it
/// the rest of the stored state, as SQLite's verification does (same query, same checks), and
/// checks the head row PostgreSQL keeps besides. Runs on one REPEATABLE READ snapshot.
enum PostgresLedgerVerification {
    static func verify(on connection: PostgresConnection, logger: Logger) async throws -> VerificationReport {
        var verifier = JournalVerifier()
        var last = JournalHead.genesis
        for try await row in try await connection.query(PostgresQuery(unsafeSQL: journalQuery), logger: logger) {
            let cells = row.makeRandomAccess()
            let reader = Cells(row: cells, table: "ledger_journal")
            let journalRow: JournalRow
            do {
                journalRow = JournalRow(
                    sequence: try reader.int64(0), kindName: try reader.string(1),
                    entityID: try reader.int64(2), timestampNanoseconds: try reader.int64(3), hash: try reader.bytes(4))
            } catch {
                throw VerificationFailure(sequence: try? reader.int64(0), "malformed journal row")
            }
            try verifier.consume(journalRow, event: try? event(of: cells, kindName: journalRow.kindName))
            if let hash = JournalHash(bytes: journalRow.hash) {
                last = JournalHead(sequence: journalRow.sequence, hash: hash, timestampNanoseconds: journalRow.timestampNanoseconds)
            }
        }
        let (state, head) = try await storedState(on: connection, logger: logger)
        let report = try verifier.finish(against: state)
        guard head == last else {
            throw VerificationFailure(sequence: nil, "the journal head row differs from the journal's last entry")
        }
        return report
    }

    private static let transferOffset = 5
    private static let accountOffset = transferOffset + PGTransferColumns.count
    private static let closureOffset = accountOffset + 7
    private static let expiryOffset = closureOffset + 2
    private static let resolutionOffset = expiryOffset + 4

    /// Every journal entry with the row it names; for a post or void also the resolution row of
    /// the pending transfer it resolved, which must agree with it.
    private static let journalQuery = """
        SELECT j.sequence, j.kind, j.entity_id, j.timestamp, j.hash,
          \(PGTransferColumns.qualified("t")),
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
    private static func event(of row: PostgresRandomAccessRow, kindName: String) throws -> LedgerEvent {
        switch kindName {
        case "transfer_accepted":
            let entry = try PGTransferColumns.decode(row, at: transferOffset)
            guard entry.sequence == (try Cells(row: row, table: "ledger_journal").int64(0)) else {
                throw MalformedLedgerRow(table: "ledger_transfers", column: transferOffset + 14)
            }
            let transfer = entry.transfer
            if let pendingID = transfer.command.pendingID {
                let resolution = try PGResolutionColumns.decode(row, at: resolutionOffset)
                let status: PendingStatus = if case .postPending = transfer.command.kind { .posted } else { .voided }
                guard resolution == PendingResolution(pendingID: pendingID, status: status,
                                                      resolvedByID: transfer.id, timestampNanoseconds: transfer.timestampNanoseconds)
                else { throw MalformedLedgerRow(table: "ledger_pending_resolutions", column: resolutionOffset) }
            }
            return .transferAccepted(transfer)
        case "account_opened":
            let (account, timestamp) = try PGAccountColumns.decodeOpening(row, at: accountOffset)
            return .accountOpened(account, timestampNanoseconds: timestamp)
        case "account_closed":
            let reader = Cells(row: row, table: "ledger_account_closures", offset: closureOffset)
            return .accountClosed(AccountID(try reader.int64(0)), timestampNanoseconds: try reader.int64(1))
        case "pending_expired":
            let resolution = try PGResolutionColumns.decode(row, at: expiryOffset)
            guard resolution.status == .expired, resolution.resolvedByID == nil else {
                throw MalformedLedgerRow(table: "ledger_pending_resolutions", column: expiryOffset + 1)
            }
            return .pendingExpired(resolution.pendingID, timestampNanoseconds: resolution.timestampNanoseconds)
        default:
            throw MalformedLedgerRow(table: "ledger_journal", column: 1)
        }
    }

    private static func storedState(on connection: PostgresConnection, logger: Logger) async throws
        -> (StoredLedgerState, head: JournalHead)
    {
        let accounts = try await fetchRows("SELECT \(unescaped: PGAccountColumns.list) FROM ledger_accounts",
                                           on: connection, logger: logger).map(PGAccountColumns.decode)
        var open: [TransferID: Int64] = [:]
        for row in try await fetchRows("SELECT transfer_id, deadline FROM ledger_pending_open", on: connection, logger: logger) {
            let reader = Cells(row: row, table: "ledger_pending_open")
            open[TransferID(try reader.int64(0))] = try reader.int64(1)
        }
        let totals = try await fetchRows("SELECT \(unescaped: PGTotalsColumns.list) FROM ledger_network_totals",
                                         on: connection, logger: logger).map(PGTotalsColumns.decode)
        let countsRow = try await fetchRows("""
            SELECT (SELECT COUNT(*) FROM ledger_transfers), (SELECT COUNT(*) FROM ledger_pending_resolutions),
                   (SELECT COUNT(*) FROM ledger_account_closures), (SELECT coalesce(MAX(sequence), 0) FROM ledger_journal)
            """, on: connection, logger: logger)
        guard let counts = countsRow.first else { throw MalformedLedgerRow(table: "ledger_transfers", column: 0) }
        let countReader = Cells(row: counts, table: "ledger_transfers")
        guard let headRow = try await fetchRows("SELECT sequence, hash, timestamp FROM ledger_head WHERE id = 1",
                                                on: connection, logger: logger).first
        else { throw VerificationFailure(sequence: nil, "the journal head row is missing") }
        let head: JournalHead
        do {
            head = try PGHeadColumns.decode(headRow, table: "ledger_head")
        } catch {
            throw VerificationFailure(sequence: nil, "the journal head row is malformed")
        }
        let state = StoredLedgerState(
            headSequence: try countReader.int64(3),
            accounts: accounts,
            transferCount: Int(try countReader.int64(0)),
            resolutionCount: Int(try countReader.int64(1)),
            closureCount: Int(try countReader.int64(2)),
            openPendingDeadlinesNanoseconds: open,
            totals: Dictionary(uniqueKeysWithValues: totals))
        return (state, head)
    }
}
