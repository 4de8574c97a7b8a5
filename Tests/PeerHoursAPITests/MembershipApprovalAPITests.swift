import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import PeerHoursAPI

@Suite struct MembershipApprovalAPITests {
    // Proves over HTTP: a coordinator approves an invited membership (200, active, the welcome
    // grant paid once, the approval in the trail); approving again, or an active one, is 409; a
    // member is 403 and another network's coordinator 404, with nothing changed.
    @Test func coordinatorApprovesAnInvitedMembership() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let north = try await fixture.network("north-gp")
        let east = try await fixture.network("east-pharmacy")
        let lead = try await fixture.member("Nia", in: north, role: .coordinator)
        let peer = try await fixture.member("Mo", in: north)
        let eastLead = try await fixture.member("Eve", in: east, role: .coordinator)
        let invited = try await fixture.domain.members.createMember(
            fixture.admin.actor, AppFixture.profile("Ivy", organisation: "Ivy Practice"))
        _ = try await fixture.domain.memberships.invite(fixture.admin.actor, memberID: invited.id, networkID: north.id, role: .member)
        try await fixture.application().test(.router) { client in
            let nia = try await client.logIn(lead)
            let mo = try await client.logIn(peer)
            let eve = try await client.logIn(eastLead)
            let path = "/networks/\(north.id.rawValue)/memberships/\(invited.id.rawValue)/approve"
            #expect(try await client.send(.post, path, token: mo).status == .forbidden)
            #expect(try await client.send(.post, path, token: eve).status == .notFound)
            let listed = try await fixture.domain.memberships.members(lead.actor, of: north.id, page: PageRequest(size: 100)).items
            #expect(listed.first { $0.memberID == invited.id }?.status == .invited)
            let approved = try await client.send(.post, path, token: nia)
            #expect(approved.status == .ok)
            #expect(try approved.json(MembershipBody.self).status == "active")
            #expect(try await client.send(.post, path, token: nia).status == .conflict)
            #expect(try await client.send(.post, "/networks/\(north.id.rawValue)/memberships/\(peer.id.rawValue)/approve", token: nia)
                .status == .conflict)
            let balance = try await fixture.domain.accounts.balance(lead.actor, memberID: invited.id, networkID: north.id)
            #expect(balance.postedMinutes == 120)
            let trail = try await fixture.domain.audit.trail(lead.actor, networkID: north.id, page: PageRequest(size: 100)).items
            #expect(trail.filter { $0.action == .membershipApproved && $0.subjectMemberID == invited.id }.count == 1)
        }
    }
}
