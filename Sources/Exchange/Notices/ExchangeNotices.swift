import Foundation
import Ledger
import Outbox

/// What a stored change of a one-to-one exchange tells whom, as a pure function of the exchange
/// before and after the change (`event`) and what the service read for it (`drafts`). A draft
/// carries ids, times and enumerations only: never the request's description, a reason or a
/// message. The store writes the drafts in the transaction that stores the change.
public enum ExchangeNotices {
    public enum Event: Sendable, Hashable {
        case proposed, accepted, declined, autoConfirmed, disputed, resolved
        /// `wasAccepted`: a reservation was voided (both parties' calendars lose the session).
        case cancelled(wasAccepted: Bool)

        /// Disputes and their resolutions go to the networks' coordinators too.
        public var concernsCoordinators: Bool { self == .disputed || self == .resolved }

        /// A proposal and an acceptance say how the session happens (the offer's modes).
        public var describesMeeting: Bool { self == .proposed || self == .accepted }

        public var kind: NoticeKind {
            switch self {
            case .proposed: .exchangeProposed
            case .accepted: .exchangeAccepted
            case .declined: .exchangeDeclined
            case .autoConfirmed: .exchangeAutoConfirmed
            case .disputed: .exchangeDisputed
            case .resolved: .exchangeResolved
            case .cancelled: .exchangeCancelled
            }
        }
    }

    /// The event a stored change is (nil: nobody is told). `before` is nil for a new exchange.
    /// Acceptance and settlement are events when the ledger's answer is stored (the status
    /// changes), not when the action is claimed; an acceptance the ledger refused tells nobody.
    public static func event(from before: PeerExchange?, to after: PeerExchange) -> Event? {
        guard let before else { return after.status == .proposed ? .proposed : nil }
        switch (before.status, after.status) {
        case (.proposed, .accepted): return .accepted
        case (.proposed, .declined): return .declined
        case (.proposed, .cancelled): return .cancelled(wasAccepted: false)
        case (.accepted, .cancelled): return .cancelled(wasAccepted: true)
        case (.accepted, .disputed): return .disputed
        case (.disputed, .completed), (.disputed, .cancelled): return .resolved
        case (.accepted, .completed):
            // Posted on one confirmation: the other party did not confirm in time.
            let single = before.requesterConfirmedMinutes == nil || before.supporterConfirmedMinutes == nil
            return single ? .autoConfirmed : nil
        default: return nil
        }
    }

    /// The drafts of `event` on `exchange` (as stored, `version` its stored version), caused by
    /// `actorID` (nil: the service). `coordinators`: the networks' active coordinators, read when
    /// the event concerns them; `meetingModes`: the offer's, when it describes the meeting.
    public static func drafts(_ event: Event, _ exchange: PeerExchange, version: Int64, actorID: MemberID?,
                              coordinators: [NoticeCoordinator] = [], meetingModes: [SessionMode] = []) -> [OutboxDraft] {
        let parties: [MemberID]
        switch event {
        case .proposed: parties = [exchange.supporterID]
        case .declined:
            parties = exchange.proposedByID == exchange.requesterID
                ? [exchange.requesterID] : [exchange.requesterID, exchange.proposedByID]
        case .cancelled(wasAccepted: false) where actorID.map(exchange.isParty) == true:
            parties = [actorID == exchange.requesterID ? exchange.supporterID : exchange.requesterID]
        case .accepted, .cancelled, .autoConfirmed, .disputed, .resolved:
            parties = [exchange.requesterID, exchange.supporterID]
        }
        var common = [
            NoticeFacts.startsAt: NoticeFacts.timestamp(exchange.scheduledStart),
            NoticeFacts.durationMinutes: String(exchange.durationMinutes),
            NoticeFacts.sequence: String(version),
        ]
        common[NoticeFacts.actorMemberID] = actor(of: event, exchange, actorID: actorID).map { String($0.rawValue) }
        if event.describesMeeting { addMeeting(meetingModes, to: &common) }
        switch event {
        case .cancelled(let wasAccepted): common[NoticeFacts.wasAccepted] = NoticeFacts.flag(wasAccepted)
        case .resolved: common[NoticeFacts.outcome] = exchange.status.rawValue
        default: break
        }
        if let settled = exchange.settledMinutes, exchange.status == .completed {
            common[NoticeFacts.settledMinutes] = String(settled)
        }
        var drafts = parties.map { partyDraft(event, exchange, recipient: $0, common: common) }
        guard event.concernsCoordinators else { return drafts }
        var excluded: Set<MemberID> = [exchange.requesterID, exchange.supporterID]
        if event == .resolved, let resolver = exchange.resolvedByID { excluded.insert(resolver) }
        let told = NoticeRecipients.coordinators(
            coordinators, excluding: excluded, limit: OutboxLimits.draftsPerChangeMax - drafts.count)
        drafts += told.map { coordinatorDraft(event, exchange, $0, common: common) }
        return drafts
    }

    /// Who caused the event: the proposer, the disputer, the resolver, else the asking member.
    static func actor(of event: Event, _ exchange: PeerExchange, actorID: MemberID?) -> MemberID? {
        switch event {
        case .proposed: exchange.proposedByID
        case .accepted, .declined: exchange.supporterID
        case .disputed: exchange.disputedByID ?? actorID
        case .resolved: exchange.resolvedByID ?? actorID
        case .autoConfirmed: nil
        case .cancelled: actorID
        }
    }

    static func addMeeting(_ modes: [SessionMode], to facts: inout [String: String]) {
        if modes.count == 1, let only = modes.first {
            facts[NoticeFacts.meetingMode] = only.rawValue
        } else if !modes.isEmpty {
            facts[NoticeFacts.meetingModes] = modes.map(\.rawValue).joined(separator: ",")
        }
    }

    static func partyDraft(_ event: Event, _ exchange: PeerExchange, recipient: MemberID,
                           common: [String: String]) -> OutboxDraft {
        var facts = common
        let isSupporter = recipient == exchange.supporterID
        let isParty = exchange.isParty(recipient)
        if isParty {
            facts[NoticeFacts.otherMemberID] = String((isSupporter ? exchange.requesterID : exchange.supporterID).rawValue)
            facts[NoticeFacts.recipientRole] = isSupporter ? ExchangeRole.supporter.rawValue : ExchangeRole.requester.rawValue
        } else {
            // A coordinator who proposed on the requester's behalf.
            facts[NoticeFacts.requesterMemberID] = String(exchange.requesterID.rawValue)
            facts[NoticeFacts.supporterMemberID] = String(exchange.supporterID.rawValue)
            facts[NoticeFacts.recipientRole] = "coordinator"
        }
        if event == .accepted { facts[NoticeFacts.recipientAccepted] = NoticeFacts.flag(isSupporter) }
        facts[OutboxDraft.pathFact] = "/sessions/\(exchange.id.rawValue)"
        let networkID = isSupporter ? exchange.supporterNetworkID : exchange.networkID
        return OutboxDraft(kind: event.kind, recipient: .member(recipient.rawValue), networkID: networkID.rawValue,
                           subjectID: exchange.id.rawValue, facts: facts)
    }

    static func coordinatorDraft(_ event: Event, _ exchange: PeerExchange, _ coordinator: NoticeCoordinator,
                                 common: [String: String]) -> OutboxDraft {
        var facts = common
        facts[NoticeFacts.requesterMemberID] = String(exchange.requesterID.rawValue)
        facts[NoticeFacts.supporterMemberID] = String(exchange.supporterID.rawValue)
        facts[NoticeFacts.recipientRole] = "coordinator"
        facts[OutboxDraft.pathFact] = "/coordinate/networks/\(coordinator.networkID.rawValue)/disputes/\(exchange.id.rawValue)"
        return OutboxDraft(kind: event.kind, recipient: .member(coordinator.memberID.rawValue),
                           networkID: coordinator.networkID.rawValue, subjectID: exchange.id.rawValue, facts: facts)
    }
}
