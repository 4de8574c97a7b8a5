import Foundation
import Identity
import Testing

// Proves a login session authenticates until it expires 12 hours later, and not after logout.
@Suite struct SessionTests {
    @Test func sessionExpiresAfterTwelveHours() async throws {
        let fixture = try await IdentityFixture()
        try await fixture.member(email: "gp@example.nhs.uk", memberID: 7)
        let session = try await fixture.service.login(
            email: " GP@example.nhs.uk ", password: IdentityFixture.strongPassword, clientAddress: "10.0.0.1")
        #expect(session.memberID == 7)
        #expect(try await fixture.service.authenticate(bearerToken: session.token) == Principal(memberID: 7, isAdministrator: false))
        fixture.clock.advance(seconds: 12 * 3600 - 1)
        #expect(try await fixture.service.authenticate(bearerToken: session.token) != nil)
        fixture.clock.advance(seconds: 1)
        #expect(try await fixture.service.authenticate(bearerToken: session.token) == nil)
    }

    @Test func logoutRevokes() async throws {
        let fixture = try await IdentityFixture()
        try await fixture.member(email: "gp@example.nhs.uk", memberID: 7)
        let session = try await fixture.service.login(
            email: "gp@example.nhs.uk", password: IdentityFixture.strongPassword, clientAddress: "10.0.0.1")
        #expect(try await fixture.service.logout(bearerToken: session.token))
        #expect(try await fixture.service.authenticate(bearerToken: session.token) == nil)
        #expect(try await !fixture.service.logout(bearerToken: session.token))
    }

    @Test func wrongPasswordAndUnknownEmailAreTheSameRefusal() async throws {
        let fixture = try await IdentityFixture()
        try await fixture.member(email: "gp@example.nhs.uk", memberID: 7)
        await #expect(throws: IdentityError.invalidCredentials) {
            try await fixture.service.login(email: "gp@example.nhs.uk", password: "wrong-password-123", clientAddress: "a")
        }
        await #expect(throws: IdentityError.invalidCredentials) {
            try await fixture.service.login(email: "nobody@example.nhs.uk", password: IdentityFixture.strongPassword, clientAddress: "a")
        }
    }
}

// Proves the login rate limits: the sixth failure within 15 minutes for an account from one
// address is refused there even with the right password and says when to retry; the 21st from
// one address likewise; failures from many addresses meet the looser per-account limit; and a
// success clears the account's failures from its address.
@Suite struct LoginRateLimitTests {
    @Test func perAccountAndAddressLimitWithRetryAfter() async throws {
        let fixture = try await IdentityFixture()
        try await fixture.member(email: "gp@example.nhs.uk", memberID: 7)
        for attempt in 0..<5 {
            fixture.clock.advance(seconds: 60)
            await #expect(throws: IdentityError.invalidCredentials) {
                try await fixture.service.login(email: "gp@example.nhs.uk", password: "wrong-\(attempt)-password", clientAddress: "a")
            }
        }
        // First failure was at +60 s, now is +300 s: it leaves the window at +960 s.
        await #expect(throws: IdentityError.rateLimited(retryAfterSeconds: 660)) {
            try await fixture.service.login(email: "gp@example.nhs.uk", password: IdentityFixture.strongPassword, clientAddress: "a")
        }
        fixture.clock.advance(seconds: 660)
        let session = try await fixture.service.login(
            email: "gp@example.nhs.uk", password: IdentityFixture.strongPassword, clientAddress: "a")
        #expect(session.memberID == 7)
    }

    // Proves a stranger cannot lock the owner out: five wrong passwords from the stranger's
    // address stop the stranger (and an unknown email is refused the same way, limit included),
    // while the owner logs in from their own address with the right password.
    @Test func strangerCannotLockOutTheOwner() async throws {
        let fixture = try await IdentityFixture()
        try await fixture.member(email: "gp@example.nhs.uk", memberID: 7)
        for attempt in 0..<5 {
            for email in ["gp@example.nhs.uk", "nobody@example.nhs.uk"] {
                await #expect(throws: IdentityError.invalidCredentials) {
                    try await fixture.service.login(email: email, password: "guess-\(attempt)-password", clientAddress: "198.51.100.7")
                }
            }
        }
        for email in ["gp@example.nhs.uk", "nobody@example.nhs.uk"] {
            await #expect(throws: IdentityError.rateLimited(retryAfterSeconds: 900)) {
                try await fixture.service.login(email: email, password: "guess-again-password", clientAddress: "198.51.100.7")
            }
        }
        let owner = try await fixture.service.login(
            email: "gp@example.nhs.uk", password: IdentityFixture.strongPassword, clientAddress: "10.0.0.1")
        #expect(owner.memberID == 7)
        // The owner's login does not wipe the stranger's count.
        await #expect(throws: IdentityError.rateLimited(retryAfterSeconds: 900)) {
            try await fixture.service.login(email: "gp@example.nhs.uk", password: "guess-again-password", clientAddress: "198.51.100.7")
        }
    }

    // Proves the per-account back-off from every address: with a limit of 6, failures from three
    // addresses (two each) refuse a fourth address too, until the first failure leaves the window.
    @Test func perAccountLimitAcrossAddresses() async throws {
        let fixture = try await IdentityFixture(loginRateLimits: LoginRateLimits(
            failuresPerAccountAndAddressMax: 5, failuresPerAddressMax: 20, failuresPerAccountMax: 6, windowSeconds: 900))
        try await fixture.member(email: "gp@example.nhs.uk", memberID: 7)
        for attempt in 0..<6 {
            await #expect(throws: IdentityError.invalidCredentials) {
                try await fixture.service.login(
                    email: "gp@example.nhs.uk", password: "guess-\(attempt)-password", clientAddress: "203.0.113.\(attempt / 2)")
            }
        }
        await #expect(throws: IdentityError.rateLimited(retryAfterSeconds: 900)) {
            try await fixture.service.login(email: "gp@example.nhs.uk", password: IdentityFixture.strongPassword, clientAddress: "10.0.0.1")
        }
        fixture.clock.advance(seconds: 900)
        _ = try await fixture.service.login(email: "gp@example.nhs.uk", password: IdentityFixture.strongPassword, clientAddress: "10.0.0.1")
    }

    @Test func perAddressLimit() async throws {
        let fixture = try await IdentityFixture()
        for attempt in 0..<20 {
            await #expect(throws: IdentityError.invalidCredentials) {
                try await fixture.service.login(email: "user\(attempt)@example.nhs.uk", password: "whatever-password", clientAddress: "192.0.2.9")
            }
        }
        await #expect(throws: IdentityError.rateLimited(retryAfterSeconds: 900)) {
            try await fixture.service.login(email: "fresh@example.nhs.uk", password: "whatever-password", clientAddress: "192.0.2.9")
        }
        await #expect(throws: IdentityError.invalidCredentials) {
            try await fixture.service.login(email: "fresh@example.nhs.uk", password: "whatever-password", clientAddress: "192.0.2.10")
        }
    }

    @Test func successClearsAccountFailures() async throws {
        let fixture = try await IdentityFixture()
        try await fixture.member(email: "gp@example.nhs.uk", memberID: 7)
        for round in 0..<2 {
            for attempt in 0..<4 {
                await #expect(throws: IdentityError.invalidCredentials) {
                    try await fixture.service.login(email: "gp@example.nhs.uk", password: "wrong-\(round)-\(attempt)-x", clientAddress: "r\(round)")
                }
            }
            _ = try await fixture.service.login(email: "gp@example.nhs.uk", password: IdentityFixture.strongPassword, clientAddress: "r\(round)")
        }
    }
}

// Proves the session cache (`SQLiteIdentityStore`) never outlives what it caches: a session
// that has just authenticated (and so sits in the cache) is refused on the very next request
// after logout, and after its expiry, and an expiry sweep or a new login leaves no stale entry.
@Suite struct SessionCacheTests {
    @Test func logoutHoldsFromTheNextRequestEvenWhenCached() async throws {
        let fixture = try await IdentityFixture()
        try await fixture.member(email: "gp@example.nhs.uk", memberID: 7)
        let session = try await fixture.service.login(
            email: "gp@example.nhs.uk", password: IdentityFixture.strongPassword, clientAddress: "10.0.0.1")
        let principal = Principal(memberID: 7, isAdministrator: false)
        #expect(try await fixture.service.authenticate(bearerToken: session.token) == principal)
        // SQLite answers the second from its session cache; PostgreSQL has none (it asks every time).
        let before = fixture.sqlite?.sessionCacheCounts.hits
        #expect(try await fixture.service.authenticate(bearerToken: session.token) == principal)
        #expect(fixture.sqlite?.sessionCacheCounts.hits == before.map { $0 + 1 })

        #expect(try await fixture.service.logout(bearerToken: session.token))
        #expect(try await fixture.service.authenticate(bearerToken: session.token) == nil)
    }

    @Test func aCachedSessionExpiresOnTime() async throws {
        let fixture = try await IdentityFixture()
        try await fixture.member(email: "gp@example.nhs.uk", memberID: 7)
        let session = try await fixture.service.login(
            email: "gp@example.nhs.uk", password: IdentityFixture.strongPassword, clientAddress: "10.0.0.1")
        fixture.clock.advance(seconds: 12 * 3600 - 1)
        #expect(try await fixture.service.authenticate(bearerToken: session.token) != nil)
        #expect(try await fixture.service.authenticate(bearerToken: session.token) != nil)
        fixture.clock.advance(seconds: 1)
        #expect(try await fixture.service.authenticate(bearerToken: session.token) == nil)
    }

    @Test func revocationThroughTheStoreEmptiesTheCache() async throws {
        let fixture = try await IdentityFixture()
        try await fixture.member(email: "gp@example.nhs.uk", memberID: 7)
        let session = try await fixture.service.login(
            email: "gp@example.nhs.uk", password: IdentityFixture.strongPassword, clientAddress: "10.0.0.1")
        let hash = SecretToken.hash(session.token)
        let now = fixture.clock.nowDate()
        #expect(try await fixture.store.principal(sessionTokenHash: hash, at: now) != nil)
        #expect(try await fixture.store.revokeSession(tokenHash: hash, at: now))
        #expect(try await fixture.store.principal(sessionTokenHash: hash, at: now) == nil)

        // A sweep of expired sessions removes a cached one too.
        let second = try await fixture.service.login(
            email: "gp@example.nhs.uk", password: IdentityFixture.strongPassword, clientAddress: "10.0.0.1")
        let secondHash = SecretToken.hash(second.token)
        #expect(try await fixture.store.principal(sessionTokenHash: secondHash, at: now) != nil)
        try await fixture.store.deleteExpired(before: now.addingTimeInterval(13 * 3600))
        #expect(try await fixture.store.principal(sessionTokenHash: secondHash, at: now) == nil)
    }
}
