import Foundation
import Ledger

/// A figure that may be withheld: `value` is nil exactly when `suppressed` (it described one to
/// four people; see `Suppression`).
public struct ReportFigure: Sendable, Hashable {
    public var value: Int64?
    public var suppressed: Bool { value == nil }

    public init(value: Int64?) { self.value = value }
    public static let withheld = ReportFigure(value: nil)
}

/// The disclosure rule of every report and export: a figure about 1–4 distinct people is
/// withheld. Zero people is shown (nothing can be learnt about nobody).
public enum Suppression {
    public static let peopleMin = 5

    public static func needed(people: Int) -> Bool { people > 0 && people < peopleMin }

    /// `value` unless the figure describes too few people.
    public static func figure(_ value: Int64, people: Int) -> ReportFigure {
        needed(people: people) ? .withheld : ReportFigure(value: value)
    }

    /// Whole-network totals are shown when the network had at least `peopleMin` active members in
    /// the period: a small network still sees its own totals where every group within is withheld,
    /// but a network of one to four active people (or none) is itself a small group.
    public static func networkTotalsShown(activeMembers: Int) -> Bool { activeMembers >= peopleMin }

    /// A count of people is a figure about that many people.
    public static func count(_ people: Int) -> ReportFigure { figure(Int64(people), people: people) }

    /// Secondary suppression for cells that add up to a published total: when exactly one cell is
    /// withheld, it could be recovered as the total minus the others, so the smallest shown cell
    /// that is not zero (a withheld zero would hide little) is withheld too, else the first zero.
    /// Answers the cells to show.
    public static func complementary(_ cells: [ReportFigure]) -> [ReportFigure] {
        guard cells.filter(\.suppressed).count == 1 else { return cells }
        let shown = cells.indices.filter { !cells[$0].suppressed }
        let nonzero = shown.filter { cells[$0].value! > 0 }
        guard let smallest = (nonzero.isEmpty ? shown : nonzero).min(by: { cells[$0].value! < cells[$1].value! })
        else { return cells }
        var result = cells
        result[smallest] = .withheld
        return result
    }
}

/// A network's report for a period: every section, figures already suppressed. No section names
/// or identifies a person; dormant members and balances are counts.
public struct NetworkReport: Sendable, Hashable {
    public var networkID: NetworkID
    public var networkSlug: String
    public var period: ReportPeriod
    /// The instant "now" meant for balances, positions and unconfirmed exchanges (seconds).
    public var generatedAtSeconds: Int64
    /// The whole network over the period: shown even where every smaller group is withheld,
    /// unless the network itself had fewer than five active members.
    public var totals: Totals
    public var activeMembers: [ActiveMembers]
    public var hoursByKindAndMonth: [HoursCell]
    public var giversAndReceivers: [RoleCount]
    public var balanceDistribution: BalanceDistribution
    public var dormantMembers: DormantMembers
    public var unconfirmedExchanges: UnconfirmedExchanges
    public var crossNetworkPositions: [Position]
    public var urgentRequests: UrgentRequests

    /// Whole-network figures. `withheld` (every figure nil) exactly when the network had fewer
    /// than five active members in the period (`Suppression.networkTotalsShown`).
    public struct Totals: Sendable, Hashable {
        public var withheld: Bool
        /// Member accounts of the network now (the balance distribution's total).
        public var members: ReportFigure
        /// Members with activity in the period.
        public var activeMembers: ReportFigure
        /// Minutes exchanged in the period, and the movements that moved them: the sums of every
        /// `hoursByKindAndMonth` cell, withheld or not.
        public var minutes: ReportFigure
        public var transfers: ReportFigure
    }

    public struct ActiveMembers: Sendable, Hashable {
        public var windowDays: Int
        public var members: ReportFigure
    }

    public struct HoursCell: Sendable, Hashable {
        public var month: String
        public var kind: String
        public var minutes: ReportFigure
        public var transfers: ReportFigure
    }

    public struct RoleCount: Sendable, Hashable {
        /// `YYYY-MM`, or nil: the whole period.
        public var month: String?
        public var role: ReportRole
        public var members: ReportFigure
    }

    public struct BalanceBucket: Sendable, Hashable {
        /// Inclusive lower and exclusive upper bound in minutes; nil: unbounded.
        public var lowerMinutes: Int64?
        public var upperMinutes: Int64?
        public var members: ReportFigure
    }

    public struct BalanceDistribution: Sendable, Hashable {
        public var members: ReportFigure
        public var buckets: [BalanceBucket]
        public var atFloor: ReportFigure
        public var atCeiling: ReportFigure
    }

    public struct DormantMembers: Sendable, Hashable {
        public var windowDays: Int
        public var members: ReportFigure
    }

    public struct UnconfirmedExchanges: Sendable, Hashable {
        public var exchanges: ReportFigure
        public var minutes: ReportFigure
    }

    /// Urgent requests raised in the period and how fast a lead acknowledged them (wall-clock
    /// minutes, nearest rank), each withheld when it describes one to four members.
    public struct UrgentRequests: Sendable, Hashable {
        public var requests: ReportFigure
        /// Nil when no request raised in the period was acknowledged.
        public var medianMinutesToAcknowledge: ReportFigure?
        public var p90MinutesToAcknowledge: ReportFigure?
    }

    public struct Position: Sendable, Hashable {
        public var partnerNetworkID: NetworkID
        public var partnerSlug: String?
        public var postedMinutes: ReportFigure
        public var pendingMinutes: ReportFigure
    }
}
