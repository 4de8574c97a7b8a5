import Exchange
import Foundation
import Ledger
import Outbox
import Testing

/// A network with a requester, a supporter, two coordinators and the supporter's offer.
private struct Parties: Sendable {
    let world: World
    let network: Network
    let requester: Actor
    let supporter: Actor
    let lead: Actor
    let deputy: Actor
    let offer: Offer

    static func make(flaky: Bool = false, policy: NetworkPolicy = NetworkPolicy()) async throws -> Parties {
        let world = try await World(flaky: flaky)
        let network = try await world.network("north", policy: policy)
        let lead = try await world.member("Cora Lead", in: network, role: .coordinator)
        let deputy = try await world.member("Dev Deputy", in: network, role: .coordinator)
        let requester = try await world.member("Rita Requester", in: network)
        let supporter = try await world.member("Sam Supporter", in: network)
        let offer = try await world.offer(supporter, in: network, capacityHoursPerMonth: 20)
        return Parties(world: world, network: network, requester: requester, supporter: supporter, lead: lead,
                       deputy: deputy, offer: offer)
    }

    var exchanges: ExchangeService { world.domain.exchanges }
}

/// Each service action on an exchange leaves exactly its notices in the exchange database's
/// outbox, in the change's transaction; a refused or failed change leaves none.
@Suite struct ExchangeNoticeOutboxTests {
    /// Proves a proposal writes one notice to the supporter and an acceptance one to each party,
    /// whose facts carry the stored version as the calendar sequence and the offer's mode.
    @Test func proposalAndAcceptance() async throws {
        let p = try await Parties.make()
        defer { p.world.remove() }
        var mark = try await p.world.outboxMark()
        let proposed = try await p.world.propose(p.requester, offer: p.offer)
        #expect(try await p.world.notices(after: mark) == [NoticeRow(.exchangeProposed, p.supporter)])
        mark = try await p.world.outboxMark()
        let accepted = try await p.exchanges.accept(p.supporter, proposed.id)
        #expect(try await p.world.notices(after: mark) == sorted([
            NoticeRow(.exchangeAccepted, p.requester), NoticeRow(.exchangeAccepted, p.supporter),
        ]))
        for message in try await p.world.outbox(after: mark) {
            #expect(message.draft.facts[NoticeFacts.sequence] == String(accepted.version))
            #expect(message.draft.facts[NoticeFacts.meetingMode] == "video")
            #expect(message.draft.subjectID == accepted.id.rawValue && message.draft.networkID == p.network.id.rawValue)
            let accepter = message.draft.recipient == .member(p.supporter.memberID.rawValue)
            #expect(message.draft.facts[NoticeFacts.recipientAccepted] == (accepter ? "true" : "false"))
        }
    }

    /// Proves a decline tells the proposer; cancelling a proposal tells the other party only;
    /// cancelling an accepted exchange tells both, saying it had been accepted.
    @Test func declineAndCancellations() async throws {
        let p = try await Parties.make()
        defer { p.world.remove() }
        var mark = try await p.world.outboxMark()
        _ = try await p.exchanges.decline(p.supporter, try await p.world.propose(p.requester, offer: p.offer).id)
        #expect(try await p.world.notices(after: mark) == sorted([
            NoticeRow(.exchangeProposed, p.supporter), NoticeRow(.exchangeDeclined, p.requester),
        ]))
        let second = try await p.world.propose(p.requester, offer: p.offer)
        mark = try await p.world.outboxMark()
        _ = try await p.exchanges.cancel(p.requester, second.id)
        #expect(try await p.world.notices(after: mark) == [NoticeRow(.exchangeCancelled, p.supporter)])
        #expect(try await p.world.outbox(after: mark).first?.draft.facts[NoticeFacts.wasAccepted] == "false")

        let third = try await p.world.acceptedExchange(p.requester, p.supporter, offer: p.offer)
        mark = try await p.world.outboxMark()
        _ = try await p.exchanges.cancel(p.supporter, third.id)
        #expect(try await p.world.notices(after: mark) == sorted([
            NoticeRow(.exchangeCancelled, p.requester), NoticeRow(.exchangeCancelled, p.supporter),
        ]))
        #expect(try await p.world.outbox(after: mark).allSatisfy { $0.draft.facts[NoticeFacts.wasAccepted] == "true" })
    }

    /// Proves a dispute tells both parties and both coordinators, and a resolution tells both
    /// parties and the coordinator who did not resolve it.
    @Test func disputeAndResolution() async throws {
        let p = try await Parties.make()
        defer { p.world.remove() }
        let exchange = try await p.world.acceptedExchange(p.requester, p.supporter, offer: p.offer)
        p.world.advance(hours: 25)
        var mark = try await p.world.outboxMark()
        _ = try await p.exchanges.dispute(p.requester, exchange.id, reason: "The session did not happen")
        #expect(try await p.world.notices(after: mark).filter { $0.kind == .exchangeDisputed } == sorted([
            NoticeRow(.exchangeDisputed, p.requester), NoticeRow(.exchangeDisputed, p.supporter),
            NoticeRow(.exchangeDisputed, p.lead), NoticeRow(.exchangeDisputed, p.deputy),
        ]))
        mark = try await p.world.outboxMark()
        _ = try await p.exchanges.resolve(p.lead, exchange.id, .post(minutes: 30), reason: "Half the session happened")
        #expect(try await p.world.notices(after: mark).filter { $0.kind == .exchangeResolved } == sorted([
            NoticeRow(.exchangeResolved, p.requester), NoticeRow(.exchangeResolved, p.supporter),
            NoticeRow(.exchangeResolved, p.deputy),
        ]))
        let deputyFacts = try #require(try await p.world.outbox(after: mark).first {
            $0.draft.recipient == .member(p.deputy.memberID.rawValue)
        }).draft.facts
        #expect(deputyFacts[NoticeFacts.outcome] == "completed" && deputyFacts[NoticeFacts.settledMinutes] == "30")
        #expect(deputyFacts[OutboxDraft.pathFact] == "/coordinate/networks/\(p.network.id.rawValue)/disputes/\(exchange.id.rawValue)")
    }

    /// Proves an auto-confirmation by due work tells both parties, once however often due work runs.
    @Test func autoConfirmation() async throws {
        let p = try await Parties.make(policy: NetworkPolicy(autoConfirmDays: 3))
        defer { p.world.remove() }
        let exchange = try await p.world.acceptedExchange(p.requester, p.supporter, offer: p.offer)
        p.world.advance(hours: 25)
        _ = try await p.exchanges.confirm(p.supporter, exchange.id, minutesGiven: 60)
        let mark = try await p.world.outboxMark()
        p.world.advance(hours: 24 * 3 + 1)
        #expect(try await p.world.domain.runDueWork().autoConfirmed == 1)
        _ = try await p.world.domain.runDueWork()
        #expect(try await p.world.notices(after: mark).filter { $0.kind == .exchangeAutoConfirmed } == sorted([
            NoticeRow(.exchangeAutoConfirmed, p.requester), NoticeRow(.exchangeAutoConfirmed, p.supporter),
        ]))
    }

    /// Proves a refused change (the wrong member, a step from the wrong state) and a change
    /// whose write fails leave no notice behind.
    @Test func refusedAndFailedChangesWriteNothing() async throws {
        let p = try await Parties.make(flaky: true)
        defer { p.world.remove() }
        let proposed = try await p.world.propose(p.requester, offer: p.offer)
        let mark = try await p.world.outboxMark()
        #expect(await refusal { _ = try await p.exchanges.accept(p.requester, proposed.id) }?.isForbidden == true)
        let flaky = try #require(p.world.flaky)
        flaky.failNext(.exchange)
        await #expect(throws: FlakyStore.InjectedFailure.self) { _ = try await p.exchanges.decline(p.supporter, proposed.id) }
        _ = try await p.exchanges.decline(p.supporter, proposed.id)
        _ = try await p.exchanges.decline(p.supporter, proposed.id)  // a repeat: nothing new
        #expect(await refusal { _ = try await p.exchanges.cancel(p.requester, proposed.id) }?.isInvalidState == true)
        #expect(try await p.world.notices(after: mark) == [NoticeRow(.exchangeDeclined, p.requester)])
    }

    /// Proves a thread's messages make at most one notice per recipient per hour, to the other
    /// party, and one again in the next hour.
    @Test func messageNoticesAreThrottled() async throws {
        let p = try await Parties.make()
        defer { p.world.remove() }
        let exchange = try await p.world.acceptedExchange(p.requester, p.supporter, offer: p.offer)
        let mark = try await p.world.outboxMark()
        for text in ["Hello", "Are you free?", "See you then"] {
            _ = try await p.world.domain.messages.post(p.requester, exchange.id, body: text)
        }
        _ = try await p.world.domain.messages.post(p.supporter, exchange.id, body: "Yes")
        #expect(try await p.world.notices(after: mark) == sorted([
            NoticeRow(.exchangeMessage, p.supporter), NoticeRow(.exchangeMessage, p.requester),
        ]))
        p.world.advance(hours: 1)
        _ = try await p.world.domain.messages.post(p.requester, exchange.id, body: "One more thing")
        #expect(try await p.world.notices(after: mark).filter { $0 == NoticeRow(.exchangeMessage, p.supporter) }.count == 2)
    }
}
