import Ledger
import NIOCore
import PostgresNIO

/// Every row one ledger commit writes, in one prepared statement: a data-modifying CTE with a
/// part per table, each inserting its column arrays through `unnest`, then the head row's
/// update and the open-pending rows' deletion; its one row is how many rows were deleted.
/// Empty arrays insert nothing, so one text serves every commit, whatever it holds.
struct LedgerWriteStatement: PostgresPreparedStatement {
    typealias Row = Int64

    var journal = ColumnBatch(Self.journalKinds)
    var transfers = ColumnBatch(PGTransferColumns.kinds)
    var closures = ColumnBatch([.int, .int])
    var openPending = ColumnBatch([.int, .int])
    var resolutions = ColumnBatch(Self.resolutionKinds)
    var accounts = ColumnBatch(PGAccountColumns.kinds)
    var totals = ColumnBatch(Self.totalsKinds)
    var failures = ColumnBatch([.int, .text, .int])
    /// The journal's new head (sequence, hash, timestamp); nil when the commit adds no entry.
    var head: (sequence: Int64, hash: [UInt8], timestamp: Int64)?
    /// Pending transfers resolved in this commit that were opened in an earlier one.
    var dequeued: [Int64] = []

    static let journalKinds: [ColumnBatch.Kind] = [.int, .text, .int, .int, .bytes]
    static let resolutionKinds: [ColumnBatch.Kind] = [.int, .text, .optionalInt, .int]
    static let totalsKinds: [ColumnBatch.Kind] = [.int, .int, .int, .int, .int]

    /// The tables in bind order: each one's insert text and column kinds.
    private static let inserts: [(prefix: String, kinds: [ColumnBatch.Kind], suffix: String)] = [
        ("INSERT INTO ledger_journal (sequence, kind, entity_id, timestamp, hash)", journalKinds, ""),
        ("INSERT INTO ledger_transfers (\(PGTransferColumns.list))", PGTransferColumns.kinds, ""),
        ("INSERT INTO ledger_account_closures (account_id, timestamp)", [.int, .int], ""),
        ("INSERT INTO ledger_pending_open (transfer_id, deadline)", [.int, .int], ""),
        ("INSERT INTO ledger_pending_resolutions (\(PGResolutionColumns.list))", resolutionKinds, ""),
        ("INSERT INTO ledger_accounts (\(PGAccountColumns.list))", PGAccountColumns.kinds, """
             ON CONFLICT (id) DO UPDATE SET closed = excluded.closed,
              debits_pending_minutes = excluded.debits_pending_minutes,
              debits_posted_minutes = excluded.debits_posted_minutes,
              credits_pending_minutes = excluded.credits_pending_minutes,
              credits_posted_minutes = excluded.credits_posted_minutes
            """),
        ("INSERT INTO ledger_network_totals (\(PGTotalsColumns.list))", totalsKinds, """
             ON CONFLICT (network_id) DO UPDATE SET debits_pending_minutes = excluded.debits_pending_minutes,
              debits_posted_minutes = excluded.debits_posted_minutes,
              credits_pending_minutes = excluded.credits_pending_minutes,
              credits_posted_minutes = excluded.credits_posted_minutes
            """),
        ("INSERT INTO ledger_failed_transfers (id, result, timestamp)", [.int, .text, .int], ""),
    ]

    static let sql: String = {
        var parts: [String] = []
        var next = 1
        for (index, insert) in inserts.enumerated() {
            parts.append("p\(index) AS (\(insert.prefix) SELECT * FROM \(ColumnBatch.unnest(insert.kinds, firstBind: next))\(insert.suffix))")
            next += insert.kinds.count
        }
        parts.append("""
            head AS (UPDATE ledger_head SET sequence = $\(next)::BIGINT, hash = $\(next + 1)::BYTEA, \
            timestamp = $\(next + 2)::BIGINT WHERE id = 1 AND $\(next)::BIGINT IS NOT NULL)
            """)
        parts.append("dequeued AS (DELETE FROM ledger_pending_open WHERE transfer_id = ANY($\(next + 3)::BIGINT[]) RETURNING 1)")
        return "WITH " + parts.joined(separator: ",\n") + "\nSELECT count(*)::BIGINT FROM dequeued"
    }()

    static let bindingDataTypes: [PostgresDataType] = {
        var types: [PostgresDataType] = []
        for insert in inserts {
            for kind in insert.kinds {
                switch kind {
                case .int, .optionalInt: types.append(.int8Array)
                case .text: types.append(.textArray)
                case .bytes: types.append(.byteaArray)
                }
            }
        }
        return types + [.int8, .bytea, .int8, .int8Array]
    }()

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: Self.bindingDataTypes.count)
        let batches = [journal, transfers, closures, openPending, resolutions, accounts, totals, failures]
        precondition(batches.map(\.kinds) == Self.inserts.map(\.kinds), "one batch per insert, in order")
        for batch in batches { batch.append(to: &bindings) }
        bindings.append(head?.sequence)
        bindings.append(head.map { ByteBuffer(bytes: $0.hash) })
        bindings.append(head?.timestamp)
        bindings.append(dequeued)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Int64 {
        try row.decode(Int64.self)
    }
}
