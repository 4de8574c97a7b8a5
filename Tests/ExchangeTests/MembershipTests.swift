import Exchange
import Foundation
import Ledger
import Testing

@Suite struct MembershipTests {
    // Proves the welcome grant is paid once: activating again, suspending and reinstating,
    // leaving and being invited and activated again all leave exactly one grant on the statement.
    @Test func welcomeGrantIsPaidOnce() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing", policy: NetworkPolicy(welcomeGrantMinutes: 90))
        let coordinator = try await world.member("Cora", in: network, role: .coordinator)
        let nurse = try await world.member("Nia", in: network)
        let memberships = world.domain.memberships
        _ = try await memberships.activate(nurse, memberID: nurse.memberID, networkID: network.id)
        #expect(await refusal { _ = try await memberships.suspend(nurse, memberID: coordinator.memberID, networkID: network.id) }?.isForbidden == true)
        _ = try await memberships.suspend(coordinator, memberID: nurse.memberID, networkID: network.id)
        #expect(await refusal { _ = try await memberships.activate(nurse, memberID: nurse.memberID, networkID: network.id) }?.isForbidden == true)
        #expect(await refusal { _ = try await world.offer(nurse, in: network) }?.isForbidden == true)
        #expect(try await memberships.activate(coordinator, memberID: nurse.memberID, networkID: network.id).status == .active)
        #expect(try await memberships.leave(nurse, networkID: network.id).status == .left)
        #expect(await refusal { _ = try await memberships.activate(nurse, memberID: nurse.memberID, networkID: network.id) }?.isInvalidState == true)
        _ = try await memberships.invite(coordinator, memberID: nurse.memberID, networkID: network.id)
        _ = try await memberships.activate(nurse, memberID: nurse.memberID, networkID: network.id)

        #expect(try await world.minutes(nurse, network) == [90, 0, 90])
        let lines = try await world.domain.accounts.statement(nurse, memberID: nurse.memberID, networkID: network.id).items
        #expect(lines.map(\.purpose) == [.welcomeGrant])
        #expect(try await world.communityPostedMinutes(network) == -180)
    }

    // Proves a network with no welcome grant opens the account without a transfer, and that
    // an invited member has no balance to read until activated.
    @Test func noGrantAndNoAccountBeforeActivation() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("quiet-network", policy: NetworkPolicy(welcomeGrantMinutes: 0))
        let member = try await world.domain.members.createMember(world.admin, profile("Ines"))
        _ = try await world.domain.memberships.invite(world.admin, memberID: member.id, networkID: network.id)
        #expect(await refusal { _ = try await world.balance(member.actor, network) }?.isInvalidState == true)
        _ = try await world.domain.memberships.activate(member.actor, memberID: member.id, networkID: network.id)
        #expect(try await world.minutes(member.actor, network) == [0, 0, 0])
        #expect(try await world.balance(member.actor, network).floorMinutes == -600)
    }

    // Proves network creation is idempotent for the same draft and refuses a taken slug with a
    // different draft; and that only one administrator can be bootstrapped.
    @Test func networkCreationAndBootstrap() async throws {
        let world = try await World()
        defer { world.remove() }
        let first = try await world.network("north-wellbeing")
        #expect(try await world.network("north-wellbeing") == first)
        let taken = await refusal {
            _ = try await world.domain.networks.createNetwork(world.admin, NetworkDraft(slug: "north-wellbeing", name: "Other"))
        }
        #expect(taken == .conflict("the slug north-wellbeing is taken"))
        #expect(await refusal { _ = try await world.domain.members.bootstrapAdministrator(profile("Second")) } == .conflict("an administrator exists already"))
        #expect(try await world.ledger.store.account(first.communityAccountID)?.kind == .community)
        #expect(try await world.ledger.store.account(first.correctionAccountID)?.kind == .correction)
    }
}
