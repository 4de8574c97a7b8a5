import Foundation
import Ledger

/// An active member of the network with no session in it for a while: no completed one-to-one
/// exchange (either side) and no held group session (as facilitator or a participant who
/// joined) whose session started within the window. Members who joined within the window are
/// not listed: they have had no time yet.
public struct DormantMember: Sendable, Hashable {
    public var memberID: MemberID
    public var displayName: String
    public var joinedAt: Date?
    /// The start of their latest such session in the network; nil: none ever.
    public var lastExchangeAt: Date?

    public init(memberID: MemberID, displayName: String, joinedAt: Date?, lastExchangeAt: Date?) {
        self.memberID = memberID
        self.displayName = displayName
        self.joinedAt = joinedAt
        self.lastExchangeAt = lastExchangeAt
    }
}

/// An accepted exchange whose session has ended and that is not yet confirmed by both people
/// (a cross-network one is listed in both networks). Names only: never the request's private
/// description, never the messages.
public struct OverdueExchange: Sendable, Hashable {
    public var exchangeID: ExchangeID
    public var requesterID: MemberID
    public var requesterName: String
    public var supporterID: MemberID
    public var supporterName: String
    public var scheduledStart: Date
    public var durationMinutes: Int64
    public var requesterConfirmed: Bool
    public var supporterConfirmed: Bool
    /// Minutes since the session ended, at the list's `asOf` (set by `FollowUpService`).
    public var overdueMinutes: Int64

    public init(exchangeID: ExchangeID, requesterID: MemberID, requesterName: String, supporterID: MemberID,
                supporterName: String, scheduledStart: Date, durationMinutes: Int64, requesterConfirmed: Bool,
                supporterConfirmed: Bool, overdueMinutes: Int64 = 0) {
        self.exchangeID = exchangeID
        self.requesterID = requesterID
        self.requesterName = requesterName
        self.supporterID = supporterID
        self.supporterName = supporterName
        self.scheduledStart = scheduledStart
        self.durationMinutes = durationMinutes
        self.requesterConfirmed = requesterConfirmed
        self.supporterConfirmed = supporterConfirmed
        self.overdueMinutes = overdueMinutes
    }

    public var sessionEnd: Date { scheduledStart.addingTimeInterval(TimeInterval(durationMinutes * 60)) }
}

/// An open request of the network that nobody has proposed a session for (no proposed, accepted,
/// disputed or completed exchange on it, no open proposal of a matching run). What a
/// coordinator may see of it: kind, topics, urgency, age and the requester's name — never the
/// private description.
public struct UnmatchedRequest: Sendable, Hashable {
    public var requestID: RequestID
    public var requesterID: MemberID
    public var requesterName: String
    public var kind: String
    public var topics: [String]
    public var urgency: Urgency
    public var createdAt: Date
    /// Whole days since it was created, at the list's `asOf` (set by `FollowUpService`).
    public var ageDays: Int

    public init(requestID: RequestID, requesterID: MemberID, requesterName: String, kind: String, topics: [String],
                urgency: Urgency, createdAt: Date, ageDays: Int = 0) {
        self.requestID = requestID
        self.requesterID = requesterID
        self.requesterName = requesterName
        self.kind = kind
        self.topics = topics
        self.urgency = urgency
        self.createdAt = createdAt
        self.ageDays = ageDays
    }
}

/// One page of a follow-up list, with the instant its ages and windows were measured at.
public struct FollowUpPage<Item: Sendable & Hashable>: Sendable, Hashable {
    public var asOf: Date
    public var items: [Item]
    public var nextCursor: String?
}
