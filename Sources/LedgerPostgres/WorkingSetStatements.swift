import PostgresNIO

// The statements every commit runs, prepared: each connection parses them once, then only
// binds and runs them.

/// Locks the head row and, for this transaction, sets `synchronous_commit = on` (an
/// acknowledged commit is flushed to the server's WAL whatever the server's default) and
/// `plan_cache_mode = force_custom_plan`, in one round trip.
///
/// Custom plans because a prepared statement's generic plan is made once, from the table
/// sizes of its sixth run: on a new ledger that plan read the named transfers with a sequential
/// scan, and kept doing so as the table grew (2 ms a commit at 20,000 transfers, growing). A
/// custom plan sees the arrays and tables as they are. The head row's own lookup is planned
/// before the setting applies; a one-row table has no better plan to miss.
struct LockHeadStatement: PostgresPreparedStatement {
    typealias Row = PostgresRandomAccessRow

    static let sql = """
        SELECT set_config('synchronous_commit', 'on', true), set_config('plan_cache_mode', 'force_custom_plan', true), \
        sequence, hash, timestamp FROM ledger_head WHERE id = 1 FOR UPDATE
        """
    static let bindingDataTypes: [PostgresDataType] = []

    func makeBindings() throws -> PostgresBindings { PostgresBindings() }

    func decodeRow(_ row: PostgresRow) throws -> PostgresRandomAccessRow { row.makeRandomAccess() }
}

/// The due expiries (open pending transfers with deadline ≤ `now`, in (deadline, id) order:
/// the first `dueMax` and every further one sharing the last one's deadline, as SQLite's
/// query), then the transfers named by `ids`, each with its remembered failure. Column 0 tells
/// the parts apart (0 due, 1 named); 1 is the named id, 2 its failure, 3 the deadline, and the
/// transfer's columns follow from 4.
struct DueAndNamedStatement: PostgresPreparedStatement {
    typealias Row = PostgresRandomAccessRow

    let dueMax: Int64
    let now: Int64
    let ids: [Int64]

    static let sql = """
        SELECT 0 AS part, NULL::BIGINT AS wanted, NULL::TEXT AS result, o.deadline,
          \(PGTransferColumns.qualified("t"))
        FROM ledger_pending_open o JOIN ledger_transfers t ON t.id = o.transfer_id
        WHERE $1 > 0 AND o.deadline <= $2 AND o.deadline <= coalesce((
            SELECT deadline FROM ledger_pending_open WHERE deadline <= $2
            ORDER BY deadline, transfer_id LIMIT 1 OFFSET greatest($1 - 1, 0)), $2)
        UNION ALL
        SELECT 1, w.id, f.result, NULL::BIGINT, \(PGTransferColumns.qualified("t"))
        FROM unnest($3::BIGINT[]) AS w(id)
        LEFT JOIN ledger_transfers t ON t.id = w.id
        LEFT JOIN ledger_failed_transfers f ON f.id = w.id
        ORDER BY 1, 4, 5
        """
    static let bindingDataTypes: [PostgresDataType] = [.int8, .int8, .int8Array]

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 3)
        bindings.append(dueMax)
        bindings.append(now)
        bindings.append(ids)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> PostgresRandomAccessRow { row.makeRandomAccess() }
}

/// The accounts among `ids`, locked in id order (the order every instance takes them in), and
/// the totals of `networks` and of those accounts' networks. Column 0 tells the parts apart (0
/// account, 1 totals); a totals row carries its five numbers in columns 1, 2, 4, 5, 6.
struct AccountsAndTotalsStatement: PostgresPreparedStatement {
    typealias Row = PostgresRandomAccessRow

    let ids: [Int64]
    let networks: [Int64]

    static let sql = """
        WITH locked AS (
          SELECT \(PGAccountColumns.list) FROM ledger_accounts
          WHERE id = ANY($1::BIGINT[]) ORDER BY id FOR UPDATE)
        SELECT 0 AS part, \(PGAccountColumns.list) FROM locked
        UNION ALL
        SELECT 1, network_id, debits_pending_minutes, NULL::TEXT, debits_posted_minutes, credits_pending_minutes,
          credits_posted_minutes, NULL::BIGINT, NULL::BIGINT, NULL::BIGINT, NULL::BIGINT, NULL::BIGINT, NULL::BIGINT
        FROM ledger_network_totals
        WHERE network_id = ANY($2::BIGINT[]) OR network_id IN (SELECT network_id FROM locked)
        """
    static let bindingDataTypes: [PostgresDataType] = [.int8Array, .int8Array]

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(ids)
        bindings.append(networks)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> PostgresRandomAccessRow { row.makeRandomAccess() }
}
