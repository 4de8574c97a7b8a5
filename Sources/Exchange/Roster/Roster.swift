import Foundation
import Ledger

/// One member of a network as its coordinators' members list shows them: who they are, their
/// membership, and figures — balance, hours given and received in the network's sessions, and
/// their last session. Never what anyone asked for help with.
public struct RosterEntry: Sendable, Hashable {
    public var memberID: MemberID
    public var displayName: String
    public var profession: String
    public var organisation: String
    public var status: MembershipStatus
    public var role: NetworkRole
    public var joinedAt: Date?
    /// Posted balance; nil while the membership has no ledger account (never activated), and for
    /// an administrator who does not coordinate the network (balances are the coordinators').
    public var balanceMinutes: Int64?
    /// Settled minutes of completed one-to-one sessions: given as the supporter (for this
    /// network's members, partner networks' requesters included), received as the requester.
    public var givenMinutes: Int64
    public var receivedMinutes: Int64
    /// The start of the member's latest completed session: one-to-one (either side) or group
    /// (facilitated or joined). Nil when there is none.
    public var lastSessionAt: Date?

    public init(memberID: MemberID, displayName: String, profession: String, organisation: String, status: MembershipStatus,
                role: NetworkRole, joinedAt: Date?, balanceMinutes: Int64?, givenMinutes: Int64, receivedMinutes: Int64,
                lastSessionAt: Date?) {
        self.memberID = memberID
        self.displayName = displayName
        self.profession = profession
        self.organisation = organisation
        self.status = status
        self.role = role
        self.joinedAt = joinedAt
        self.balanceMinutes = balanceMinutes
        self.givenMinutes = givenMinutes
        self.receivedMinutes = receivedMinutes
        self.lastSessionAt = lastSessionAt
    }
}

/// What a members list is sorted by. Every order breaks ties by name, then member id, so pages
/// never overlap; members without a balance or a session come last whichever the direction.
public enum RosterSort: String, Sendable, Hashable, CaseIterable {
    case name, balance, given, received, lastSession = "last-session"
}

/// Which members a list shows and in what order.
public struct RosterQuery: Sendable, Hashable {
    public var status: MembershipStatus?
    /// Part of a display name, any case and accents (nil or blank: everyone).
    public var search: String?
    public var sort: RosterSort
    public var descending: Bool

    public init(status: MembershipStatus? = nil, search: String? = nil, sort: RosterSort = .name, descending: Bool = false) {
        self.status = status
        self.search = search
        self.sort = sort
        self.descending = descending
    }
}

/// One page of a members list, with how many members match in all.
public struct RosterPage: Sendable, Hashable {
    public var items: [RosterEntry]
    public var total: Int
    public var nextCursor: String?
    /// Whether balances were read (the actor coordinates the network).
    public var showsBalances: Bool

    public init(items: [RosterEntry], total: Int, nextCursor: String?, showsBalances: Bool) {
        self.items = items
        self.total = total
        self.nextCursor = nextCursor
        self.showsBalances = showsBalances
    }
}

/// A membership with its member's profile and session figures, as the store reads them in one
/// query; the service adds balances from the ledger.
public struct RosterFacts: Sendable, Hashable {
    public var membership: Membership
    public var displayName: String
    public var profession: String
    public var organisation: String
    public var givenMinutes: Int64
    public var receivedMinutes: Int64
    public var lastSessionAt: Date?

    public init(membership: Membership, displayName: String, profession: String, organisation: String,
                givenMinutes: Int64, receivedMinutes: Int64, lastSessionAt: Date?) {
        self.membership = membership
        self.displayName = displayName
        self.profession = profession
        self.organisation = organisation
        self.givenMinutes = givenMinutes
        self.receivedMinutes = receivedMinutes
        self.lastSessionAt = lastSessionAt
    }
}
