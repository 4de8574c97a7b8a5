import Foundation
import Ledger

/// Builds reports from a `ReportStore`, applying `Suppression` to every figure. No authorisation
/// here: `ReportService` is the API's way in (coordinators and administrators, audited); the
/// `peerhours report` and `export` commands use this directly on a data directory they can read.
public struct ReportBuilder: Sendable {
    public static let activeWindowsDays = [30, 90]
    public static let dormantWindowDays = 90
    /// Balance bucket edges in minutes: below −10 h, −10 to −5 h, … , 20 h and more.
    public static let balanceEdgesMinutes: [Int64] = [-600, -300, -60, 0, 60, 300, 600, 1200]

    let store: any ReportStore

    public init(store: any ReportStore) {
        self.store = store
    }

    /// Every section for `network` over `period`, from one read of the store (the sections agree
    /// with each other); `now` dates balances, positions and what is overdue.
    public func report(networkID: NetworkID, slug: String, period: ReportPeriod, now: Date) async throws -> NetworkReport {
        let nowSeconds = Int64(now.timeIntervalSince1970.rounded(.down))
        return try await store.read { data in
            let activity = try Self.activity(data, networkID, period: period)
            let balances = try data.balanceDistribution(networkID: networkID, edgesMinutes: Self.balanceEdgesMinutes)
            return NetworkReport(
                networkID: networkID, networkSlug: slug, period: period, generatedAtSeconds: nowSeconds,
                totals: Self.totals(activity, memberAccounts: balances.bucketCounts.reduce(0, +)),
                activeMembers: try Self.activeMembers(data, networkID, period: period),
                hoursByKindAndMonth: Self.hoursByKindAndMonth(activity),
                giversAndReceivers: try Self.giversAndReceivers(data, networkID, period: period),
                balanceDistribution: Self.balanceDistribution(balances),
                dormantMembers: try Self.dormantMembers(data, networkID, period: period),
                unconfirmedExchanges: try Self.unconfirmedExchanges(data, networkID, period: period, nowSeconds: nowSeconds),
                crossNetworkPositions: try Self.crossNetworkPositions(data, networkID),
                urgentRequests: try Self.urgentRequests(data, networkID, period: period))
        }
    }

    /// One export table, computing only its section.
    public func table(_ name: ReportTableName, networkID: NetworkID, period: ReportPeriod, now: Date) async throws -> ReportTable {
        let nowSeconds = Int64(now.timeIntervalSince1970.rounded(.down))
        return try await store.read { data in
            switch name {
            case .activeMembers:
                return ReportTables.activeMembers(try Self.activeMembers(data, networkID, period: period))
            case .hoursByKind: return ReportTables.hours(Self.hoursByKindAndMonth(try Self.activity(data, networkID, period: period)))
            case .giversReceivers: return ReportTables.roles(try Self.giversAndReceivers(data, networkID, period: period))
            case .balanceDistribution:
                return ReportTables.balances(Self.balanceDistribution(
                    try data.balanceDistribution(networkID: networkID, edgesMinutes: Self.balanceEdgesMinutes)))
            case .dormantMembers: return ReportTables.dormant(try Self.dormantMembers(data, networkID, period: period))
            case .unconfirmedExchanges:
                return ReportTables.unconfirmed(
                    try Self.unconfirmedExchanges(data, networkID, period: period, nowSeconds: nowSeconds))
            case .crossNetworkPositions: return ReportTables.positions(try Self.crossNetworkPositions(data, networkID))
            }
        }
    }

    /// Members active in the 30 and 90 days that end with the period. The 30-day count is also
    /// withheld when the two differ by 1–4 (that difference would count so few people).
    static func activeMembers(_ data: any ReportSnapshot, _ networkID: NetworkID, period: ReportPeriod) throws
        -> [NetworkReport.ActiveMembers]
    {
        var counts: [Int] = []
        for days in Self.activeWindowsDays {
            counts.append(try data.activeMemberCount(
                networkID: networkID, startSeconds: period.endSeconds - Int64(days) * ReportPeriod.secondsPerDay,
                endSeconds: period.endSeconds))
        }
        var figures = counts.map(Suppression.count)
        for index in 1..<counts.count where Suppression.needed(people: counts[index] - counts[index - 1]) {
            figures[index - 1] = .withheld
        }
        return zip(Self.activeWindowsDays, figures).map { NetworkReport.ActiveMembers(windowDays: $0, members: $1) }
    }

    /// The period's activity, unsuppressed: the minutes per month and kind, and how many members
    /// took part at all (which decides whether the network's totals are shown).
    struct Activity {
        var cells: [RawHoursCell]
        var activeMembers: Int
    }

    static func activity(_ data: any ReportSnapshot, _ networkID: NetworkID, period: ReportPeriod) throws -> Activity {
        Activity(
            cells: try data.hoursByKindAndMonth(networkID: networkID, startSeconds: period.startSeconds, endSeconds: period.endSeconds)
                .sorted { ($0.month, $0.kind) < ($1.month, $1.kind) },
            activeMembers: try data.activeMemberCount(
                networkID: networkID, startSeconds: period.startSeconds, endSeconds: period.endSeconds))
    }

    /// Every figure, or (a network of fewer than five active members) none.
    static func totals(_ activity: Activity, memberAccounts: Int) -> NetworkReport.Totals {
        guard Suppression.networkTotalsShown(activeMembers: activity.activeMembers) else {
            return NetworkReport.Totals(withheld: true, members: .withheld, activeMembers: .withheld, minutes: .withheld,
                                        transfers: .withheld)
        }
        return NetworkReport.Totals(
            withheld: false, members: ReportFigure(value: Int64(memberAccounts)),
            activeMembers: ReportFigure(value: Int64(activity.activeMembers)),
            minutes: ReportFigure(value: activity.cells.reduce(0) { $0 + $1.minutes }),
            transfers: ReportFigure(value: Int64(activity.cells.reduce(0) { $0 + $1.transfers })))
    }

    /// A cell about one to four people is withheld. When the network's totals are shown the cells
    /// add up to them, so one withheld cell takes a second with it (minutes and transfers alike).
    static func hoursByKindAndMonth(_ activity: Activity) -> [NetworkReport.HoursCell] {
        var minutes = activity.cells.map { Suppression.figure($0.minutes, people: $0.people) }
        if Suppression.networkTotalsShown(activeMembers: activity.activeMembers) {
            minutes = Suppression.complementary(minutes)
        }
        return zip(activity.cells, minutes).map { cell, minutes in
            NetworkReport.HoursCell(
                month: cell.month, kind: cell.kind, minutes: minutes,
                transfers: minutes.suppressed ? .withheld : ReportFigure(value: Int64(cell.transfers)))
        }
    }

    static func giversAndReceivers(_ data: any ReportSnapshot, _ networkID: NetworkID, period: ReportPeriod) throws
        -> [NetworkReport.RoleCount]
    {
        try data.giversAndReceivers(networkID: networkID, startSeconds: period.startSeconds, endSeconds: period.endSeconds)
            .sorted { ($0.month ?? "9999", $0.role.rawValue) < ($1.month ?? "9999", $1.role.rawValue) }
            .map { NetworkReport.RoleCount(month: $0.month, role: $0.role, members: Suppression.count($0.people)) }
    }

    /// The buckets add up to the published total, so one withheld bucket takes a second with it.
    static func balanceDistribution(_ raw: RawBalanceDistribution) -> NetworkReport.BalanceDistribution {
        precondition(raw.bucketCounts.count == Self.balanceEdgesMinutes.count + 1, "one count per bucket")
        let total = raw.bucketCounts.reduce(0, +)
        let figures = Suppression.complementary(raw.bucketCounts.map(Suppression.count))
        let edges: [Int64?] = [nil] + Self.balanceEdgesMinutes.map(Optional.some) + [nil]
        let buckets = figures.indices.map { index in
            NetworkReport.BalanceBucket(lowerMinutes: edges[index], upperMinutes: edges[index + 1], members: figures[index])
        }
        return NetworkReport.BalanceDistribution(
            members: Suppression.count(total), buckets: buckets,
            atFloor: Suppression.count(raw.atFloor), atCeiling: Suppression.count(raw.atCeiling))
    }

    static func dormantMembers(_ data: any ReportSnapshot, _ networkID: NetworkID, period: ReportPeriod) throws
        -> NetworkReport.DormantMembers
    {
        let days = Self.dormantWindowDays
        let count = try data.dormantMemberCount(
            networkID: networkID, startSeconds: period.endSeconds - Int64(days) * ReportPeriod.secondsPerDay,
            endSeconds: period.endSeconds)
        return NetworkReport.DormantMembers(windowDays: days, members: Suppression.count(count))
    }

    static func unconfirmedExchanges(_ data: any ReportSnapshot, _ networkID: NetworkID, period: ReportPeriod,
                                     nowSeconds: Int64) throws -> NetworkReport.UnconfirmedExchanges {
        let raw = try data.unconfirmedExchanges(
            networkID: networkID, startSeconds: period.startSeconds, endSeconds: period.endSeconds, nowSeconds: nowSeconds)
        return NetworkReport.UnconfirmedExchanges(
            exchanges: Suppression.figure(Int64(raw.exchanges), people: raw.people),
            minutes: Suppression.figure(raw.minutes, people: raw.people))
    }

    /// The count is a figure about the members who asked; the times about those acknowledged.
    static func urgentRequests(_ data: any ReportSnapshot, _ networkID: NetworkID, period: ReportPeriod) throws
        -> NetworkReport.UrgentRequests
    {
        let raw = try data.urgentRequests(networkID: networkID, startSeconds: period.startSeconds, endSeconds: period.endSeconds)
        let waits = raw.acknowledgementMinutes.sorted()
        func percentile(_ percent: Int) -> ReportFigure? {
            nearestRank(waits, percent: percent).map { Suppression.figure($0, people: raw.acknowledgedMembers) }
        }
        return NetworkReport.UrgentRequests(
            requests: Suppression.figure(Int64(raw.requests), people: raw.members),
            medianMinutesToAcknowledge: percentile(50), p90MinutesToAcknowledge: percentile(90))
    }

    /// The nearest-rank percentile of ascending `values` (an observed value); nil when empty.
    static func nearestRank(_ values: [Int64], percent: Int) -> Int64? {
        precondition((1...100).contains(percent) && zip(values, values.dropFirst()).allSatisfy { $0 <= $1 }, "ascending values")
        guard !values.isEmpty else { return nil }
        let rank = (percent * values.count + 99) / 100
        return values[max(rank, 1) - 1]
    }

    static func crossNetworkPositions(_ data: any ReportSnapshot, _ networkID: NetworkID) throws
        -> [NetworkReport.Position]
    {
        try data.clearingPositions(networkID: networkID)
            .sorted { $0.partnerNetworkID < $1.partnerNetworkID }
            .map { raw in
                NetworkReport.Position(
                    partnerNetworkID: raw.partnerNetworkID, partnerSlug: raw.partnerSlug,
                    postedMinutes: Suppression.figure(raw.postedMinutes, people: raw.people),
                    pendingMinutes: Suppression.figure(raw.pendingMinutes, people: raw.people))
            }
    }
}
