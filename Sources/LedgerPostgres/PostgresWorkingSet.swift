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

/// Runs a prepared `statement` on `connection` (prepared there on first use, then only bound
/// and executed) and answers its rows.
func fetchRows<Statement: PostgresPreparedStatement>(
    _ statement: Statement, on connection: PostgresConnection, logger: Logger
) async throws -> [PostgresRandomAccessRow] where Statement.Row == PostgresRandomAccessRow {
    var rows: [PostgresRandomAccessRow] = []
    for try await row in try await connection.execute(statement, logger: logger) { rows.append(row) }
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
    /// Locks the head row and sets the transaction's settings (`LockHeadStatement`).
    static func lockHead(on connection: PostgresConnection, logger: Logger) async throws -> JournalHead {
        guard let row = try await fetchRows(LockHeadStatement(), on: connection, logger: logger).first
        else { throw LedgerError.corrupted(VerificationFailure(sequence: nil, "the journal head row is missing")) }
        return try PGHeadColumns.decode(row, table: "ledger_head", at: 2)
    }

    static func load(
        _ keys: WorkingSetKeys, nowNanoseconds: Int64, on connection: PostgresConnection, logger: Logger
    ) async throws -> LedgerWorkingSet {
        var set = LedgerWorkingSet(head: try await lockHead(on: connection, logger: logger))
        // The commit's time, as the state machine takes it: never earlier than the head's.
        let commitTime = max(nowNanoseconds, set.head.timestampNanoseconds)
        let named = try await dueAndNamed(
            keys.transferIDs.union(keys.failureIDs), failureIDs: keys.failureIDs, dueAtOrBefore: commitTime,
            dueMax: keys.dueExpiriesMax, on: connection, logger: logger)
        set.duePending = named.due
        set.failures = named.failures
        var accountIDs = keys.accountIDs
        var pendingIDs = Set<TransferID>()
        for transfer in named.transfers + named.due {
            set.transfers[transfer.id] = transfer
            accountIDs.insert(transfer.debitAccountID)
            accountIDs.insert(transfer.creditAccountID)
            if case .pending = transfer.command.kind { pendingIDs.insert(transfer.id) }
        }
        (set.accounts, set.totals) = try await accountsAndTotals(
            accountIDs, networks: keys.networkIDs, on: connection, logger: logger)
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
        return set
    }

    /// The due expiries (open pending transfers with deadline ≤ `now`, in (deadline, id) order:
    /// the first `dueMax` and every further one sharing the last one's deadline, as SQLite's
    /// query), and the stored transfers among `ids` with the remembered failures among
    /// `failureIDs`: one round trip. Column 0 tells the parts apart.
    static func dueAndNamed(
        _ ids: Set<TransferID>, failureIDs: Set<TransferID>, dueAtOrBefore now: Int64, dueMax: Int,
        on connection: PostgresConnection, logger: Logger
    ) async throws -> (due: [Transfer], transfers: [Transfer], failures: [TransferID: TransferResultCode]) {
        let statement = DueAndNamedStatement(dueMax: Int64(dueMax), now: now, ids: ids.map(\.rawValue))
        var due: [Transfer] = []
        var transfers: [Transfer] = []
        var failures: [TransferID: TransferResultCode] = [:]
        for row in try await fetchRows(statement, on: connection, logger: logger) {
            let reader = Cells(row: row, table: "ledger_failed_transfers")
            if try reader.int64(0) == 0 {
                due.append(try PGTransferColumns.decode(row, at: 4).transfer)
                continue
            }
            let id = TransferID(try reader.int64(1))
            if !reader.isNull(4) { transfers.append(try PGTransferColumns.decode(row, at: 4).transfer) }
            if !reader.isNull(2), failureIDs.contains(id) {
                guard let code = TransferResultCode(rawValue: try reader.string(2)) else { throw reader.malformed(2) }
                failures[id] = code
            }
        }
        return (due, transfers, failures)
    }

    /// The accounts among `ids`, locked in id order (the order every instance takes them in),
    /// and the totals of `networks` and of those accounts' networks: one round trip. Column 0
    /// tells the parts apart; a totals row carries its five numbers in columns 1, 2, 4, 5, 6.
    static func accountsAndTotals(
        _ ids: Set<AccountID>, networks: Set<NetworkID>, on connection: PostgresConnection, logger: Logger
    ) async throws -> ([AccountID: Account], [NetworkID: NetworkTotals]) {
        guard !ids.isEmpty || !networks.isEmpty else { return ([:], [:]) }
        let statement = AccountsAndTotalsStatement(ids: ids.map(\.rawValue), networks: networks.map(\.rawValue))
        var accounts: [AccountID: Account] = [:]
        var totals: [NetworkID: NetworkTotals] = [:]
        for row in try await fetchRows(statement, on: connection, logger: logger) {
            let reader = Cells(row: row, table: "ledger_network_totals")
            if try reader.int64(0) == 0 {
                let account = try PGAccountColumns.decode(row, at: 1)
                accounts[account.id] = account
            } else {
                totals[NetworkID(try reader.int64(1))] = NetworkTotals(
                    debitsPendingMinutes: try reader.int64(2), debitsPostedMinutes: try reader.int64(4),
                    creditsPendingMinutes: try reader.int64(5), creditsPostedMinutes: try reader.int64(6))
            }
        }
        return (accounts, totals)
    }
}
