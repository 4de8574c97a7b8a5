import Exchange
import Foundation
import Testing

@Suite struct OpenExchangeCountTests {
    // Proves the store counts open exchanges by status over every network — each open status
    // present (zero included), final ones left out — as exchanges are proposed, accepted,
    // disputed, completed and declined; on SQLite and, under PEERHOURS_TEST_DATABASE_URL, PostgreSQL.
    @Test func countsOpenExchangesByStatus() async throws {
        let world = try await World()
        defer { world.remove() }
        #expect(try await world.store.openExchangeCounts() == [.proposed: 0, .accepted: 0, .disputed: 0])
        let north = try await world.network("north-counts")
        let south = try await world.network("south-counts")
        let gp = try await world.member("Grace GP", in: north)
        let nurse = try await world.member("Nia Nurse", in: north)
        let pharmacist = try await world.member("Pia Pharmacist", in: south)
        let medic = try await world.member("Max Medic", in: south)
        let northOffer = try await world.offer(nurse, in: north)
        let southOffer = try await world.offer(medic, in: south)
        let proposed = try await world.propose(gp, offer: northOffer)
        let declined = try await world.propose(gp, offer: northOffer)
        _ = try await world.domain.exchanges.decline(nurse, declined.id)
        let accepted = try await world.acceptedExchange(pharmacist, medic, offer: southOffer)
        let completed = try await world.acceptedExchange(gp, nurse, offer: northOffer)
        let disputed = try await world.acceptedExchange(pharmacist, medic, offer: southOffer)
        world.advance(hours: 25)
        _ = try await world.domain.exchanges.confirm(gp, completed.id, minutesGiven: 60)
        _ = try await world.domain.exchanges.confirm(nurse, completed.id, minutesGiven: 60)
        let dispute = try await world.domain.exchanges.dispute(pharmacist, disputed.id, reason: "It did not take place")
        #expect(dispute.status == .disputed)
        #expect(proposed.status == .proposed && accepted.status == .accepted)
        #expect(try await world.store.openExchangeCounts() == [.proposed: 1, .accepted: 1, .disputed: 1])
    }
}
