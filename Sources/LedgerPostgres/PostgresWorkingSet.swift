import Ledger
import Logging
import PostgresNIO

/// Runs `query` on `connection` and answers its rows, each ready for reading by position.
func fetchRows(_ query: PostgresQuery, on connection: PostgresConnection, logger: Logger) async throws
    -> [PostgresRandomAccessRow]
{
    var rows: [PostgresRandomAccessRow] = []
    for try await row in try await connection.query(query, logger: logger) { rows.append(row.makeRandomAccess()) }
    return rows
}

/// The working-set reads of one commit, inside its transaction, in `WorkingSetLoader`'s order
/// (the loader's source protocol is synchronous; PostgresNIO is not, so the same reads are
/// staged here): the head row first, locked, then the due expiries, the named transfers and
/// failures, the accounts (locked, in id order), resolutions, reversed minutes and totals.
///
/// Every commit takes the head lock before anything else, so under READ COMMITTED each
/// statement after it sees every commit that came before in the chain: no stale read, no lost
/// update, whichever instance commits.
enum PostgresWorkingSet {
    /// Locks the head row and sets `synchronous_commit = on` for this transaction (an
    /// acknowledged commit is flushed to the server's WAL whatever the server's default), in
    /// one round trip.
    static let lockHeadSQL = """
        SELECT set_config('synchronous_commit', 'on', true), sequence, hash, timestamp \
        FROM ledger_head WHERE id = 1 FOR UPDATE
        """

    static func lockHead(on connection: PostgresConnection, logger: Logger) async throws -> JournalHead {
        guard let row = try await fetchRows(PostgresQuery(unsafeSQL: lockHeadSQL), on: connection, logger: logger).first
        else { throw LedgerError.corrupted(VerificationFailure(sequence: nil, "the journal head row is missing")) }
        return try PGHeadColumns.decode(row, table: "ledger_head", at: 1)
    }

    static func load(
        _ keys: WorkingSetKeys, nowNanoseconds: Int64, on connection: PostgresConnection, logger: Logger
    ) async throws -> LedgerWorkingSet {
        var set = LedgerWorkingSet(head: try await lockHead(on: connection, logger: logger))
        // The commit's time, as the state machine takes it: never earlier than the head's.
        let commitTime = max(nowNanoseconds, set.head.timestampNanoseconds)
        let due = keys.dueExpiriesMax > 0
            ? try await duePending(atOrBefore: commitTime, limit: keys.dueExpiriesMax, on: connection, logger: logger)
            : []
        set.duePending = due
        var accountIDs = keys.accountIDs
        var pendingIDs = Set<TransferID>()
        let (transfers, failures) = try await transfersAndFailures(
            keys.transferIDs.union(keys.failureIDs), failureIDs: keys.failureIDs, on: connection, logger: logger)
        set.failures = failures
        for transfer in transfers + due {
            set.transfers[transfer.id] = transfer
            accountIDs.insert(transfer.debitAccountID)
            accountIDs.insert(transfer.creditAccountID)
            if case .pending = transfer.command.kind { pendingIDs.insert(transfer.id) }
        }
        var networks = keys.networkIDs
        if !accountIDs.isEmpty {
            // Locked in id order: the order every instance takes them in.
            let query: PostgresQuery = """
                SELECT \(unescaped: PGAccountColumns.list) FROM ledger_accounts WHERE id = ANY(\(accountIDs.map(\.rawValue)))
                ORDER BY id FOR UPDATE
                """
            for row in try await fetchRows(query, on: connection, logger: logger) {
                let account = try PGAccountColumns.decode(row)
                set.accounts[account.id] = account
                networks.insert(account.networkID)
            }
        }
        if !pendingIDs.isEmpty {
            let query: PostgresQuery = """
                SELECT \(unescaped: PGResolutionColumns.list) FROM ledger_pending_resolutions
                WHERE pending_id = ANY(\(pendingIDs.map(\.rawValue)))
                """
            for row in try await fetchRows(query, on: connection, logger: logger) {
                let resolution = try PGResolutionColumns.decode(row)
                set.resolutions[resolution.pendingID] = resolution
            }
        }
        if !keys.reversalTargetIDs.isEmpty {
            let query: PostgresQuery = """
                SELECT reverses_id, SUM(amount_minutes)::BIGINT FROM ledger_transfers
                WHERE reverses_id = ANY(\(keys.reversalTargetIDs.map(\.rawValue))) GROUP BY reverses_id
                """
            for row in try await fetchRows(query, on: connection, logger: logger) {
                let reader = Cells(row: row, table: "ledger_transfers")
                set.reversedMinutes[TransferID(try reader.int64(0))] = try reader.int64(1)
            }
        }
        if !networks.isEmpty {
            let query: PostgresQuery = """
                SELECT \(unescaped: PGTotalsColumns.list) FROM ledger_network_totals
                WHERE network_id = ANY(\(networks.map(\.rawValue))) ORDER BY network_id FOR UPDATE
                """
            for row in try await fetchRows(query, on: connection, logger: logger) {
                let (network, totals) = try PGTotalsColumns.decode(row)
                set.totals[network] = totals
            }
        }
        return set
    }

    /// Open pending transfers with deadline ≤ `now`, in (deadline, id) order: the first `limit`
    /// and every further one sharing the last one's deadline (as SQLite's query).
    static func duePending(
        atOrBefore now: Int64, limit: Int, on connection: PostgresConnection, logger: Logger
    ) async throws -> [Transfer] {
        let query: PostgresQuery = """
            SELECT \(unescaped: PGTransferColumns.qualified("t")) FROM ledger_pending_open o
            JOIN ledger_transfers t ON t.id = o.transfer_id
            WHERE o.deadline <= \(now) AND o.deadline <= coalesce((
                SELECT deadline FROM ledger_pending_open WHERE deadline <= \(now)
                ORDER BY deadline, transfer_id LIMIT 1 OFFSET \(Int64(limit - 1))), \(now))
            ORDER BY o.deadline, o.transfer_id
            """
        return try await fetchRows(query, on: connection, logger: logger).map { try PGTransferColumns.decode($0).transfer }
    }

    /// The stored transfers among `ids`, and the remembered failures among `failureIDs`: one query.
    static func transfersAndFailures(
        _ ids: Set<TransferID>, failureIDs: Set<TransferID>, on connection: PostgresConnection, logger: Logger
    ) async throws -> (transfers: [Transfer], failures: [TransferID: TransferResultCode]) {
        guard !ids.isEmpty else { return ([], [:]) }
        let query: PostgresQuery = """
            SELECT w.id, f.result, \(unescaped: PGTransferColumns.qualified("t"))
            FROM unnest(\(ids.map(\.rawValue))::BIGINT[]) AS w(id)
            LEFT JOIN ledger_transfers t ON t.id = w.id
            LEFT JOIN ledger_failed_transfers f ON f.id = w.id
            """
        var transfers: [Transfer] = []
        var failures: [TransferID: TransferResultCode] = [:]
        for row in try await fetchRows(query, on: connection, logger: logger) {
            let reader = Cells(row: row, table: "ledger_failed_transfers")
            let id = TransferID(try reader.int64(0))
            if !reader.isNull(2) { transfers.append(try PGTransferColumns.decode(row, at: 2).transfer) }
            if !reader.isNull(1), failureIDs.contains(id) {
                guard let code = TransferResultCode(rawValue: try reader.string(1)) else { throw reader.malformed(1) }
                failures[id] = code
            }
        }
        return (transfers, failures)
    }
}
