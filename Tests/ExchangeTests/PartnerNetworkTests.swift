import Exchange
import Foundation
import Ledger
import Testing

@Suite struct PartnerNetworkTests {
    // Proves what a plain member may read of their network's partners: only active and
    // suspended agreements (a proposal, a declined or an ended one is not shown), each with the
    // partner's name, the kinds, the monthly limit on *their* side, and whether it is in force
    // now; both sides read the agreement from their own side.
    @Test func membersSeeTheirPartnersFromTheirSide() async throws {
        let world = try await World()
        defer { world.remove() }
        let north = try await world.network("north-gp")
        let south = try await world.network("south-nurses")
        let east = try await world.network("east-pharmacy")
        let northLead = try await world.member("Nia", in: north, role: .coordinator)
        let southLead = try await world.member("Sol", in: south, role: .coordinator)
        let eastLead = try await world.member("Eve", in: east, role: .coordinator)
        let mo = try await world.member("Mo", in: north)
        let sam = try await world.member("Sam", in: south)
        let agreements = world.domain.agreements

        let terms = AgreementTests.terms(world, kinds: ["peer_support", "coaching"])
        let withSouth = try await agreements.propose(northLead, from: north.id, to: south.id, terms)
        #expect(try await agreements.partnerNetworks(mo, networkID: north.id).isEmpty)
        _ = try await agreements.accept(southLead, withSouth.id)
        _ = try await agreements.propose(eastLead, from: east.id, to: north.id, AgreementTests.terms(world))

        let seen = try await agreements.partnerNetworks(mo, networkID: north.id)
        #expect(seen.map(\.name) == ["Network south-nurses"])
        #expect(seen.first?.kinds == ["peer_support", "coaching"])
        #expect(seen.first?.monthlySessionQuota == 5)
        #expect(seen.first?.status == .active && seen.first?.isInForce == true)
        let fromSouth = try await agreements.partnerNetworks(sam, networkID: south.id)
        #expect(fromSouth.map(\.networkID) == [north.id] && fromSouth.first?.monthlySessionQuota == nil)

        _ = try await agreements.suspend(southLead, withSouth.id)
        let suspended = try await agreements.partnerNetworks(mo, networkID: north.id)
        #expect(suspended.first?.status == .suspended && suspended.first?.isInForce == false)
        _ = try await agreements.end(northLead, withSouth.id)
        #expect(try await agreements.partnerNetworks(mo, networkID: north.id).isEmpty)
    }

    // Proves who may read them: a member of another network gets 404 (as for the network
    // itself), a suspended member 403, an administrator may, an unknown network is 404.
    @Test func onlyTheNetworksActiveMembersMayRead() async throws {
        let world = try await World()
        defer { world.remove() }
        let north = try await world.network("north-gp")
        let south = try await world.network("south-nurses")
        let northLead = try await world.member("Nia", in: north, role: .coordinator)
        let mo = try await world.member("Mo", in: north)
        let sam = try await world.member("Sam", in: south)
        let agreements = world.domain.agreements

        #expect(await refusal { _ = try await agreements.partnerNetworks(sam, networkID: north.id) }?.isNotFound == true)
        #expect(try await agreements.partnerNetworks(world.admin, networkID: north.id).isEmpty)
        #expect(await refusal { _ = try await agreements.partnerNetworks(world.admin, networkID: NetworkID(999)) }?.isNotFound == true)
        _ = try await world.domain.memberships.suspend(northLead, memberID: mo.memberID, networkID: north.id)
        #expect(await refusal { _ = try await agreements.partnerNetworks(mo, networkID: north.id) }?.isForbidden == true)
    }
}
