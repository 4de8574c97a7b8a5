import Foundation
import Identity
import Testing

@Suite struct PasswordChangeTests {
    // Proves a password change checks the current password and the policy (nothing changes
    // when either fails), keeps the presenting session, revokes the member's other sessions and
    // no other member's, and the new password is then the only one that works.
    @Test func changeRevokesTheOtherSessions() async throws {
        let fixture = try await IdentityFixture()
        try await fixture.member(email: "a@example.org", memberID: 7)
        try await fixture.member(email: "b@example.org", memberID: 8)
        let kept = try await fixture.service.login(email: "a@example.org", password: IdentityFixture.strongPassword, clientAddress: "x")
        let other = try await fixture.service.login(email: "a@example.org", password: IdentityFixture.strongPassword, clientAddress: "x")
        let someoneElse = try await fixture.service.login(email: "b@example.org", password: IdentityFixture.strongPassword, clientAddress: "x")
        await #expect(throws: IdentityError.invalidCredentials) {
            try await fixture.service.changePassword(
                memberID: 7, currentPassword: "wrong-password-here", newPassword: "amber-orchard-compass-91", keptSessionToken: kept.token, clientAddress: "x")
        }
        await #expect(throws: IdentityError.passwordPolicy(.tooShort(minimumCharacters: 12))) {
            try await fixture.service.changePassword(
                memberID: 7, currentPassword: IdentityFixture.strongPassword, newPassword: "short", keptSessionToken: kept.token, clientAddress: "x")
        }
        #expect(try await fixture.service.authenticate(bearerToken: other.token) != nil)

        try await fixture.service.changePassword(
            memberID: 7, currentPassword: IdentityFixture.strongPassword, newPassword: "amber-orchard-compass-91", keptSessionToken: kept.token, clientAddress: "x")
        #expect(try await fixture.service.authenticate(bearerToken: kept.token)?.memberID == 7)
        #expect(try await fixture.service.authenticate(bearerToken: other.token) == nil)
        #expect(try await fixture.service.authenticate(bearerToken: someoneElse.token)?.memberID == 8)
        _ = try await fixture.service.login(email: "a@example.org", password: "amber-orchard-compass-91", clientAddress: "x")
        await #expect(throws: IdentityError.invalidCredentials) {
            try await fixture.service.login(email: "a@example.org", password: IdentityFixture.strongPassword, clientAddress: "x")
        }
    }

    // Proves wrong current passwords count as failed logins of the account from that address:
    // after five, the change is refused even with the right password, and so is signing in from
    // that address; another address still signs in, and the window's end lets the change through.
    @Test func wrongCurrentPasswordsShareTheSignInLimits() async throws {
        let fixture = try await IdentityFixture()
        try await fixture.member(email: "a@example.org", memberID: 7)
        for _ in 0..<5 {
            await #expect(throws: IdentityError.invalidCredentials) {
                try await fixture.service.changePassword(
                    memberID: 7, currentPassword: "wrong-password-here", newPassword: "amber-orchard-compass-91",
                    keptSessionToken: nil, clientAddress: "thief")
            }
        }
        await #expect(throws: IdentityError.rateLimited(retryAfterSeconds: 900)) {
            try await fixture.service.changePassword(
                memberID: 7, currentPassword: IdentityFixture.strongPassword, newPassword: "amber-orchard-compass-91",
                keptSessionToken: nil, clientAddress: "thief")
        }
        await #expect(throws: IdentityError.rateLimited(retryAfterSeconds: 900)) {
            try await fixture.service.login(email: "a@example.org", password: IdentityFixture.strongPassword, clientAddress: "thief")
        }
        _ = try await fixture.service.login(email: "a@example.org", password: IdentityFixture.strongPassword, clientAddress: "owner")
        fixture.clock.advance(seconds: 901)
        try await fixture.service.changePassword(
            memberID: 7, currentPassword: IdentityFixture.strongPassword, newPassword: "amber-orchard-compass-91",
            keptSessionToken: nil, clientAddress: "thief")
    }

    // Proves reading an invitation's status does not take it: it stays open and can be accepted,
    // and reads as used afterwards; an email with an account is told apart.
    @Test func readingAnInvitationDoesNotTakeIt() async throws {
        let fixture = try await IdentityFixture()
        try await fixture.member(email: "a@example.org", memberID: 7)
        let issued = try await fixture.service.invite(email: "new@example.org", networkID: 1, invitedBy: 1)
        for _ in 0..<2 {
            let (status, hasAccount) = try await fixture.service.invitationStatus(token: issued.token)
            #expect(status == .open(issued.invitation) && !hasAccount)
        }
        let acceptance = try await fixture.service.claimInvitation(token: issued.token, password: IdentityFixture.strongPassword)
        try await fixture.service.completeAcceptance(acceptance, memberID: 9)
        #expect(try await fixture.service.invitationStatus(token: issued.token).status == .alreadyUsed)
        let again = try await fixture.service.invite(email: "a@example.org", networkID: 2, invitedBy: 1)
        #expect(try await fixture.service.invitationStatus(token: again.token).hasAccount)
        #expect(try await fixture.service.invitationStatus(token: "not-a-token").status == .notFound)
    }
}
