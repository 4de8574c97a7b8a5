import Foundation

/// The report's tables as exported (one CSV file each, `<name>.csv`). Raw values are the API's
/// path segment and the file name; they are stable.
public enum ReportTableName: String, Sendable, Hashable, CaseIterable {
    case activeMembers = "active-members"
    case hoursByKind = "hours-by-kind"
    case giversReceivers = "givers-receivers"
    case balanceDistribution = "balance-distribution"
    case dormantMembers = "dormant-members"
    case unconfirmedExchanges = "unconfirmed-exchanges"
    case crossNetworkPositions = "cross-network-positions"

    public var fileName: String { rawValue + ".csv" }
}

/// A table of text cells: a header and rows of the same width. A withheld figure is an empty
/// cell, and every row says in its last column, `suppressed`, whether it withholds any.
public struct ReportTable: Sendable, Hashable {
    public var name: ReportTableName
    public var columns: [String]
    public var rows: [[String]]

    public init(name: ReportTableName, columns: [String], rows: [[String]]) {
        precondition(rows.allSatisfy { $0.count == columns.count }, "every row as wide as the header")
        self.name = name
        self.columns = columns
        self.rows = rows
    }
}

extension ReportTable {
    /// The table as one CSV file (`CSVText`), for the API's downloads, `peerhours export` and the
    /// coordinators' report page alike. Kinds and partner slugs are text people chose, so a field
    /// a spreadsheet would run as a formula is neutralised; numbers (negative ones too) stay numbers.
    public var csv: Data { CSVText.encode(columns: columns, rows: rows, neutralisingFormulas: true) }
}

/// Sections → tables: the same text the JSON carries, flattened.
public enum ReportTables {
    public static func all(_ report: NetworkReport) -> [ReportTable] {
        [
            activeMembers(report.activeMembers), hours(report.hoursByKindAndMonth), roles(report.giversAndReceivers),
            balances(report.balanceDistribution), dormant(report.dormantMembers), unconfirmed(report.unconfirmedExchanges),
            positions(report.crossNetworkPositions),
        ]
    }

    static func cell(_ figure: ReportFigure) -> String { figure.value.map(String.init) ?? "" }
    static func flag(_ figures: ReportFigure...) -> String { figures.contains(where: \.suppressed) ? "true" : "false" }

    static func activeMembers(_ rows: [NetworkReport.ActiveMembers]) -> ReportTable {
        ReportTable(name: .activeMembers, columns: ["window_days", "members", "suppressed"],
                    rows: rows.map { [String($0.windowDays), cell($0.members), flag($0.members)] })
    }

    static func hours(_ rows: [NetworkReport.HoursCell]) -> ReportTable {
        ReportTable(name: .hoursByKind, columns: ["month", "kind", "minutes", "transfers", "suppressed"],
                    rows: rows.map { [$0.month, $0.kind, cell($0.minutes), cell($0.transfers), flag($0.minutes, $0.transfers)] })
    }

    /// `month` is `all` for the whole period.
    static func roles(_ rows: [NetworkReport.RoleCount]) -> ReportTable {
        ReportTable(name: .giversReceivers, columns: ["month", "role", "members", "suppressed"],
                    rows: rows.map { [$0.month ?? "all", $0.role.rawValue, cell($0.members), flag($0.members)] })
    }

    /// Rows: `total`, one `range` per bucket, `at_floor`, `at_ceiling`.
    static func balances(_ distribution: NetworkReport.BalanceDistribution) -> ReportTable {
        var rows = [["total", "", "", cell(distribution.members), flag(distribution.members)]]
        for bucket in distribution.buckets {
            rows.append(["range", bucket.lowerMinutes.map(String.init) ?? "", bucket.upperMinutes.map(String.init) ?? "",
                         cell(bucket.members), flag(bucket.members)])
        }
        rows.append(["at_floor", "", "", cell(distribution.atFloor), flag(distribution.atFloor)])
        rows.append(["at_ceiling", "", "", cell(distribution.atCeiling), flag(distribution.atCeiling)])
        return ReportTable(name: .balanceDistribution,
                           columns: ["bucket", "lower_minutes", "upper_minutes", "members", "suppressed"], rows: rows)
    }

    static func dormant(_ dormant: NetworkReport.DormantMembers) -> ReportTable {
        ReportTable(name: .dormantMembers, columns: ["window_days", "members", "suppressed"],
                    rows: [[String(dormant.windowDays), cell(dormant.members), flag(dormant.members)]])
    }

    static func unconfirmed(_ unconfirmed: NetworkReport.UnconfirmedExchanges) -> ReportTable {
        ReportTable(name: .unconfirmedExchanges, columns: ["exchanges", "minutes", "suppressed"],
                    rows: [[cell(unconfirmed.exchanges), cell(unconfirmed.minutes), flag(unconfirmed.exchanges, unconfirmed.minutes)]])
    }

    static func positions(_ rows: [NetworkReport.Position]) -> ReportTable {
        ReportTable(name: .crossNetworkPositions,
                    columns: ["partner_network_id", "partner_slug", "posted_minutes", "pending_minutes", "suppressed"],
                    rows: rows.map {
                        [String($0.partnerNetworkID.rawValue), $0.partnerSlug ?? "", cell($0.postedMinutes),
                         cell($0.pendingMinutes), flag($0.postedMinutes, $0.pendingMinutes)]
                    })
    }
}
