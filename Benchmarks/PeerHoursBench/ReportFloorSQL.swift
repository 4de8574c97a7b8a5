import Exchange
import ExchangeSQLite
import Foundation

/// The floor of the reports benchmark: for each table, plain SQL a person would type into the
/// sqlite3 shell to get the same figures from the same tables (before suppression, which is
/// arithmetic on a few rows) — written here on its own, not taken from SQLiteReportStore.
struct ReportFloorSQL {
    let period: ReportPeriod
    let nowSeconds: Int64

    static let members = "(SELECT id FROM ledger.ledger_accounts WHERE network_id = 1 AND kind = 'member')"

    /// Posted exchange and group-session transfers of network 1 in [start, end) seconds.
    func moves(_ start: Int64, _ end: Int64) -> String {
        """
        ledger.ledger_transfers t WHERE t.network_id = 1 AND t.kind IN ('single', 'post_pending')
          AND t.code IN ('exchange', 'group_session')
          AND t.timestamp >= \(start * 1_000_000_000) AND t.timestamp < \(end * 1_000_000_000)
        """
    }

    func window(_ days: Int64) -> (Int64, Int64) { (period.endSeconds - days * 86_400, period.endSeconds) }

    func active(_ days: Int64) -> String {
        let (start, end) = window(days)
        return """
            SELECT COUNT(*) FROM (SELECT t.debit_account_id AS a FROM \(moves(start, end))
                                  UNION SELECT t.credit_account_id FROM \(moves(start, end)))
            WHERE a IN \(Self.members);
            """
    }

    var month: String { "strftime('%Y-%m', t.timestamp / 1000000000, 'unixepoch')" }

    func sql(_ table: ReportTableName) -> String {
        let (start, end) = (period.startSeconds, period.endSeconds)
        switch table {
        case .activeMembers:
            return active(30) + "\n" + active(90)
        case .hoursByKind:
            let kind = """
                CASE t.code WHEN 'group_session' THEN 'group_session'
                     ELSE COALESCE(r.kind, json_extract(o.kinds, '$[0]')) END
                """
            let from = """
                ledger.ledger_transfers t LEFT JOIN exchanges e ON t.code = 'exchange' AND e.id = t.reference
                LEFT JOIN requests r ON r.id = e.request_id LEFT JOIN offers o ON o.id = e.offer_id
                WHERE \(moves(start, end).components(separatedBy: " WHERE ")[1])
                """
            return """
                SELECT \(month) AS m, \(kind) AS k, SUM(t.amount_minutes), COUNT(*) FROM \(from) GROUP BY m, k;
                SELECT m, k, COUNT(DISTINCT a) FROM (
                    SELECT \(month) AS m, \(kind) AS k, t.debit_account_id AS a FROM \(from)
                    UNION ALL SELECT \(month), \(kind), t.credit_account_id FROM \(from))
                WHERE a IN \(Self.members) GROUP BY m, k;
                """
        case .giversReceivers:
            let counts = """
                COUNT(DISTINCT t.credit_account_id) FILTER (WHERE t.credit_account_id IN \(Self.members)),
                COUNT(DISTINCT t.debit_account_id) FILTER (WHERE t.debit_account_id IN \(Self.members))
                """
            return """
                SELECT \(month) AS m, \(counts) FROM \(moves(start, end)) GROUP BY m;
                SELECT \(counts) FROM \(moves(start, end));
                """
        case .balanceDistribution:
            let cases = ReportBuilder.balanceEdgesMinutes.enumerated()
                .map { "WHEN b < \($0.element) THEN \($0.offset)" }.joined(separator: " ")
            return """
                SELECT CASE \(cases) ELSE \(ReportBuilder.balanceEdgesMinutes.count) END AS bucket, COUNT(*)
                FROM (SELECT credits_posted_minutes - debits_posted_minutes AS b FROM ledger.ledger_accounts
                      WHERE network_id = 1 AND kind = 'member') GROUP BY bucket;
                SELECT SUM(credits_posted_minutes - debits_posted_minutes - debits_pending_minutes <= lower_limit_minutes),
                       SUM(credits_posted_minutes - debits_posted_minutes + credits_pending_minutes >= upper_limit_minutes)
                FROM ledger.ledger_accounts WHERE network_id = 1 AND kind = 'member';
                """
        case .dormantMembers:
            let (start, end) = window(90)
            return """
                SELECT COUNT(*) FROM memberships WHERE network_id = 1 AND status = 'active' AND joined_at < \(start)
                  AND ledger_account_id NOT IN (SELECT t.debit_account_id FROM \(moves(start, end))
                                                UNION SELECT t.credit_account_id FROM \(moves(start, end)));
                """
        case .unconfirmedExchanges:
            let overdue = """
                exchanges WHERE (network_id = 1 OR supporter_network_id = 1) AND status = 'accepted'
                  AND scheduled_start + duration_minutes * 60 >= \(start)
                  AND scheduled_start + duration_minutes * 60 < \(min(end, nowSeconds))
                """
            return """
                SELECT COUNT(*), SUM(duration_minutes) FROM \(overdue);
                SELECT COUNT(*) FROM (SELECT requester_id FROM \(overdue) UNION SELECT supporter_id FROM \(overdue));
                """
        case .crossNetworkPositions:
            return """
                SELECT reference, SUM(credits_posted_minutes - debits_posted_minutes),
                       SUM(credits_pending_minutes - debits_pending_minutes)
                FROM ledger.ledger_accounts WHERE network_id = 1 AND kind = 'clearing' GROUP BY reference;
                SELECT c.reference, COUNT(DISTINCT CASE WHEN t.debit_account_id = c.id THEN t.credit_account_id
                                                   ELSE t.debit_account_id END)
                FROM ledger.ledger_accounts c JOIN ledger.ledger_transfers t
                  ON t.debit_account_id = c.id OR t.credit_account_id = c.id
                WHERE c.network_id = 1 AND c.kind = 'clearing' GROUP BY c.reference;
                """
        }
    }

    var all: String { ReportTableName.allCases.map(sql).joined(separator: "\n") }

    /// Every table's floor written as CSV files by the shell (`.mode csv`, `.headers on`).
    func csv(into folder: String) -> String {
        (["-- export floor", ".headers on", ".mode csv"] + ReportTableName.allCases.flatMap { table in
            [".output \(folder)-\(table.fileName)", sql(table)]
        } + [".output stdout"]).joined(separator: "\n")
    }
}

/// The second reference: SQLiteReportStore's own SQL texts run by the sqlite3 shell with the same
/// parameters (`.parameter set`). Against it the ratio is what GRDB, Swift, suppression and the
/// table building add; against `ReportFloorSQL` it is the whole approach against plain queries.
struct ReportStoreSQL {
    let period: ReportPeriod
    let nowSeconds: Int64

    func parameters(_ values: [(String, Int64)]) -> String {
        ([".parameter clear"] + values.map { ".parameter set :\($0.0) \($0.1)" }).joined(separator: "\n")
    }

    func ledgerWindow(_ start: Int64, _ end: Int64) -> String {
        parameters([("network", 1), ("start", start * 1_000_000_000), ("end", end * 1_000_000_000), ("startSeconds", start)])
    }

    func sql(_ table: ReportTableName) -> String {
        let (start, end) = (period.startSeconds, period.endSeconds)
        let statement: (String) -> String = { $0 + ";" }
        switch table {
        case .activeMembers:
            return ReportBuilder.activeWindowsDays.map { days in
                ledgerWindow(end - Int64(days) * 86_400, end) + "\n" + statement(SQLiteReportStore.activeSQL)
            }.joined(separator: "\n")
        case .hoursByKind: return ledgerWindow(start, end) + "\n" + statement(SQLiteReportStore.hoursSQL)
        case .giversReceivers: return ledgerWindow(start, end) + "\n" + statement(SQLiteReportStore.rolesSQL)
        case .balanceDistribution:
            return parameters([("network", 1)]) + "\n"
                + statement(SQLiteReportStore.balanceSQL(edgesMinutes: ReportBuilder.balanceEdgesMinutes))
        case .dormantMembers:
            let windowStart = end - Int64(ReportBuilder.dormantWindowDays) * 86_400
            return ledgerWindow(windowStart, end) + "\n" + statement(SQLiteReportStore.dormantSQL)
        case .unconfirmedExchanges:
            return parameters([("network", 1), ("start", start), ("end", end), ("now", nowSeconds)]) + "\n"
                + statement(SQLiteReportStore.unconfirmedSQL)
        case .crossNetworkPositions:
            return parameters([("network", 1)]) + "\n" + statement(SQLiteReportStore.positionPeopleSQL) + "\n"
                + statement(SQLiteReportStore.positionsSQL)
        }
    }

    var all: String { ReportTableName.allCases.map(sql).joined(separator: "\n") }
}
