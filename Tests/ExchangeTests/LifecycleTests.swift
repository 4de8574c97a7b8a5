import Exchange
import Foundation
import Ledger
import Testing

@Suite struct LifecycleTests {
    // Proves the whole one-to-one lifecycle on the ledger: welcome grants, propose, accept
    // (reserve), both confirm (post), with both sides' posted, pending and available minutes
    // checked at every step, the request's status following, and the journal verifying.
    @Test func proposeAcceptConfirmMovesTheMinutes() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let gp = try await world.member("Grace GP", in: network)
        let nurse = try await world.member("Nia Nurse", in: network)
        #expect(try await world.minutes(gp, network) == [120, 0, 120])
        #expect(try await world.minutes(nurse, network) == [120, 0, 120])
        #expect(try await world.communityPostedMinutes(network) == -240)

        let offer = try await world.offer(nurse, in: network)
        let request = try await world.request(gp, in: network)
        let proposed = try await world.propose(gp, offer: offer, request: request)
        #expect(proposed.status == .proposed)
        #expect(try await world.minutes(gp, network) == [120, 0, 120])

        let accepted = try await world.domain.exchanges.accept(nurse, proposed.id)
        #expect(accepted.status == .accepted)
        #expect(try await world.minutes(gp, network) == [120, 60, 60])
        #expect(try await world.balance(nurse, network).pendingInMinutes == 60)
        #expect(try await world.domain.requests.request(gp, request.id).status == .matched)

        world.advance(hours: 25)
        let half = try await world.domain.exchanges.confirm(gp, proposed.id, minutesGiven: 60)
        #expect(half.status == .accepted)
        let done = try await world.domain.exchanges.confirm(nurse, proposed.id, minutesGiven: 60)
        #expect(done.status == .completed)
        #expect(done.settledMinutes == 60)
        #expect(try await world.minutes(gp, network) == [60, 0, 60])
        #expect(try await world.minutes(nurse, network) == [180, 0, 180])
        #expect(try await world.domain.requests.request(gp, request.id).status == .closed)

        let statement = try await world.domain.accounts.statement(nurse, memberID: nurse.memberID, networkID: network.id)
        #expect(statement.items.map(\.purpose) == [.welcomeGrant, .exchange(done.id), .exchange(done.id)])
        #expect(statement.items.map(\.kind) == ["single", "pending", "post_pending"])
        try await world.verifyLedger()
    }

    // Proves that equal confirmations of fewer minutes than reserved post only those minutes
    // and release the rest of the reservation.
    @Test func confirmingFewerMinutesPostsFewer() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let gp = try await world.member("Grace GP", in: network)
        let nurse = try await world.member("Nia Nurse", in: network)
        let exchange = try await world.acceptedExchange(gp, nurse, offer: try await world.offer(nurse, in: network), minutes: 90)
        world.advance(hours: 25)
        _ = try await world.domain.exchanges.confirm(nurse, exchange.id, minutesGiven: 45)
        let done = try await world.domain.exchanges.confirm(gp, exchange.id, minutesGiven: 45)
        #expect(done.status == .completed)
        #expect(try await world.minutes(gp, network) == [75, 0, 75])
        #expect(try await world.minutes(nurse, network) == [165, 0, 165])
    }

    // Proves cancel after acceptance voids the reservation (both balances back where they
    // were, request open again), and that differing confirmations dispute the exchange, which a
    // coordinator then resolves by posting reduced minutes.
    @Test func cancelVoidsAndDisputeIsResolvedByACoordinator() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let gp = try await world.member("Grace GP", in: network)
        let nurse = try await world.member("Nia Nurse", in: network)
        let coordinator = try await world.member("Cora Coordinator", in: network, role: .coordinator)
        let offer = try await world.offer(nurse, in: network)
        let request = try await world.request(gp, in: network)

        let first = try await world.acceptedExchange(gp, nurse, offer: offer, request: request)
        let cancelled = try await world.domain.exchanges.cancel(gp, first.id)
        #expect(cancelled.status == .cancelled)
        #expect(try await world.minutes(gp, network) == [120, 0, 120])
        #expect(try await world.minutes(nurse, network) == [120, 0, 120])
        #expect(try await world.domain.requests.request(gp, request.id).status == .open)

        let second = try await world.acceptedExchange(gp, nurse, offer: offer, request: request)
        world.advance(hours: 25)
        _ = try await world.domain.exchanges.confirm(gp, second.id, minutesGiven: 30)
        let disputed = try await world.domain.exchanges.confirm(nurse, second.id, minutesGiven: 60)
        #expect(disputed.status == .disputed)
        #expect(try await world.minutes(gp, network) == [120, 60, 60])
        let resolved = try await world.domain.exchanges.resolve(coordinator, second.id, .post(minutes: 40))
        #expect(resolved.status == .completed)
        #expect(resolved.resolvedByID == coordinator.memberID)
        #expect(try await world.minutes(gp, network) == [80, 0, 80])
        #expect(try await world.minutes(nurse, network) == [160, 0, 160])

        let third = try await world.acceptedExchange(gp, nurse, offer: offer)
        _ = try await world.domain.exchanges.dispute(nurse, third.id)
        let voided = try await world.domain.exchanges.resolve(coordinator, third.id, .void)
        #expect(voided.status == .cancelled)
        #expect(try await world.minutes(gp, network) == [80, 0, 80])
        try await world.verifyLedger()
    }

    // Proves a coordinator may propose on a member's behalf, and that decline leaves the
    // ledger untouched.
    @Test func coordinatorProposesAndSupporterDeclines() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let gp = try await world.member("Grace GP", in: network)
        let nurse = try await world.member("Nia Nurse", in: network)
        let coordinator = try await world.member("Cora Coordinator", in: network, role: .coordinator)
        let offer = try await world.offer(nurse, in: network)
        let proposed = try await world.domain.exchanges.propose(coordinator, ExchangeProposal(
            offerID: offer.id, requesterID: gp.memberID, scheduledStart: world.now.addingTimeInterval(3600)))
        #expect(proposed.requesterID == gp.memberID)
        #expect(proposed.proposedByID == coordinator.memberID)
        #expect(proposed.durationMinutes == 60)
        let sequence = try await world.journalSequence()
        let declined = try await world.domain.exchanges.decline(nurse, proposed.id)
        #expect(declined.status == .declined)
        #expect(try await world.journalSequence() == sequence)
    }
}
