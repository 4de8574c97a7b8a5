import Exchange
import Foundation
import Ledger
import Testing

@Suite struct MembershipReasonTests {
    // Proves a coordinator's reason for suspending, reinstating and approving is kept, trimmed,
    // as the audit event's detail; a blank or too long reason is refused at `reason` before
    // anything changes; and without a reason the event has no detail, as before.
    @Test func reasonIsAuditedAndChecked() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("reasons")
        let coordinator = try await world.member("Cora", in: network, role: .coordinator)
        let nurse = try await world.member("Nia", in: network)
        let memberships = world.domain.memberships
        for bad in ["  \n ", String(repeating: "x", count: MembershipService.reasonLengthMax + 1)] {
            let refused = await refusal {
                _ = try await memberships.suspend(coordinator, memberID: nurse.memberID, networkID: network.id, reason: bad)
            }
            guard case .validation(let error)? = refused else { Issue.record("expected a validation error"); return }
            #expect(error.field == "reason")
        }
        #expect(try await memberships.membership(coordinator, memberID: nurse.memberID, networkID: network.id)?.status == .active)
        _ = try await memberships.suspend(coordinator, memberID: nurse.memberID, networkID: network.id, reason: "  Missed three sessions \n")
        _ = try await memberships.reinstate(coordinator, memberID: nurse.memberID, networkID: network.id, reason: "Talked it through")
        _ = try await memberships.suspend(coordinator, memberID: nurse.memberID, networkID: network.id)
        let newcomer = try await world.domain.members.createMember(world.admin, profile("Ines"))
        _ = try await memberships.invite(coordinator, memberID: newcomer.id, networkID: network.id)
        _ = try await memberships.approve(coordinator, memberID: newcomer.id, networkID: network.id, reason: "Known to the team")

        let events = try await world.domain.audit.trail(coordinator, networkID: network.id, page: PageRequest(size: 100)).items
            .filter { [.membershipSuspended, .membershipReinstated, .membershipApproved].contains($0.action) }
        #expect(events.map(\.action) == [.membershipSuspended, .membershipReinstated, .membershipSuspended, .membershipApproved])
        #expect(events.map(\.detail) == ["Missed three sessions", "Talked it through", nil, "Known to the team"])
        #expect(events.allSatisfy { $0.actorID == coordinator.memberID })
    }
}
