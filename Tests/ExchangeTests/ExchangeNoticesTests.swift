import Exchange
import Foundation
import Ledger
import Outbox
import Testing

/// The pure decisions: which stored change of an exchange is which notice, to whom, with what.
@Suite struct ExchangeNoticesTests {
    static let requester = MemberID(11)
    static let supporter = MemberID(12)
    static let onBehalf = MemberID(13)
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func exchange(_ status: ExchangeStatus, requesterConfirmed: Int64? = nil, supporterConfirmed: Int64? = nil,
                         proposedBy: MemberID = requester) -> PeerExchange {
        var exchange = PeerExchange(
            id: ExchangeID(7), networkID: NetworkID(1), offerID: OfferID(3), requestID: nil, requesterID: requester,
            supporterID: supporter, proposedByID: proposedBy, scheduledStart: start, durationMinutes: 45,
            reserveTransferID: TransferID(100), settleTransferID: TransferID(101), createdAt: start.addingTimeInterval(-86_400))
        exchange.status = status
        exchange.requesterConfirmedMinutes = requesterConfirmed
        exchange.supporterConfirmedMinutes = supporterConfirmed
        return exchange
    }

    struct Transition: Sendable, CustomTestStringConvertible {
        var from: ExchangeStatus?
        var to: ExchangeStatus
        var confirmedBefore: (Int64?, Int64?) = (nil, nil)
        var event: ExchangeNotices.Event?
        var testDescription: String { "\(from?.rawValue ?? "new") → \(to.rawValue)" }
    }

    static let transitions: [Transition] = [
        Transition(from: nil, to: .proposed, event: .proposed),
        Transition(from: .proposed, to: .proposed, event: nil),
        Transition(from: .proposed, to: .accepted, event: .accepted),
        Transition(from: .proposed, to: .declined, event: .declined),
        Transition(from: .proposed, to: .cancelled, event: .cancelled(wasAccepted: false)),
        Transition(from: .accepted, to: .cancelled, event: .cancelled(wasAccepted: true)),
        Transition(from: .accepted, to: .disputed, event: .disputed),
        Transition(from: .disputed, to: .completed, event: .resolved),
        Transition(from: .disputed, to: .cancelled, event: .resolved),
        Transition(from: .accepted, to: .completed, confirmedBefore: (45, nil), event: .autoConfirmed),
        Transition(from: .accepted, to: .completed, confirmedBefore: (nil, 40), event: .autoConfirmed),
        Transition(from: .accepted, to: .completed, confirmedBefore: (45, 45), event: nil),
        Transition(from: .accepted, to: .expired, event: nil),
        Transition(from: .disputed, to: .expired, event: nil),
        Transition(from: .accepted, to: .accepted, event: nil),
    ]

    /// Proves each stored status change is the event the table says, and that no other change
    /// (a claim of a ledger action, an expiry, a confirmation by both) tells anyone.
    @Test(arguments: transitions)
    func eventOfEachTransition(_ transition: Transition) {
        let before = transition.from.map {
            Self.exchange($0, requesterConfirmed: transition.confirmedBefore.0, supporterConfirmed: transition.confirmedBefore.1)
        }
        let after = Self.exchange(transition.to)
        #expect(ExchangeNotices.event(from: before, to: after) == transition.event)
    }

    struct Recipients: Sendable, CustomTestStringConvertible {
        var event: ExchangeNotices.Event
        var actor: MemberID?
        var proposedBy: MemberID = requester
        var parties: [MemberID]
        var testDescription: String { "\(event) by \(actor.map { "\($0.rawValue)" } ?? "the service")" }
    }

    static let recipients: [Recipients] = [
        Recipients(event: .proposed, actor: requester, parties: [supporter]),
        Recipients(event: .accepted, actor: supporter, parties: [requester, supporter]),
        Recipients(event: .declined, actor: supporter, parties: [requester]),
        Recipients(event: .declined, actor: supporter, proposedBy: onBehalf, parties: [requester, onBehalf]),
        Recipients(event: .cancelled(wasAccepted: false), actor: requester, parties: [supporter]),
        Recipients(event: .cancelled(wasAccepted: false), actor: supporter, parties: [requester]),
        Recipients(event: .cancelled(wasAccepted: false), actor: nil, parties: [requester, supporter]),
        Recipients(event: .cancelled(wasAccepted: true), actor: requester, parties: [requester, supporter]),
        Recipients(event: .autoConfirmed, actor: nil, parties: [requester, supporter]),
        Recipients(event: .disputed, actor: requester, parties: [requester, supporter]),
        Recipients(event: .resolved, actor: onBehalf, parties: [requester, supporter]),
    ]

    /// Proves who each event goes to among the parties (and a coordinator who proposed on the
    /// requester's behalf, for a decline), and that every draft links the session's page.
    @Test(arguments: recipients)
    func partiesOfEachEvent(_ row: Recipients) {
        let exchange = Self.exchange(.accepted, proposedBy: row.proposedBy)
        let drafts = ExchangeNotices.drafts(row.event, exchange, version: 4, actorID: row.actor)
        #expect(drafts.map(\.recipient) == row.parties.map { .member($0.rawValue) })
        #expect(drafts.allSatisfy { $0.kind == row.event.kind && $0.subjectID == 7 && $0.networkID == 1 })
        #expect(drafts.allSatisfy { $0.facts[OutboxDraft.pathFact] == "/sessions/7" })
    }

    /// Proves an acceptance's facts: the start (RFC 3339), length, sequence, the other party,
    /// the recipient's side, whether the recipient accepted, and the offer's one mode.
    @Test func acceptanceFacts() {
        let drafts = ExchangeNotices.drafts(.accepted, Self.exchange(.accepted), version: 3, actorID: Self.supporter,
                                            meetingModes: [.video])
        let requesterFacts = drafts[0].facts
        #expect(requesterFacts == [
            NoticeFacts.startsAt: "2027-01-15T08:00:00Z", NoticeFacts.durationMinutes: "45", NoticeFacts.sequence: "3",
            NoticeFacts.actorMemberID: "12", NoticeFacts.meetingMode: "video", NoticeFacts.otherMemberID: "12",
            NoticeFacts.recipientRole: "requester", NoticeFacts.recipientAccepted: "false", OutboxDraft.pathFact: "/sessions/7",
        ])
        #expect(drafts[1].facts[NoticeFacts.recipientAccepted] == "true")
        #expect(drafts[1].facts[NoticeFacts.otherMemberID] == "11")
        #expect(drafts[1].facts[NoticeFacts.recipientRole] == "supporter")
        let several = ExchangeNotices.drafts(.proposed, Self.exchange(.proposed), version: 1, actorID: Self.requester,
                                             meetingModes: [.video, .inPerson])
        #expect(several[0].facts[NoticeFacts.meetingModes] == "video,in_person")
        #expect(several[0].facts[NoticeFacts.meetingMode] == nil)
    }

    /// Proves a dispute goes to both parties and every coordinator of both networks who is not a
    /// party, once each, linking the coordinator's own network's dispute page; a resolution
    /// leaves out the coordinator who resolved; and coordinators are capped so one change never
    /// writes more than `OutboxLimits.draftsPerChangeMax` drafts.
    @Test func disputesReachCoordinatorsOnceWithinTheCap() {
        var exchange = Self.exchange(.disputed)
        exchange.supporterNetworkID = NetworkID(2)
        exchange.disputedByID = Self.requester
        let coordinators = [
            NoticeCoordinator(memberID: MemberID(21), networkID: NetworkID(1)),
            NoticeCoordinator(memberID: Self.supporter, networkID: NetworkID(2)),
            NoticeCoordinator(memberID: MemberID(22), networkID: NetworkID(2)),
            NoticeCoordinator(memberID: MemberID(21), networkID: NetworkID(2)),
        ]
        let disputed = ExchangeNotices.drafts(.disputed, exchange, version: 5, actorID: Self.requester, coordinators: coordinators)
        #expect(disputed.map(\.recipient) == [.member(11), .member(12), .member(21), .member(22)])
        #expect(disputed[1].networkID == 2)
        #expect(disputed[2].facts[OutboxDraft.pathFact] == "/coordinate/networks/1/disputes/7")
        #expect(disputed[3].facts[OutboxDraft.pathFact] == "/coordinate/networks/2/disputes/7")
        #expect(disputed[3].facts[NoticeFacts.requesterMemberID] == "11")
        #expect(disputed[0].facts[NoticeFacts.actorMemberID] == "11")

        exchange.status = .completed
        exchange.settledMinutes = 30
        exchange.resolvedByID = MemberID(21)
        let resolved = ExchangeNotices.drafts(.resolved, exchange, version: 6, actorID: MemberID(21), coordinators: coordinators)
        #expect(resolved.map(\.recipient) == [.member(11), .member(12), .member(22)])
        #expect(resolved[0].facts[NoticeFacts.outcome] == "completed")
        #expect(resolved[0].facts[NoticeFacts.settledMinutes] == "30")

        let many = (100..<300).map { NoticeCoordinator(memberID: MemberID(Int64($0)), networkID: NetworkID(1)) }
        let capped = ExchangeNotices.drafts(.disputed, exchange, version: 6, actorID: Self.requester, coordinators: many)
        #expect(capped.count == OutboxLimits.draftsPerChangeMax)
    }

    /// Proves a cancellation says whether the session had been accepted (a calendar CANCEL).
    @Test func cancellationSaysWhetherItWasAccepted() {
        let accepted = ExchangeNotices.drafts(.cancelled(wasAccepted: true), Self.exchange(.cancelled), version: 4,
                                              actorID: Self.requester)
        #expect(accepted.allSatisfy { $0.facts[NoticeFacts.wasAccepted] == "true" })
        let proposed = ExchangeNotices.drafts(.cancelled(wasAccepted: false), Self.exchange(.cancelled), version: 2,
                                              actorID: Self.requester)
        #expect(proposed.allSatisfy { $0.facts[NoticeFacts.wasAccepted] == "false" })
    }

    /// Proves a message's notice goes to the other party with a dedupe key of the thread, the
    /// recipient and the clock hour: the same within an hour, another in the next.
    @Test func messageNoticeThrottleKey() {
        let exchange = Self.exchange(.accepted)
        let first = MessageNotices.draft(exchange, authorID: Self.requester, at: Self.start)
        let sameHour = MessageNotices.draft(exchange, authorID: Self.requester, at: Self.start.addingTimeInterval(3_599))
        let nextHour = MessageNotices.draft(exchange, authorID: Self.requester, at: Self.start.addingTimeInterval(3_600))
        let reply = MessageNotices.draft(exchange, authorID: Self.supporter, at: Self.start)
        #expect(first.recipient == .member(12))
        #expect(first.dedupeKey == "exchange.message:7:12:500000")
        #expect(sameHour.dedupeKey == first.dedupeKey)
        #expect(nextHour.dedupeKey != first.dedupeKey)
        #expect(reply.recipient == .member(11))
        #expect(reply.dedupeKey != first.dedupeKey)
    }

    /// Proves the reminders' decisions: both parties the day before, with the start in the key
    /// (a rescheduled session gets a new one); after the end, only the parties who have not confirmed.
    @Test func reminderDecisions() {
        let tomorrow = ExchangeReminders.startingTomorrow(Self.exchange(.accepted))
        #expect(tomorrow.map(\.recipient) == [.member(11), .member(12)])
        #expect(tomorrow.map(\.dedupeKey) == [
            "exchange.starting_tomorrow:7:11:2027-01-15T08:00:00Z", "exchange.starting_tomorrow:7:12:2027-01-15T08:00:00Z",
        ])
        let ended = Self.start.addingTimeInterval(45 * 60)
        let one = Self.exchange(.accepted, supporterConfirmed: 45)
        #expect(ExchangeReminders.pleaseConfirm(one, now: ended.addingTimeInterval(-1)).isEmpty)
        let confirm = ExchangeReminders.pleaseConfirm(one, now: ended)
        #expect(confirm.map(\.recipient) == [.member(11)])
        #expect(confirm.first?.dedupeKey == "exchange.please_confirm:7:11")
        #expect(ExchangeReminders.pleaseConfirm(Self.exchange(.accepted), now: ended).count == 2)
    }
}
