import Exchange
import Foundation
import GRDB
import Ledger

/// Report figures as SQL aggregates, read-only: `exchange.sqlite` opened read-only with the
/// ledger's `ledger.sqlite` attached (as `ledger`) on the same read-only connections. Nothing here
/// can write either file; the ledger is written by its own writer only.
public final class SQLiteReportStore: ReportStore {
    let pool: DatabasePool

    /// Opens the two files of a data directory; both must exist (`peerhours serve` creates them).
    public static func open(directory: String, readersMax: Int = 2) throws -> SQLiteReportStore {
        let exchangePath = (directory as NSString).appendingPathComponent(SQLiteExchangeStore.fileName)
        let ledgerPath = (directory as NSString).appendingPathComponent("ledger.sqlite")
        for path in [exchangePath, ledgerPath] where !FileManager.default.fileExists(atPath: path) {
            throw MissingDataFile(path: path)
        }
        return try SQLiteReportStore(exchangePath: exchangePath, ledgerPath: ledgerPath, readersMax: readersMax)
    }

    public struct MissingDataFile: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "no \(path): is this a PeerHours data directory?" }
    }

    /// The two files by path (tests; `open(directory:)` otherwise).
    public init(exchangePath: String, ledgerPath: String, readersMax: Int = 2) throws {
        var configuration = Configuration()
        configuration.label = "peerhours.reports"
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        configuration.maximumReaderCount = readersMax
        configuration.prepareDatabase { db in
            // An attached database is opened with the main connection's flags: read-only here.
            try db.execute(sql: "ATTACH DATABASE ? AS ledger", arguments: [ledgerPath])
        }
        pool = try DatabasePool(path: exchangePath, configuration: configuration)
    }

    /// One read transaction for `body` (`SQLiteReportSnapshot`): every section it reads agrees.
    /// SQLite starts a file's snapshot at the transaction's first read of that file, so the first
    /// statement reads both: the two snapshots start together, not at whichever section first
    /// touches each file.
    public func read<T: Sendable>(_ body: @Sendable (any ReportSnapshot) throws -> T) async throws -> T {
        try await pool.read { db in
            _ = try Int.fetchOne(db.cachedStatement(sql: Self.startBothSnapshotsSQL))
            return try body(SQLiteReportSnapshot(db: db))
        }
    }

    static let startBothSnapshotsSQL =
        "SELECT (SELECT COUNT(*) FROM main.sqlite_schema) + (SELECT COUNT(*) FROM ledger.sqlite_schema)"

    static let nanosecondsPerSecond: Int64 = 1_000_000_000

    /// The id of the network with this slug, for the command line (which names networks by slug).
    public func networkID(slug: String) async throws -> NetworkID? {
        try await pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT id FROM networks WHERE slug = ?", arguments: [slug]).map { NetworkID($0) }
        }
    }

    /// Posted movements of exchanges and group sessions of network `:network` in `[:start, :end)`
    /// (ledger nanoseconds), with extra `columns` selected from `t` (the transfer).
    static func moves(_ columns: String, joins: String = "") -> String {
        """
        SELECT \(columns)
        FROM ledger.ledger_transfers t \(joins)
        WHERE t.network_id = :network AND t.kind IN ('single', 'post_pending')
          AND t.code IN ('exchange', 'group_session') AND t.timestamp >= :start AND t.timestamp < :end
        """
    }

    static let memberAccounts = "SELECT id FROM ledger.ledger_accounts WHERE network_id = :network AND kind = 'member'"

    static func arguments(_ networkID: NetworkID, _ startSeconds: Int64, _ endSeconds: Int64) -> StatementArguments {
        [
            "network": networkID.rawValue, "start": startSeconds * nanosecondsPerSecond,
            "end": endSeconds * nanosecondsPerSecond,
        ]
    }

    public static let activeSQL = """
        WITH moves AS MATERIALIZED (\(moves("t.debit_account_id AS debit, t.credit_account_id AS credit")))
        SELECT COUNT(*) FROM (SELECT debit AS account FROM moves UNION SELECT credit FROM moves)
        WHERE account IN (\(memberAccounts))
        """

    /// The kind of an exchange is its request's, else its offer's first; group sessions are `group_session`.
    public static let hoursSQL = """
        WITH moves AS MATERIALIZED (\(moves("""
            strftime('%Y-%m', t.timestamp / 1000000000, 'unixepoch') AS month,
            CASE t.code WHEN 'group_session' THEN 'group_session'
                 ELSE COALESCE(r.kind, json_extract(o.kinds, '$[0]'), 'unspecified') END AS kind,
            t.debit_account_id AS debit, t.credit_account_id AS credit, t.amount_minutes AS minutes
            """, joins: """
            LEFT JOIN exchanges e ON t.code = 'exchange' AND e.id = t.reference
            LEFT JOIN requests r ON r.id = e.request_id
            LEFT JOIN offers o ON o.id = e.offer_id
            """))),
        sums AS (SELECT month, kind, SUM(minutes) AS minutes, COUNT(*) AS transfers FROM moves GROUP BY month, kind),
        people AS (
            SELECT month, kind, COUNT(DISTINCT account) AS people
            FROM (SELECT month, kind, debit AS account FROM moves UNION ALL SELECT month, kind, credit FROM moves)
            WHERE account IN (\(memberAccounts)) GROUP BY month, kind)
        SELECT s.month, s.kind, s.minutes, s.transfers, COALESCE(p.people, 0)
        FROM sums s LEFT JOIN people p ON p.month = s.month AND p.kind = s.kind
        """

    /// Credited accounts gave; debited accounts received.
    public static let rolesSQL = """
        WITH moves AS MATERIALIZED (\(moves("""
            strftime('%Y-%m', t.timestamp / 1000000000, 'unixepoch') AS month,
            t.debit_account_id AS debit, t.credit_account_id AS credit
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
    public static func balanceSQL(edgesMinutes: [Int64]) -> String {
        let cases = edgesMinutes.enumerated().map { "WHEN balance < \($0.element) THEN \($0.offset)" }.joined(separator: " ")
        return """
            SELECT CASE \(cases) ELSE \(edgesMinutes.count) END AS bucket, COUNT(*),
                   SUM(available <= lower_limit_minutes), SUM(receivable >= upper_limit_minutes)
            FROM (SELECT credits_posted_minutes - debits_posted_minutes AS balance,
                         credits_posted_minutes - debits_posted_minutes - debits_pending_minutes AS available,
                         credits_posted_minutes - debits_posted_minutes + credits_pending_minutes AS receivable,
                         lower_limit_minutes, upper_limit_minutes
                  FROM ledger.ledger_accounts WHERE network_id = :network AND kind = 'member')
            GROUP BY bucket
            """
    }

    public static let dormantSQL = """
        WITH moves AS MATERIALIZED (\(moves("t.debit_account_id AS debit, t.credit_account_id AS credit")))
        SELECT COUNT(*) FROM memberships m
        WHERE m.network_id = :network AND m.status = 'active' AND m.joined_at < :startSeconds
          AND m.ledger_account_id NOT IN (SELECT debit FROM moves UNION SELECT credit FROM moves)
        """

    /// Scheduled ends in `[start, min(end, now))`; `scheduled_start` is bounded too (a session lasts
    /// at most 240 minutes) so that the index on (network_id, status, scheduled_start) narrows it.
    /// A cross-network exchange counts in both networks (the requester's, `network_id`, and the
    /// supporter's, `supporter_network_id`).
    public static let unconfirmedSQL = """
        WITH overdue AS MATERIALIZED (
            SELECT requester_id, supporter_id, duration_minutes FROM exchanges
            WHERE network_id = :network AND status = 'accepted'
              AND scheduled_start >= :start - 14400 AND scheduled_start < :end
              AND scheduled_start + duration_minutes * 60 >= :start
              AND scheduled_start + duration_minutes * 60 < MIN(:end, :now)
            UNION ALL
            SELECT requester_id, supporter_id, duration_minutes FROM exchanges
            WHERE supporter_network_id = :network AND status = 'accepted'
              AND scheduled_start >= :start - 14400 AND scheduled_start < :end
              AND scheduled_start + duration_minutes * 60 >= :start
              AND scheduled_start + duration_minutes * 60 < MIN(:end, :now))
        SELECT (SELECT COUNT(*) FROM overdue), (SELECT COALESCE(SUM(duration_minutes), 0) FROM overdue),
               (SELECT COUNT(*) FROM (SELECT requester_id FROM overdue UNION SELECT supporter_id FROM overdue))
        """

    /// Urgent requests raised in `[start, end)` (seconds): who asked (an id, counted, never
    /// shown) and the whole minutes to acknowledgement. At most one open request per member and
    /// network bounds the rows by the period's members and days.
    public static let urgentSQL = """
        SELECT member_id, (acknowledged_at - raised_at) / 60 FROM urgent_requests
        WHERE network_id = :network AND raised_at >= :start AND raised_at < :end
        """

    public static let positionsSQL = """
        SELECT a.reference, n.slug, SUM(a.credits_posted_minutes - a.debits_posted_minutes),
               SUM(a.credits_pending_minutes - a.debits_pending_minutes), COUNT(*)
        FROM ledger.ledger_accounts a LEFT JOIN networks n ON n.id = a.reference
        WHERE a.network_id = :network AND a.kind = 'clearing'
        GROUP BY a.reference
        """

    /// The members on the other side of every transfer to or from the clearing accounts.
    public static let positionPeopleSQL = """
        WITH clearing AS (SELECT id, reference FROM ledger.ledger_accounts WHERE network_id = :network AND kind = 'clearing'),
        touches AS (
            SELECT c.reference, t.credit_account_id AS account
            FROM clearing c JOIN ledger.ledger_transfers t ON t.debit_account_id = c.id
            UNION ALL
            SELECT c.reference, t.debit_account_id FROM clearing c JOIN ledger.ledger_transfers t ON t.credit_account_id = c.id)
        SELECT reference, COUNT(DISTINCT account) FROM touches
        WHERE account IN (\(memberAccounts)) GROUP BY reference
        """
}
