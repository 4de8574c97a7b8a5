import Exchange
import ExchangeSQLite
import Foundation
import Ledger
import Testing

/// The membership decisions that the HTTP handlers used to check before calling a second
/// domain operation (check-then-act), now each one domain operation whose update expects the
/// status it checked.
@Suite struct MembershipDecisionTests {
    /// Proves appointing a coordinator is the administrator's, of an active member only: the
    /// administrator appoints an active member; a suspended one is refused (invalid state); a
    /// coordinator of the network is refused (forbidden); a member of another network is not
    /// found, and so is the network for someone outside it.
    @Test func appointCoordinatorRules() async throws {
        let world = try await World()
        defer { world.remove() }
        let north = try await world.network("north-wellbeing")
        let south = try await world.network("south-wellbeing")
        let coordinator = try await world.member("Cora", in: north, role: .coordinator)
        let nurse = try await world.member("Nia", in: north)
        let suspended = try await world.member("Sol", in: north)
        let outsider = try await world.member("Oli", in: south)
        let memberships = world.domain.memberships
        _ = try await memberships.suspend(world.admin, memberID: suspended.memberID, networkID: north.id)

        let appointed = try await memberships.appointCoordinator(world.admin, memberID: nurse.memberID, networkID: north.id)
        #expect(appointed.role == .coordinator && appointed.status == .active)
        #expect(try await memberships.membership(world.admin, memberID: nurse.memberID, networkID: north.id)?.role == .coordinator)
        #expect(await refusal {
            _ = try await memberships.appointCoordinator(world.admin, memberID: suspended.memberID, networkID: north.id)
        }?.isInvalidState == true)
        #expect(await refusal {
            _ = try await memberships.appointCoordinator(coordinator, memberID: nurse.memberID, networkID: north.id)
        }?.isForbidden == true)
        #expect(await refusal {
            _ = try await memberships.appointCoordinator(world.admin, memberID: outsider.memberID, networkID: north.id)
        }?.isNotFound == true)
        #expect(await refusal {
            _ = try await memberships.appointCoordinator(outsider, memberID: nurse.memberID, networkID: north.id)
        }?.isNotFound == true)
    }

    /// Proves approval takes an invited membership only and reinstatement a suspended one: each
    /// refuses the other's status (invalid state), and a member of the network who does not
    /// coordinate it may do neither (forbidden).
    @Test func approveAndReinstateTakeOneStatusEach() async throws {
        let world = try await World()
        defer { world.remove() }
        let north = try await world.network("north-wellbeing")
        let coordinator = try await world.member("Cora", in: north, role: .coordinator)
        let nurse = try await world.member("Nia", in: north)
        let invitee = try await world.domain.members.createMember(world.admin, profile("Ines"))
        let memberships = world.domain.memberships
        _ = try await memberships.invite(coordinator, memberID: invitee.id, networkID: north.id)
        _ = try await memberships.suspend(coordinator, memberID: nurse.memberID, networkID: north.id)

        #expect(await refusal { _ = try await memberships.approve(coordinator, memberID: nurse.memberID, networkID: north.id) }?
            .isInvalidState == true)
        #expect(await refusal { _ = try await memberships.reinstate(coordinator, memberID: invitee.id, networkID: north.id) }?
            .isInvalidState == true)
        #expect(await refusal { _ = try await memberships.approve(invitee.actor, memberID: invitee.id, networkID: north.id) }?
            .isForbidden == true)
        #expect(try await memberships.approve(coordinator, memberID: invitee.id, networkID: north.id).status == .active)
        #expect(await refusal { _ = try await memberships.reinstate(invitee.actor, memberID: nurse.memberID, networkID: north.id) }?
            .isForbidden == true)
        #expect(try await memberships.reinstate(coordinator, memberID: nurse.memberID, networkID: north.id).status == .active)
        #expect(await refusal { _ = try await memberships.reinstate(coordinator, memberID: nurse.memberID, networkID: north.id) }?
            .isInvalidState == true)
    }

    /// Proves the check and the change are one step: when another instance suspends the member
    /// between the appointment's read and its write, the write's compare-and-set fails, the
    /// appointment is decided again on the suspended membership and refused (invalid state), and
    /// the suspended member does not become a coordinator; likewise a reinstatement whose
    /// membership leaves meanwhile is refused and the membership stays left.
    @Test func aChangeBetweenCheckAndWriteIsDecidedAgain() async throws {
        let world = try await World(flaky: true)
        defer { world.remove() }
        let store = try #require(world.flaky)
        let north = try await world.network("north-wellbeing")
        let nurse = try await world.member("Nia", in: north)
        let memberships = world.domain.memberships

        store.interleaveBeforeNextMembershipUpdate { base in
            var suspended = try #require(try await base.membership(memberID: nurse.memberID, networkID: north.id))
            suspended.status = .suspended
            _ = try await base.updateMembership(suspended, audit: [])
        }
        let appointed = await refusal {
            _ = try await memberships.appointCoordinator(world.admin, memberID: nurse.memberID, networkID: north.id)
        }
        #expect(appointed.map { if case .invalidState = $0 { true } else { false } } == true)
        let after = try #require(try await memberships.membership(world.admin, memberID: nurse.memberID, networkID: north.id))
        #expect(after.status == .suspended && after.role == .member)

        store.interleaveBeforeNextMembershipUpdate { base in
            var left = try #require(try await base.membership(memberID: nurse.memberID, networkID: north.id))
            left.status = .left
            _ = try await base.updateMembership(left, audit: [])
        }
        let reinstated = await refusal {
            _ = try await memberships.reinstate(world.admin, memberID: nurse.memberID, networkID: north.id)
        }
        #expect(reinstated.map { if case .invalidState = $0 { true } else { false } } == true)
        #expect(try await memberships.membership(world.admin, memberID: nurse.memberID, networkID: north.id)?.status == .left)
    }
}
