import Exchange
import Foundation
import Ledger
import Outbox
import Testing

/// Reminders decided by the due-work scan are written once, however often the scan runs.
@Suite struct ReminderNoticeTests {
    /// Proves "starting tomorrow" is written to both parties once the session is within 24
    /// hours, and not again by a second or third scan; nothing is written while it is further off.
    @Test func startingTomorrowOnceAcrossScans() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north")
        let requester = try await world.member("Rita", in: network)
        let supporter = try await world.member("Sam", in: network)
        let offer = try await world.offer(supporter, in: network)
        let exchange = try await world.domain.exchanges.propose(requester, ExchangeProposal(
            offerID: offer.id, scheduledStart: world.now.addingTimeInterval(2 * 86_400), durationMinutes: 60))
        _ = try await world.domain.exchanges.accept(supporter, exchange.id)
        let mark = try await world.outboxMark()
        #expect(try await world.domain.runDueWork().reminders == ReminderReport())

        world.advance(hours: 25)
        #expect(try await world.domain.runDueWork().reminders.startingTomorrow == 2)
        #expect(try await world.domain.runDueWork().reminders.startingTomorrow == 0)
        #expect(try await world.domain.runDueWork().reminders.startingTomorrow == 0)
        #expect(try await world.notices(after: mark) == sorted([
            NoticeRow(.exchangeStartingTomorrow, requester), NoticeRow(.exchangeStartingTomorrow, supporter),
        ]))
        let facts = try #require(try await world.outbox(after: mark).first).draft.facts
        #expect(facts[NoticeFacts.startsAt] == NoticeFacts.timestamp(exchange.scheduledStart))
        #expect(facts[OutboxDraft.pathFact] == "/sessions/\(exchange.id.rawValue)")
    }

    /// Proves "please confirm" is written after the session ends to the party who has not
    /// confirmed only, once across scans, and never to one who has.
    @Test func pleaseConfirmOnceToWhoeverHasNotConfirmed() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north", policy: NetworkPolicy(autoConfirmDays: 3))
        let requester = try await world.member("Rita", in: network)
        let supporter = try await world.member("Sam", in: network)
        let exchange = try await world.acceptedExchange(requester, supporter, offer: try await world.offer(supporter, in: network))
        world.advance(hours: 24)
        _ = try await world.domain.exchanges.confirm(supporter, exchange.id, minutesGiven: 60)
        let mark = try await world.outboxMark()
        #expect(try await world.domain.runDueWork().reminders.pleaseConfirm == 0)  // not over yet

        world.advance(hours: 1)
        #expect(try await world.domain.runDueWork().reminders.pleaseConfirm == 1)
        world.advance(hours: 5)
        #expect(try await world.domain.runDueWork().reminders.pleaseConfirm == 0)
        #expect(try await world.notices(after: mark).filter { $0.kind == .exchangePleaseConfirm }
            == [NoticeRow(.exchangePleaseConfirm, requester)])
        let key = try #require(try await world.outbox(after: mark).first { $0.draft.kind == .exchangePleaseConfirm }).draft.dedupeKey
        #expect(key == "exchange.please_confirm:\(exchange.id.rawValue):\(requester.memberID.rawValue)")
    }
}
