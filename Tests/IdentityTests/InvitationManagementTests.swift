import Crypto
import Foundation
import Identity
import IdentitySQLite
import Testing

@Suite struct InvitationManagementTests {
    static let network: Int64 = 7
    static let lead: Int64 = 2

    static func key(_ name: String, request: String = "request") -> InvitationKey {
        InvitationKey(keyHash: Data(SHA256.hash(data: Data(name.utf8))), requestHash: Data(SHA256.hash(data: Data(request.utf8))))
    }

    // Proves the list shows each state — pending, accepted (with when and by whom), expired,
    // revoked — newest first, narrowed by state before the limit, only the network's own.
    @Test func listsEveryStateNewestFirst() async throws {
        let fixture = try await IdentityFixture()
        let service = fixture.service
        let accepted = try await service.invite(email: "acc@example.org", networkID: Self.network, invitedBy: Self.lead)
        let acceptance = try await service.claimInvitation(token: accepted.token, password: IdentityFixture.strongPassword)
        try await service.completeAcceptance(acceptance, memberID: 30)
        let expired = try await service.invite(email: "exp@example.org", networkID: Self.network, invitedBy: Self.lead)
        fixture.clock.advance(seconds: 8 * 24 * 3600)
        let revoked = try await service.invite(email: "rev@example.org", networkID: Self.network, invitedBy: Self.lead)
        _ = try await service.revokeInvitation(id: revoked.invitation.id, networkID: Self.network)
        let pending = try await service.invite(email: "Pen@Example.org", networkID: Self.network, invitedBy: Self.lead)
        _ = try await service.invite(email: "elsewhere@example.org", networkID: 8, invitedBy: Self.lead)

        let all = try await service.invitations(networkID: Self.network, state: nil, beforeID: nil, limit: 10)
        #expect(all.map(\.invitation.id) == [pending, revoked, expired, accepted].map(\.invitation.id))
        #expect(all.map(\.state) == [.pending, .revoked, .expired, .accepted])
        #expect(all[0].invitation.email == "pen@example.org")
        #expect(all[1].revokedAt != nil && all[1].acceptedAt == nil)
        #expect(all[3].acceptedMemberID == 30 && all[3].acceptedAt != nil)
        for state in InvitationState.allCases {
            let narrowed = try await service.invitations(networkID: Self.network, state: state, beforeID: nil, limit: 1)
            #expect(narrowed.map(\.state) == [state])
        }
        let older = try await service.invitations(networkID: Self.network, state: nil, beforeID: revoked.invitation.id, limit: 10)
        #expect(older.map(\.invitation.id) == [expired, accepted].map(\.invitation.id))
    }

    // Proves a revoked invitation's token is refused at the link and at acceptance, revoking
    // twice changes nothing, an accepted one is not revoked, another network's id is not found.
    @Test func revokedTokenIsRefused() async throws {
        let fixture = try await IdentityFixture()
        let service = fixture.service
        let issued = try await service.invite(email: "nurse@example.org", networkID: Self.network, invitedBy: Self.lead)
        guard case .revoked(let listing) = try await service.revokeInvitation(id: issued.invitation.id, networkID: Self.network)
        else { Issue.record("not revoked"); return }
        #expect(listing.state == .revoked)
        #expect(try await service.invitationStatus(token: issued.token).status == .revoked)
        await #expect(throws: IdentityError.invitationRevoked) {
            _ = try await service.claimInvitation(token: issued.token, password: IdentityFixture.strongPassword)
        }
        guard case .revoked(let again) = try await service.revokeInvitation(id: issued.invitation.id, networkID: Self.network)
        else { Issue.record("not revoked"); return }
        #expect(again.revokedAt == listing.revokedAt)
        #expect(try await service.revokeInvitation(id: issued.invitation.id, networkID: 8) == .notFound)

        let used = try await service.invite(email: "gp@example.org", networkID: Self.network, invitedBy: Self.lead)
        let acceptance = try await service.claimInvitation(token: used.token, password: IdentityFixture.strongPassword)
        try await service.completeAcceptance(acceptance, memberID: 31)
        #expect(try await service.revokeInvitation(id: used.invitation.id, networkID: Self.network) == .accepted)
    }

    // Proves resending answers a new token that works while the old one is refused as revoked,
    // revokes every earlier unaccepted invitation to the address, works for an expired one, is
    // refused for an accepted one, and with a key a retry answers the same new invitation.
    @Test func resendReplacesTheToken() async throws {
        let fixture = try await IdentityFixture()
        let service = fixture.service
        let first = try await service.invite(email: "nurse@example.org", networkID: Self.network, invitedBy: Self.lead)
        let second = try await service.invite(email: "nurse@example.org", networkID: Self.network, invitedBy: Self.lead)
        fixture.clock.advance(seconds: 8 * 24 * 3600)
        let key = Self.key("resend")
        let resent = try #require(try await service.resendInvitation(
            id: first.invitation.id, networkID: Self.network, invitedBy: 3, key: key))
        #expect(resent.invitation.email == "nurse@example.org" && resent.invitation.invitedByMemberID == 3)
        #expect(resent.token != first.token)
        let retried = try #require(try await service.resendInvitation(
            id: first.invitation.id, networkID: Self.network, invitedBy: 3, key: key))
        #expect(retried.invitation.id == resent.invitation.id && retried.token != resent.token)
        #expect(try await service.invitationStatus(token: resent.token).status == .notFound, "the retry's token replaced it")
        #expect(try await service.invitationStatus(token: first.token).status == .revoked)
        #expect(try await service.invitationStatus(token: second.token).status == .revoked)
        guard case .open = try await service.invitationStatus(token: retried.token).status else {
            Issue.record("the new token does not open"); return
        }
        let states = try await service.invitations(networkID: Self.network, state: nil, beforeID: nil, limit: 10).map(\.state)
        #expect(states == [.pending, .revoked, .revoked])
        #expect(try await service.resendInvitation(id: 999, networkID: Self.network, invitedBy: 3) == nil)

        let acceptance = try await service.claimInvitation(token: retried.token, password: IdentityFixture.strongPassword)
        try await service.completeAcceptance(acceptance, memberID: 32)
        await #expect(throws: IdentityError.invitationUsed) {
            _ = try await service.resendInvitation(id: retried.invitation.id, networkID: Self.network, invitedBy: 3)
        }
    }

    // Proves a batch answers every address in order — invited (with a working token), invalid,
    // a repeat, a member's, one with a pending invitation — and that the same key again reissues
    // the same invitations under new tokens instead of inviting twice.
    @Test func batchReportsEachAddress() async throws {
        let fixture = try await IdentityFixture()
        let service = fixture.service
        let pending = try await service.invite(email: "waiting@example.org", networkID: Self.network, invitedBy: Self.lead)
        let emails = ["New@Example.org", "not-an-address", "new@example.org ", "member@example.org", "waiting@example.org",
                      "other@example.org"]
        let key = Self.key("batch")
        let items = try await service.inviteMany(
            emails, networkID: Self.network, invitedBy: Self.lead, key: key, memberEmails: ["member@example.org"])
        #expect(items.map(\.email) == ["new@example.org", "not-an-address", "new@example.org", "member@example.org",
                                       "waiting@example.org", "other@example.org"])
        guard case .invited(let new) = items[0].outcome, case .invited(let other) = items[5].outcome else {
            Issue.record("not invited: \(items)"); return
        }
        #expect(items[1].outcome == .invalidEmail)
        #expect(items[2].outcome == .duplicate)
        #expect(items[3].outcome == .alreadyMember)
        #expect(items[4].outcome == .alreadyInvited(invitationID: pending.invitation.id))
        guard case .open = try await service.invitationStatus(token: new.token).status else { Issue.record("closed"); return }

        let again = try await service.inviteMany(
            emails, networkID: Self.network, invitedBy: Self.lead, key: key, memberEmails: ["member@example.org"])
        guard case .invited(let newAgain) = again[0].outcome, case .invited(let otherAgain) = again[5].outcome else {
            Issue.record("not reissued: \(again)"); return
        }
        #expect(newAgain.invitation.id == new.invitation.id && otherAgain.invitation.id == other.invitation.id)
        #expect(newAgain.token != new.token)
        #expect(try await service.invitations(networkID: Self.network, state: .pending, beforeID: nil, limit: 10).count == 3)

        let different = Self.key("batch", request: "another list")
        await #expect(throws: IdentityError.idempotencyKeyReused) {
            _ = try await service.inviteMany(["new@example.org"], networkID: Self.network, invitedBy: Self.lead, key: different,
                                             memberEmails: [])
        }
    }

    // Proves expired invitations are kept for the retention period (listed as expired) and
    // dropped after it.
    @Test func expiredInvitationsAreKeptForRetention() async throws {
        let fixture = try await IdentityFixture()
        let issued = try await fixture.service.invite(email: "nurse@example.org", networkID: Self.network, invitedBy: Self.lead)
        let afterExpiry = issued.invitation.expiresAt.addingTimeInterval(3600)
        try await fixture.store.deleteExpired(before: afterExpiry)
        #expect(try await fixture.store.invitations(networkID: Self.network, state: .expired, at: afterExpiry, beforeID: nil, limit: 5)
            .count == 1)
        let afterRetention = issued.invitation.expiresAt.addingTimeInterval(TimeInterval(InvitationListing.retentionSeconds + 1))
        try await fixture.store.deleteExpired(before: afterRetention)
        #expect(try await fixture.store.invitations(networkID: Self.network, state: nil, at: afterRetention, beforeID: nil, limit: 5)
            .isEmpty)
    }
}
