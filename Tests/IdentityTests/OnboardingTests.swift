import Foundation
import Identity
import Testing

// Proves invitations are single use, expire after 7 days, are unknown when forged, and can be
// used again when the domain step after the claim failed.
@Suite struct InvitationTests {
    @Test func singleUse() async throws {
        let fixture = try await IdentityFixture()
        let issued = try await fixture.service.invite(email: "Nurse@example.nhs.uk", networkID: 3, invitedBy: 1)
        #expect(issued.invitation.email == "nurse@example.nhs.uk")
        let acceptance = try await fixture.service.claimInvitation(token: issued.token, password: IdentityFixture.strongPassword)
        #expect(acceptance.existingMemberID == nil && acceptance.newPasswordHash != nil)
        try await fixture.service.completeAcceptance(acceptance, memberID: 9)
        await #expect(throws: IdentityError.invitationUsed) {
            try await fixture.service.claimInvitation(token: issued.token, password: IdentityFixture.strongPassword)
        }
    }

    @Test func expiresAfterSevenDays() async throws {
        let fixture = try await IdentityFixture()
        let issued = try await fixture.service.invite(email: "nurse@example.nhs.uk", networkID: 3, invitedBy: 1)
        fixture.clock.advance(seconds: 7 * 24 * 3600)
        await #expect(throws: IdentityError.invitationExpired(expiresAt: issued.invitation.expiresAt)) {
            try await fixture.service.claimInvitation(token: issued.token, password: IdentityFixture.strongPassword)
        }
    }

    @Test func forgedTokenIsNotFound() async throws {
        let fixture = try await IdentityFixture()
        await #expect(throws: IdentityError.invitationNotFound) {
            try await fixture.service.claimInvitation(token: SecretToken.generate(), password: IdentityFixture.strongPassword)
        }
    }

    @Test func abandonedClaimCanBeRetried() async throws {
        let fixture = try await IdentityFixture()
        let issued = try await fixture.service.invite(email: "nurse@example.nhs.uk", networkID: 3, invitedBy: 1)
        let first = try await fixture.service.claimInvitation(token: issued.token, password: IdentityFixture.strongPassword)
        try await fixture.service.abandonAcceptance(first)
        let second = try await fixture.service.claimInvitation(token: issued.token, password: IdentityFixture.strongPassword)
        try await fixture.service.completeAcceptance(second, memberID: 9)
        #expect(try await fixture.store.credential(memberID: 9)?.email == "nurse@example.nhs.uk")
    }

    @Test func weakPasswordReleasesTheInvitation() async throws {
        let fixture = try await IdentityFixture()
        let issued = try await fixture.service.invite(email: "nurse@example.nhs.uk", networkID: 3, invitedBy: 1)
        await #expect(throws: IdentityError.passwordPolicy(.commonlyUsed)) {
            try await fixture.service.claimInvitation(token: issued.token, password: "password1234")
        }
        _ = try await fixture.service.claimInvitation(token: issued.token, password: IdentityFixture.strongPassword)
    }

    // Proves an existing account joins another network only with its own password.
    @Test func existingAccountMustProveItsPassword() async throws {
        let fixture = try await IdentityFixture()
        try await fixture.member(email: "gp@example.nhs.uk", memberID: 7, networkID: 1)
        let issued = try await fixture.service.invite(email: "gp@example.nhs.uk", networkID: 2, invitedBy: 1)
        await #expect(throws: IdentityError.invalidCredentials) {
            try await fixture.service.claimInvitation(token: issued.token, password: "another-strong-pass-1")
        }
        let acceptance = try await fixture.service.claimInvitation(token: issued.token, password: IdentityFixture.strongPassword)
        #expect(acceptance.existingMemberID == 7)
    }
}

// Proves the bootstrap token creates exactly one administrator and is refused when wrong.
@Suite struct BootstrapTests {
    @Test func createsTheFirstAdministratorOnce() async throws {
        let fixture = try await IdentityFixture()
        let token = try #require(try await fixture.service.prepareBootstrapToken())
        await #expect(throws: IdentityError.invalidBootstrapToken) {
            try await fixture.service.claimBootstrap(token: SecretToken.generate(), email: "admin@example.org", password: IdentityFixture.strongPassword)
        }
        let claim = try await fixture.service.claimBootstrap(token: token, email: "admin@example.org", password: IdentityFixture.strongPassword)
        try await fixture.service.completeBootstrap(claim, memberID: 1)
        #expect(try await fixture.store.administratorExists())
        #expect(try await fixture.service.prepareBootstrapToken() == nil)
        await #expect(throws: IdentityError.alreadyBootstrapped) {
            try await fixture.service.claimBootstrap(token: token, email: "admin2@example.org", password: IdentityFixture.strongPassword)
        }
        let session = try await fixture.service.login(email: "admin@example.org", password: IdentityFixture.strongPassword, clientAddress: "a")
        #expect(try await fixture.service.authenticate(bearerToken: session.token)?.isAdministrator == true)
    }
}
