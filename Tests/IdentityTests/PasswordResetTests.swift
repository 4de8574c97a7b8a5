import Foundation
import GRDB
import Identity
import IdentitySQLite
import Outbox
import Testing

@Suite struct PasswordResetTests {
    static let newPassword = "amber-orchard-compass-91"

    /// The one unsent password reset email, and its link's token (the outbox row's secret).
    static func resetEmail(_ fixture: IdentityFixture) async throws -> (message: OutboxMessage, token: String) {
        let resets = try await fixture.unsentEmails().filter { $0.draft.kind == .passwordReset }
        try #require(resets.count == 1, "one reset email, not \(resets.count)")
        return (resets[0], try #require(resets[0].draft.secret))
    }

    /// Proves a request for an account stores only the token's SHA-256 (the reset row holds no
    /// clear token), and writes one email to the member carrying the token as its secret, the
    /// reset page's path and its expiry 30 minutes on; the link then works.
    @Test func tokenIsHashedAtRestAndEmailed() async throws {
        let fixture = try await IdentityFixture()
        try await fixture.member(email: "gp@example.nhs.uk", memberID: 7)
        let before = try await fixture.unsentEmails().count
        try await fixture.service.requestPasswordReset(email: " GP@Example.nhs.uk ", clientAddress: "203.0.113.5")
        let (message, token) = try await Self.resetEmail(fixture)
        #expect(SecretToken.isWellFormed(token))
        #expect(message.draft.recipient == .member(7) && message.draft.subjectID == 7 && message.draft.networkID == nil)
        let expiresAt = fixture.clock.nowDate().addingTimeInterval(30 * 60)
        #expect(message.draft.facts == [OutboxDraft.pathFact: "/password/reset/{secret}",
                                        OutboxDraft.expiresAtFact: expiresAt.ISO8601Format()])
        #expect(try await fixture.unsentEmails().count == before + 1)
        let rows = try await fixture.passwordResets(holding: token)
        #expect(rows.count == 1)
        #expect(rows.first?.tokenHash == SecretToken.hash(token))
        #expect(rows.first?.columnsHoldingText == 0, "the token in clear in a column")
        #expect(try await fixture.service.passwordResetIsOpen(token: token))
    }

    /// Proves an address without an account gets the same outcome (no error) and leaves no
    /// reset and no email, while the request is still counted against the limits.
    @Test func unknownAddressStoresNothing() async throws {
        let fixture = try await IdentityFixture()
        try await fixture.service.requestPasswordReset(email: "nobody@example.nhs.uk", clientAddress: "x")
        #expect(try await fixture.count("password_reset") == 0)
        #expect(try await fixture.unsentEmails().isEmpty)
        #expect(try await fixture.count("login_attempt") == 1)
        await #expect(throws: IdentityError.invalidEmail) {
            try await fixture.service.requestPasswordReset(email: "not an address", clientAddress: "x")
        }
    }

    /// Proves using the link sets the password, revokes every session of the member (and no
    /// other member's), ends a login lockout of the account, and works only once; the old
    /// password no longer signs in.
    @Test func resetIsSingleUseRevokesSessionsAndEndsTheLockout() async throws {
        let fixture = try await IdentityFixture()
        try await fixture.member(email: "gp@example.nhs.uk", memberID: 7)
        try await fixture.member(email: "nurse@example.nhs.uk", memberID: 8)
        let mine = try await fixture.service.login(email: "gp@example.nhs.uk", password: IdentityFixture.strongPassword, clientAddress: "a")
        let other = try await fixture.service.login(email: "nurse@example.nhs.uk", password: IdentityFixture.strongPassword, clientAddress: "a")
        for _ in 0..<5 {
            await #expect(throws: IdentityError.invalidCredentials) {
                try await fixture.service.login(email: "gp@example.nhs.uk", password: "forgotten-password-1", clientAddress: "owner")
            }
        }
        await #expect(throws: IdentityError.rateLimited(retryAfterSeconds: 900)) {
            try await fixture.service.login(email: "gp@example.nhs.uk", password: IdentityFixture.strongPassword, clientAddress: "owner")
        }
        try await fixture.service.requestPasswordReset(email: "gp@example.nhs.uk", clientAddress: "owner")
        let (_, token) = try await Self.resetEmail(fixture)
        try await fixture.service.resetPassword(token: token, newPassword: Self.newPassword)

        #expect(try await fixture.service.authenticate(bearerToken: mine.token) == nil)
        #expect(try await fixture.service.authenticate(bearerToken: other.token)?.memberID == 8)
        let signedIn = try await fixture.service.login(email: "gp@example.nhs.uk", password: Self.newPassword, clientAddress: "owner")
        #expect(signedIn.memberID == 7)
        await #expect(throws: IdentityError.invalidCredentials) {
            try await fixture.service.login(email: "gp@example.nhs.uk", password: IdentityFixture.strongPassword, clientAddress: "b")
        }
        #expect(try await !fixture.service.passwordResetIsOpen(token: token))
        await #expect(throws: IdentityError.passwordResetInvalid) {
            try await fixture.service.resetPassword(token: token, newPassword: "another-orchard-compass-92")
        }
    }

    /// Proves the link expires after 30 minutes (it works a second before), that an unknown,
    /// malformed or expired token gets the one refusal, and that housekeeping drops expired resets.
    @Test func linkExpiresAfterThirtyMinutes() async throws {
        let fixture = try await IdentityFixture()
        try await fixture.member(email: "gp@example.nhs.uk", memberID: 7)
        try await fixture.service.requestPasswordReset(email: "gp@example.nhs.uk", clientAddress: "a")
        let (_, token) = try await Self.resetEmail(fixture)
        fixture.clock.advance(seconds: 30 * 60 - 1)
        #expect(try await fixture.service.passwordResetIsOpen(token: token))
        fixture.clock.advance(seconds: 1)
        #expect(try await !fixture.service.passwordResetIsOpen(token: token))
        for presented in [token, String(repeating: "A", count: 43), "short"] {
            await #expect(throws: IdentityError.passwordResetInvalid) {
                try await fixture.service.resetPassword(token: presented, newPassword: Self.newPassword)
            }
        }
        #expect(try await fixture.count("password_reset") == 1)
        try await fixture.store.deleteExpired(before: fixture.clock.nowDate())
        #expect(try await fixture.count("password_reset") == 0)
    }

    /// Proves a newer request voids the older link and drops its unsent email, so the one link
    /// that works is the one emailed; a password refused by the policy leaves the link usable.
    @Test func newerRequestVoidsTheOlderLink() async throws {
        let fixture = try await IdentityFixture()
        try await fixture.member(email: "gp@example.nhs.uk", memberID: 7)
        try await fixture.service.requestPasswordReset(email: "gp@example.nhs.uk", clientAddress: "a")
        let (first, firstToken) = try await Self.resetEmail(fixture)
        try await fixture.service.requestPasswordReset(email: "gp@example.nhs.uk", clientAddress: "a")
        let (second, secondToken) = try await Self.resetEmail(fixture)
        #expect(second.id != first.id && secondToken != firstToken)
        #expect(try await !fixture.service.passwordResetIsOpen(token: firstToken))
        await #expect(throws: IdentityError.passwordResetInvalid) {
            try await fixture.service.resetPassword(token: firstToken, newPassword: Self.newPassword)
        }
        await #expect(throws: IdentityError.passwordPolicy(.equalsEmail)) {
            try await fixture.service.resetPassword(token: secondToken, newPassword: "GP@example.nhs.uk")
        }
        await #expect(throws: IdentityError.passwordPolicy(.tooShort(minimumCharacters: 12))) {
            try await fixture.service.resetPassword(token: secondToken, newPassword: "short")
        }
        try await fixture.service.resetPassword(token: secondToken, newPassword: Self.newPassword)
    }

    /// Proves the limits: 3 requests an hour for one address (with or without an account: the
    /// 4th is refused the same way), 10 an hour from one client address; an hour later the
    /// address may ask again. A refused request stores nothing.
    @Test func requestsAreRateLimited() async throws {
        let fixture = try await IdentityFixture()
        try await fixture.member(email: "gp@example.nhs.uk", memberID: 7)
        for email in ["gp@example.nhs.uk", "nobody@example.nhs.uk"] {
            for attempt in 0..<3 {
                try await fixture.service.requestPasswordReset(email: email, clientAddress: "client-\(attempt)")
            }
            await #expect(throws: IdentityError.passwordResetRateLimited(retryAfterSeconds: 3600)) {
                try await fixture.service.requestPasswordReset(email: email, clientAddress: "elsewhere")
            }
        }
        #expect(try await fixture.unsentEmails().filter { $0.draft.kind == .passwordReset }.count == 1)
        for index in 0..<10 {
            try await fixture.service.requestPasswordReset(email: "person\(index)@example.nhs.uk", clientAddress: "busy")
        }
        await #expect(throws: IdentityError.passwordResetRateLimited(retryAfterSeconds: 3600)) {
            try await fixture.service.requestPasswordReset(email: "gp-other@example.nhs.uk", clientAddress: "busy")
        }
        fixture.clock.advance(seconds: 3600)
        try await fixture.service.requestPasswordReset(email: "gp@example.nhs.uk", clientAddress: "busy")
        // Reset requests are not login failures: signing in from the busy address still works.
        _ = try await fixture.service.login(email: "gp@example.nhs.uk", password: IdentityFixture.strongPassword, clientAddress: "busy")
    }

    /// Proves the reset and its email commit together: when the email cannot be written the
    /// reset is not stored (nor the request counted), and when the reset cannot be stored no
    /// email is written.
    @Test func resetAndEmailCommitAtomically() async throws {
        let fixture = try await IdentityFixture()
        try await fixture.member(email: "gp@example.nhs.uk", memberID: 7)
        let emailsBefore = try await fixture.count("outbox")
        try await fixture.failInserts(into: "outbox")
        let refused1 = await #expect(throws: (any Error).self) {
            try await fixture.service.requestPasswordReset(email: "gp@example.nhs.uk", clientAddress: "a")
        }
        #expect(fixture.isStoreFailure(refused1))
        #expect(try await fixture.count("password_reset") == 0)
        #expect(try await fixture.count("login_attempt") == 0)
        try await fixture.stopFailingInserts(into: "outbox")
        try await fixture.failInserts(into: "password_reset")
        let refused2 = await #expect(throws: (any Error).self) {
            try await fixture.service.requestPasswordReset(email: "gp@example.nhs.uk", clientAddress: "a")
        }
        #expect(fixture.isStoreFailure(refused2))
        #expect(try await fixture.count("outbox") == emailsBefore)
    }
}
