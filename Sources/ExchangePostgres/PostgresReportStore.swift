import Dispatch
import Exchange
import Foundation
import Ledger
import Logging
import PostgresNIO
import PostgresSupport

/// Report figures as SQL aggregates on PostgreSQL, read-only, as `SQLiteReportStore`: the
/// exchange tables (schema `exchange`, the pool's `search_path`) and the ledger's, read as
/// `ledger.ledger_transfers` and `ledger.ledger_accounts` exactly as SQLite reads its attached
/// file, live in one database, so one connection reads both in one snapshot. Nothing here writes.
///
/// `ReportSnapshot` is synchronous (SQLite reads on the caller's thread). Here `read` runs the
/// body on a thread of its own inside one REPEATABLE READ transaction, and each of the
/// snapshot's queries runs on that transaction's connection while the body's thread waits for
/// it: every section sees the same committed exchanges, transfers and balances.
public final class PostgresReportStore: ReportStore {
    public let database: PostgresPool
    let logger: Logger
    /// Whether `close` ends the pool (it does when `open` made it).
    private let ownsPool: Bool

    /// Reads through `database` (the exchange store's pool, or another labelled
    /// `peerhours.exchange`); `close` leaves it open.
    public init(database: PostgresPool, logger: Logger = Logger(label: "peerhours.reports")) {
        self.database = database
        self.logger = logger
        ownsPool = false
    }

    private init(ownPool: PostgresPool, logger: Logger) {
        database = ownPool
        self.logger = logger
        ownsPool = true
    }

    /// A pool of its own on `location` (the database of the exchange store and the ledger),
    /// labelled as the exchange store's so that its `search_path` is the exchange schema.
    public static func open(_ location: PostgresLocation, logger: Logger = Logger(label: "peerhours.reports")) -> PostgresReportStore {
        PostgresReportStore(ownPool: PostgresPool(location, label: "peerhours.exchange", logger: logger), logger: logger)
    }

    public func close() {
        if ownsPool { database.close() }
    }

    public func read<T: Sendable>(_ body: @Sendable (any ReportSnapshot) throws -> T) async throws -> T {
        let logger = logger
        return try await withoutActuallyEscaping(body) { body in
            let escaping = UncheckedBody(body)
            return try await database.transaction(isolation: .repeatableRead) { connection in
                // A REPEATABLE READ transaction takes its snapshot at its first statement, not at
                // BEGIN: take it now, before the body asks anything (as SQLite's read starts both
                // files' snapshots at once).
                try await connection.query("SELECT 1", logger: logger)
                return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                    // A thread that may block (not one of Swift's cooperative threads).
                    Thread.detachNewThread {
                        let snapshot = PostgresReportSnapshot(connection: connection, logger: logger)
                        let result = Result { try escaping.run(snapshot) }
                        // Let go of the body before `read` can return: withoutActuallyEscaping
                        // checks that nothing holds it then, and this thread may outlive the resume.
                        escaping.release()
                        continuation.resume(with: result)
                    }
                }
            }
        }
    }

    /// The body, carried to the reading thread; `read` waits for it to return before returning.
    /// A class, so the thread can drop the body (`release`) before it resumes `read`.
    private final class UncheckedBody<T>: @unchecked Sendable {
        private var body: ((any ReportSnapshot) throws -> T)?

        init(_ body: @escaping (any ReportSnapshot) throws -> T) {
            self.body = body
        }

        func run(_ snapshot: any ReportSnapshot) throws -> T {
            try body!(snapshot)
        }

        func release() {
            body = nil
        }
    }

    /// The id of the network with this slug, for the command line (which names networks by slug).
    public func networkID(slug: String) async throws -> NetworkID? {
        let logger = logger
        return try await database.read { connection in
            for try await id in try await connection.query("SELECT id FROM networks WHERE slug = \(slug)", logger: logger)
                .decode(Int64.self)
            {
                return NetworkID(id)
            }
            return nil
        }
    }

    static let nanosecondsPerSecond: Int64 = 1_000_000_000

    /// Posted movements of exchanges and group sessions of network `$1` in `[$2, $3)` (ledger
    /// nanoseconds), with extra `columns` selected from `t` (the transfer).
    static func moves(_ columns: String, joins: String = "") -> String {
        """
        SELECT \(columns)
        FROM ledger.ledger_transfers t \(joins)
        WHERE t.network_id = $1 AND t.kind IN ('single', 'post_pending')
          AND t.code IN ('exchange', 'group_session') AND t.timestamp >= $2 AND t.timestamp < $3
        """
    }

    static let memberAccounts = "SELECT id FROM ledger.ledger_accounts WHERE network_id = $1 AND kind = 'member'"

    /// SQLite's `strftime('%Y-%m', t.timestamp / 1000000000, 'unixepoch')`, in UTC.
    static let month = "to_char(to_timestamp(t.timestamp / 1000000000) AT TIME ZONE 'UTC', 'YYYY-MM')"

    /// Binds: $1 network, $2 start, $3 end (nanoseconds).
    public static let activeSQL = """
        WITH moves AS MATERIALIZED (\(moves("t.debit_account_id AS debit, t.credit_account_id AS credit")))
        SELECT COUNT(*) FROM (SELECT debit AS account FROM moves UNION SELECT credit FROM moves) AS accounts
        WHERE account IN (\(memberAccounts))
        """

    /// The kind of an exchange is its request's, else its offer's first; group sessions are `group_session`.
    public static let hoursSQL = """
        WITH moves AS MATERIALIZED (\(moves("""
            \(month) AS month,
            CASE t.code WHEN 'group_session' THEN 'group_session'
                 ELSE COALESCE(r.kind, o.kinds::jsonb ->> 0, 'unspecified') END AS kind,
            t.debit_account_id AS debit, t.credit_account_id AS credit, t.amount_minutes AS minutes
            """, joins: """
            LEFT JOIN exchanges e ON t.code = 'exchange' AND e.id = t.reference
            LEFT JOIN requests r ON r.id = e.request_id
            LEFT JOIN offers o ON o.id = e.offer_id
            """))),
        sums AS (SELECT month, kind, SUM(minutes)::BIGINT AS minutes, COUNT(*) AS transfers FROM moves GROUP BY month, kind),
        people AS (
            SELECT month, kind, COUNT(DISTINCT account) AS people
            FROM (SELECT month, kind, debit AS account FROM moves UNION ALL SELECT month, kind, credit FROM moves) AS sides
            WHERE account IN (\(memberAccounts)) GROUP BY month, kind)
        SELECT s.month, s.kind, s.minutes, s.transfers, COALESCE(p.people, 0) AS people
        FROM sums s LEFT JOIN people p ON p.month = s.month AND p.kind = s.kind
        """

    /// Credited accounts gave; debited accounts received.
    public static let rolesSQL = """
        WITH moves AS MATERIALIZED (\(moves("""
            \(month) AS month, t.debit_account_id AS debit, t.credit_account_id AS credit
            """))),
        sides AS (
            SELECT month, 'receiver' AS role, debit AS account FROM moves
            UNION ALL SELECT month, 'giver', credit FROM moves),
        member_sides AS MATERIALIZED (SELECT month, role, account FROM sides WHERE account IN (\(memberAccounts)))
        SELECT month, role, COUNT(DISTINCT account) FROM member_sides GROUP BY month, role
        UNION ALL
        SELECT NULL, role, COUNT(DISTINCT account) FROM member_sides GROUP BY role
        """

    /// Posted balance = credits − debits posted; at the floor: available (posted − pending debits)
    /// at or below the lower limit; at the ceiling: posted + pending credits at or above the upper.
    /// Binds: $1 network, then the edges ($2 …).
    public static func balanceSQL(edgeCount: Int) -> String {
        let cases = (0..<edgeCount).map { "WHEN balance < $\($0 + 2) THEN \($0)" }.joined(separator: " ")
        return """
            SELECT CASE \(cases) ELSE \(edgeCount) END AS bucket, COUNT(*),
                   COUNT(*) FILTER (WHERE available <= lower_limit_minutes),
                   COUNT(*) FILTER (WHERE receivable >= upper_limit_minutes)
            FROM (SELECT credits_posted_minutes - debits_posted_minutes AS balance,
                         credits_posted_minutes - debits_posted_minutes - debits_pending_minutes AS available,
                         credits_posted_minutes - debits_posted_minutes + credits_pending_minutes AS receivable,
                         lower_limit_minutes, upper_limit_minutes
                  FROM ledger.ledger_accounts WHERE network_id = $1 AND kind = 'member') AS balances
            GROUP BY bucket
            """
    }

    /// Binds: $1 network, $2 start, $3 end (nanoseconds), $4 start (seconds).
    public static let dormantSQL = """
        WITH moves AS MATERIALIZED (\(moves("t.debit_account_id AS debit, t.credit_account_id AS credit")))
        SELECT COUNT(*) FROM memberships m
        WHERE m.network_id = $1 AND m.status = 'active' AND m.joined_at < $4
          AND m.ledger_account_id NOT IN (SELECT debit FROM moves UNION SELECT credit FROM moves)
        """

    /// Scheduled ends in `[start, min(end, now))`; `scheduled_start` is bounded too (a session lasts
    /// at most 240 minutes). A cross-network exchange counts in both networks.
    /// Binds: $1 network, $2 start, $3 end, $4 now (seconds).
    public static let unconfirmedSQL = """
        WITH overdue AS MATERIALIZED (
            SELECT requester_id, supporter_id, duration_minutes FROM exchanges
            WHERE network_id = $1 AND status = 'accepted'
              AND scheduled_start >= $2 - 14400 AND scheduled_start < $3
              AND scheduled_start + duration_minutes * 60 >= $2
              AND scheduled_start + duration_minutes * 60 < LEAST($3, $4)
            UNION ALL
            SELECT requester_id, supporter_id, duration_minutes FROM exchanges
            WHERE supporter_network_id = $1 AND status = 'accepted'
              AND scheduled_start >= $2 - 14400 AND scheduled_start < $3
              AND scheduled_start + duration_minutes * 60 >= $2
              AND scheduled_start + duration_minutes * 60 < LEAST($3, $4))
        SELECT (SELECT COUNT(*) FROM overdue), (SELECT COALESCE(SUM(duration_minutes), 0)::BIGINT FROM overdue),
               (SELECT COUNT(*) FROM (SELECT requester_id FROM overdue UNION SELECT supporter_id FROM overdue) AS people)
        """

    /// Urgent requests raised in `[$2, $3)` (seconds): who asked (an id, counted, never shown) and
    /// the whole minutes to acknowledgement.
    public static let urgentSQL = """
        SELECT member_id, (acknowledged_at - raised_at) / 60 FROM urgent_requests
        WHERE network_id = $1 AND raised_at >= $2 AND raised_at < $3
        """

    public static let positionsSQL = """
        SELECT a.reference, n.slug, SUM(a.credits_posted_minutes - a.debits_posted_minutes)::BIGINT,
               SUM(a.credits_pending_minutes - a.debits_pending_minutes)::BIGINT, COUNT(*)
        FROM ledger.ledger_accounts a LEFT JOIN networks n ON n.id = a.reference
        WHERE a.network_id = $1 AND a.kind = 'clearing'
        GROUP BY a.reference, n.slug
        """

    /// The members on the other side of every transfer to or from the clearing accounts.
    public static let positionPeopleSQL = """
        WITH clearing AS (SELECT id, reference FROM ledger.ledger_accounts WHERE network_id = $1 AND kind = 'clearing'),
        touches AS (
            SELECT c.reference, t.credit_account_id AS account
            FROM clearing c JOIN ledger.ledger_transfers t ON t.debit_account_id = c.id
            UNION ALL
            SELECT c.reference, t.debit_account_id FROM clearing c JOIN ledger.ledger_transfers t ON t.credit_account_id = c.id)
        SELECT reference, COUNT(DISTINCT account) FROM touches
        WHERE account IN (\(memberAccounts)) GROUP BY reference
        """
}
