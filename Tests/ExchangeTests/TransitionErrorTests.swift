import Exchange
import Foundation
import Ledger
import Testing

/// Three members of one network, an offer, and an accepted exchange between two of them.
private struct Scene {
    let world: World
    let network: Network
    let gp: Actor
    let nurse: Actor
    let bystander: Actor
    let coordinator: Actor
    let offer: Offer

    init() async throws {
        world = try await World()
        network = try await world.network("north-wellbeing")
        gp = try await world.member("Grace GP", in: network)
        nurse = try await world.member("Nia Nurse", in: network)
        bystander = try await world.member("Ben Bystander", in: network)
        coordinator = try await world.member("Cora Coordinator", in: network, role: .coordinator)
        offer = try await world.offer(nurse, in: network)
    }

    var exchanges: ExchangeService { world.domain.exchanges }

    /// Runs a refused transition and checks that neither the exchange nor the ledger changed.
    func refused(_ id: ExchangeID, _ body: () async throws -> Void) async throws -> ExchangeError? {
        let before = try await world.store.exchange(id)
        let sequence = try await world.journalSequence()
        let error = await refusal(body)
        #expect(try await world.store.exchange(id) == before)
        #expect(try await world.journalSequence() == sequence)
        return error
    }
}

@Suite struct TransitionErrorTests {
    // Proves every transition out of `proposed` refuses the wrong person and the wrong state
    // with the right error, changing nothing.
    @Test func proposedRefusals() async throws {
        let scene = try await Scene()
        defer { scene.world.remove() }
        let id = try await scene.world.propose(scene.gp, offer: scene.offer).id
        #expect(try await scene.refused(id) { _ = try await scene.exchanges.accept(scene.gp, id) }?.isForbidden == true)
        #expect(try await scene.refused(id) { _ = try await scene.exchanges.decline(scene.gp, id) }?.isForbidden == true)
        #expect(try await scene.refused(id) { _ = try await scene.exchanges.cancel(scene.bystander, id) }?.isForbidden == true)
        #expect(try await scene.refused(id) { _ = try await scene.exchanges.confirm(scene.gp, id, minutesGiven: 60) }?.isInvalidState == true)
        #expect(try await scene.refused(id) { _ = try await scene.exchanges.dispute(scene.gp, id) }?.isInvalidState == true)
        #expect(try await scene.refused(id) { _ = try await scene.exchanges.resolve(scene.coordinator, id, .void) }?.isInvalidState == true)
        #expect(try await scene.refused(id) { _ = try await scene.exchanges.resolve(scene.bystander, id, .void) }?.isForbidden == true)
    }

    // Proves the refusals of an accepted exchange: confirming before the start, too many
    // minutes, a bystander confirming or disputing, declining once accepted, and changing
    // one's own confirmation.
    @Test func acceptedRefusals() async throws {
        let scene = try await Scene()
        defer { scene.world.remove() }
        let id = try await scene.world.acceptedExchange(scene.gp, scene.nurse, offer: scene.offer).id
        #expect(try await scene.refused(id) { _ = try await scene.exchanges.confirm(scene.gp, id, minutesGiven: 60) }?.isInvalidState == true)
        scene.world.advance(hours: 25)
        #expect(try await scene.refused(id) { _ = try await scene.exchanges.confirm(scene.gp, id, minutesGiven: 61) }?.validationField == "minutesGiven")
        #expect(try await scene.refused(id) { _ = try await scene.exchanges.confirm(scene.gp, id, minutesGiven: 0) }?.validationField == "minutesGiven")
        #expect(try await scene.refused(id) { _ = try await scene.exchanges.confirm(scene.bystander, id, minutesGiven: 60) }?.isForbidden == true)
        #expect(try await scene.refused(id) { _ = try await scene.exchanges.dispute(scene.bystander, id) }?.isForbidden == true)
        #expect(try await scene.refused(id) { _ = try await scene.exchanges.decline(scene.nurse, id) }?.isInvalidState == true)
        #expect(try await scene.refused(id) { _ = try await scene.exchanges.accept(scene.gp, id) }?.isForbidden == true)
        _ = try await scene.exchanges.confirm(scene.gp, id, minutesGiven: 50)
        #expect(try await scene.refused(id) { _ = try await scene.exchanges.confirm(scene.gp, id, minutesGiven: 60) }?.isInvalidState == true)
        // Repeating one's own confirmation is harmless.
        #expect(try await scene.exchanges.confirm(scene.gp, id, minutesGiven: 50).status == .accepted)
    }

    // Proves the refusals of disputed and finished exchanges: a party coordinator may not
    // resolve, a resolution may not post more than reserved, and nothing moves a completed,
    // declined or cancelled exchange.
    @Test func disputedAndFinalRefusals() async throws {
        let scene = try await Scene()
        defer { scene.world.remove() }
        let partyCoordinator = scene.coordinator
        let offer = try await scene.world.offer(partyCoordinator, in: scene.network, title: "Coaching from a lead")
        let own = try await scene.world.acceptedExchange(scene.gp, partyCoordinator, offer: offer)
        _ = try await scene.exchanges.dispute(scene.gp, own.id)
        #expect(try await scene.refused(own.id) { _ = try await scene.exchanges.resolve(partyCoordinator, own.id, .void) }?.isForbidden == true)

        let disputed = try await scene.world.acceptedExchange(scene.gp, scene.nurse, offer: scene.offer)
        _ = try await scene.exchanges.dispute(scene.nurse, disputed.id)
        #expect(try await scene.refused(disputed.id) { _ = try await scene.exchanges.resolve(scene.coordinator, disputed.id, .post(minutes: 61)) }?.validationField == "minutes")
        #expect(try await scene.refused(disputed.id) { _ = try await scene.exchanges.cancel(scene.gp, disputed.id) }?.isInvalidState == true)
        #expect(try await scene.refused(disputed.id) { _ = try await scene.exchanges.confirm(scene.gp, disputed.id, minutesGiven: 60) }?.isInvalidState == true)

        let declined = try await scene.world.propose(scene.gp, offer: scene.offer)
        _ = try await scene.exchanges.decline(scene.nurse, declined.id)
        #expect(try await scene.refused(declined.id) { _ = try await scene.exchanges.accept(scene.nurse, declined.id) }?.isInvalidState == true)
        #expect(try await scene.refused(declined.id) { _ = try await scene.exchanges.cancel(scene.gp, declined.id) }?.isInvalidState == true)

        let completed = try await scene.world.acceptedExchange(scene.gp, scene.nurse, offer: scene.offer)
        scene.world.advance(hours: 25)
        _ = try await scene.exchanges.confirm(scene.gp, completed.id, minutesGiven: 60)
        _ = try await scene.exchanges.confirm(scene.nurse, completed.id, minutesGiven: 60)
        #expect(try await scene.refused(completed.id) { _ = try await scene.exchanges.cancel(scene.gp, completed.id) }?.isInvalidState == true)
        #expect(try await scene.refused(completed.id) { _ = try await scene.exchanges.dispute(scene.nurse, completed.id) }?.isInvalidState == true)
    }

    // Proves proposals are refused for one's own offer, a paused offer, a past start, a request
    // that excludes the supporter, and by a member proposing on someone else's behalf.
    @Test func proposalRefusals() async throws {
        let scene = try await Scene()
        defer { scene.world.remove() }
        let world = scene.world
        let future = world.now.addingTimeInterval(3600)
        #expect(await refusal { _ = try await scene.exchanges.propose(scene.nurse, ExchangeProposal(offerID: scene.offer.id, scheduledStart: future)) }?.validationField == "offerID")
        #expect(await refusal { _ = try await scene.exchanges.propose(scene.gp, ExchangeProposal(offerID: scene.offer.id, scheduledStart: world.now)) }?.validationField == "scheduledStart")
        #expect(await refusal { _ = try await scene.exchanges.propose(scene.bystander, ExchangeProposal(offerID: scene.offer.id, requesterID: scene.gp.memberID, scheduledStart: future)) }?.isForbidden == true)
        let excluding = try await world.request(scene.gp, in: scene.network, excluded: [scene.nurse.memberID])
        #expect(await refusal { _ = try await scene.exchanges.propose(scene.gp, ExchangeProposal(offerID: scene.offer.id, requestID: excluding.id, scheduledStart: future)) }?.validationField == "offerID")
        _ = try await world.domain.offers.setOfferStatus(scene.nurse, scene.offer.id, .paused)
        #expect(await refusal { _ = try await scene.exchanges.propose(scene.gp, ExchangeProposal(offerID: scene.offer.id, scheduledStart: future)) }?.isInvalidState == true)
        #expect(try await world.domain.exchanges.myExchanges(scene.gp).items.isEmpty)
    }
}
