import Exchange
import Foundation
import Ledger
import Outbox
import Testing

/// Email is not a private channel: nothing a member wrote reaches the outbox.
@Suite struct NoticePrivacyTests {
    /// Proves that after a request, an offer, an exchange through proposal, messages, dispute,
    /// its answer and resolution, and a group session, all written with a unique marker, the
    /// outbox holds notices and none of them holds the marker in any column.
    @Test func noWrittenTextReachesTheOutbox() async throws {
        let marker = "ZEBRA-\(UInt32.random(in: 0...UInt32.max))"
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north")
        _ = try await world.member("Cora", in: network, role: .coordinator)
        let requester = try await world.member("Rita", in: network)
        let supporter = try await world.member("Sam", in: network)
        let offer = try await world.offer(supporter, in: network, title: "Support \(marker)")
        let request = try await world.request(requester, in: network, description: "I need help with \(marker)")
        let exchange = try await world.acceptedExchange(requester, supporter, offer: offer, request: request)
        _ = try await world.domain.messages.post(requester, exchange.id, body: "Private words \(marker)")
        _ = try await world.domain.messages.post(supporter, exchange.id, body: "Reply \(marker)")
        world.advance(hours: 25)
        _ = try await world.domain.exchanges.dispute(requester, exchange.id, reason: "Dispute \(marker)")
        _ = try await world.domain.exchanges.answerDispute(supporter, exchange.id, reason: "Answer \(marker)")
        let lead = try await world.member("Lee", in: network, role: .coordinator)
        _ = try await world.domain.exchanges.resolve(lead, exchange.id, .void, reason: "Resolution \(marker)")
        let group = try await world.domain.groupSessions.createGroupSession(supporter, GroupSessionDraft(
            networkID: network.id, title: "Circle \(marker)", scheduledStart: world.now.addingTimeInterval(3600),
            durationMinutes: 60, participantIDs: [requester.memberID, lead.memberID]))
        _ = try await world.domain.groupSessions.join(requester, group.id)
        _ = try await world.domain.groupSessions.cancel(supporter, group.id)

        let kinds = Set(try await world.outbox().map(\.draft.kind))
        #expect(kinds.isSuperset(of: [
            .exchangeProposed, .exchangeAccepted, .exchangeMessage, .exchangeDisputed, .exchangeResolved,
            .groupSessionJoined, .groupSessionCancelled,
        ]))
        #expect(try await world.outboxRows(containing: marker) == 0)
    }
}
