import Foundation
import Ledger

/// Where report figures come from: aggregates over the exchange tables and the ledger's
/// transfers and accounts, unsuppressed, each with the number of distinct people behind it so
/// that `ReportBuilder` can withhold what describes too few. Implementation: `SQLiteReportStore`
/// (ExchangeSQLite), read-only. Instants in seconds since the epoch.
///
/// "Activity" throughout is a posted ledger movement of an exchange or a group session (codes
/// `exchange` and `group_session`; transfer kinds `single` and `post_pending`) touching a member
/// account of the network: the account credited gave, the account debited received.
public protocol ReportStore: Sendable {
    /// Runs `body` on one read of the data: every section it reads sees the same committed state
    /// of each file (a report's sections agree with each other even while exchanges and transfers
    /// commit meanwhile).
    func read<T: Sendable>(_ body: @Sendable (any ReportSnapshot) throws -> T) async throws -> T
}

/// The figures of one consistent read (`ReportStore.read`), unsuppressed.
public protocol ReportSnapshot {
    /// Distinct member accounts of the network with activity in `[start, end)`.
    func activeMemberCount(networkID: NetworkID, startSeconds: Int64, endSeconds: Int64) throws -> Int
    /// Minutes exchanged per month and kind in `[start, end)`, with the people in each cell.
    func hoursByKindAndMonth(networkID: NetworkID, startSeconds: Int64, endSeconds: Int64) throws -> [RawHoursCell]
    /// Distinct givers and receivers per month in `[start, end)`, and (month nil) over all of it.
    func giversAndReceivers(networkID: NetworkID, startSeconds: Int64, endSeconds: Int64) throws -> [RawRoleCount]
    /// Member accounts per balance bucket (`edgesMinutes` ascending: buckets below the first edge,
    /// between each pair, and from the last one up), and those at their floor or ceiling. Now.
    func balanceDistribution(networkID: NetworkID, edgesMinutes: [Int64]) throws -> RawBalanceDistribution
    /// Active memberships that joined before `start` with no activity in `[start, end)`.
    func dormantMemberCount(networkID: NetworkID, startSeconds: Int64, endSeconds: Int64) throws -> Int
    /// Accepted exchanges (neither completed nor disputed: not both confirmed) whose scheduled end
    /// is in `[start, end)` and before `nowSeconds`.
    func unconfirmedExchanges(networkID: NetworkID, startSeconds: Int64, endSeconds: Int64,
                              nowSeconds: Int64) throws -> RawUnconfirmed
    /// The network's clearing accounts summed per partner network (the account's `reference`).
    func clearingPositions(networkID: NetworkID) throws -> [RawPosition]
    /// Urgent requests raised in `[start, end)`: how many, by how many members, and the minutes
    /// each acknowledged one waited (never a note, a contact or who asked).
    func urgentRequests(networkID: NetworkID, startSeconds: Int64, endSeconds: Int64) throws -> RawUrgentRequests
}

public struct RawUrgentRequests: Sendable, Hashable {
    public var requests: Int
    /// Distinct members who raised them.
    public var members: Int
    /// Minutes from raising to acknowledgement of each acknowledged request, in any order.
    public var acknowledgementMinutes: [Int64]
    /// Distinct members whose requests were acknowledged.
    public var acknowledgedMembers: Int
    public init(requests: Int, members: Int, acknowledgementMinutes: [Int64], acknowledgedMembers: Int) {
        self.requests = requests
        self.members = members
        self.acknowledgementMinutes = acknowledgementMinutes
        self.acknowledgedMembers = acknowledgedMembers
    }
}

public struct RawHoursCell: Sendable, Hashable {
    public var month: String
    public var kind: String
    public var minutes: Int64
    public var transfers: Int
    public var people: Int
    public init(month: String, kind: String, minutes: Int64, transfers: Int, people: Int) {
        self.month = month
        self.kind = kind
        self.minutes = minutes
        self.transfers = transfers
        self.people = people
    }
}

public enum ReportRole: String, Sendable, Hashable, CaseIterable {
    case giver, receiver
}

public struct RawRoleCount: Sendable, Hashable {
    /// `YYYY-MM`, or nil for the whole period.
    public var month: String?
    public var role: ReportRole
    public var people: Int
    public init(month: String?, role: ReportRole, people: Int) {
        self.month = month
        self.role = role
        self.people = people
    }
}

public struct RawBalanceDistribution: Sendable, Hashable {
    /// One count per bucket: `edgesMinutes.count + 1` of them.
    public var bucketCounts: [Int]
    public var atFloor: Int
    public var atCeiling: Int
    public init(bucketCounts: [Int], atFloor: Int, atCeiling: Int) {
        self.bucketCounts = bucketCounts
        self.atFloor = atFloor
        self.atCeiling = atCeiling
    }
}

public struct RawUnconfirmed: Sendable, Hashable {
    public var exchanges: Int
    public var minutes: Int64
    public var people: Int
    public init(exchanges: Int, minutes: Int64, people: Int) {
        self.exchanges = exchanges
        self.minutes = minutes
        self.people = people
    }
}

public struct RawPosition: Sendable, Hashable {
    public var partnerNetworkID: NetworkID
    /// Nil when the partner is not (or no longer) a network of this service.
    public var partnerSlug: String?
    /// Σ (credits − debits) posted over the clearing accounts for the partner.
    public var postedMinutes: Int64
    public var pendingMinutes: Int64
    public var clearingAccounts: Int
    /// Distinct member accounts of this network that moved minutes with those accounts.
    public var people: Int
    public init(partnerNetworkID: NetworkID, partnerSlug: String?, postedMinutes: Int64, pendingMinutes: Int64,
                clearingAccounts: Int, people: Int) {
        self.partnerNetworkID = partnerNetworkID
        self.partnerSlug = partnerSlug
        self.postedMinutes = postedMinutes
        self.pendingMinutes = pendingMinutes
        self.clearingAccounts = clearingAccounts
        self.people = people
    }
}
