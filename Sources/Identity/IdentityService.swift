import Crypto
import Foundation
import HummingbirdBcrypt
import Ledger
import Logging

/// Credentials and sessions. Steps that need the domain (creating the member, joining the
/// network) are the caller's, between a claim and its completion, so one module never writes
/// the other's database.
public struct IdentityService: Sendable {
    public let store: any IdentityStore
    public let clock: any EpochClock
    public let configuration: IdentityConfiguration
    let hasher: PasswordHasher
    let logger: Logger
    /// A hash of a random secret at the configured cost, verified against for unknown emails so
    /// that the answer takes as long as for a known one.
    let unknownAccountHash: String
    /// Told of every refused login, by reason only (for metrics).
    let loginRefused: (@Sendable (LoginRefusalReason) -> Void)?

    public init(
        store: any IdentityStore, clock: any EpochClock, configuration: IdentityConfiguration, logger: Logger,
        loginRefused: (@Sendable (LoginRefusalReason) -> Void)? = nil
    ) {
        self.loginRefused = loginRefused
        self.store = store
        self.clock = clock
        self.configuration = configuration
        self.hasher = PasswordHasher(cost: configuration.bcryptCost)
        self.logger = logger
        self.unknownAccountHash = Bcrypt.hash(SecretToken.generate(), cost: configuration.bcryptCost.value)
    }

    /// A password that passes the policy, hashed for storage.
    public func hashNewPassword(_ password: String, email: String) async throws(IdentityError) -> String {
        do {
            try PasswordPolicy.check(password, email: email)
        } catch {
            throw .passwordPolicy(error)
        }
        return await hasher.hash(password)
    }

    // MARK: Sessions

    public struct IssuedSession: Sendable, Hashable {
        public var token: String
        public var memberID: Int64
        public var expiresAt: Date
    }

    /// Email and password → a new session, within the login rate limits.
    public func login(email: String, password: String, clientAddress: String) async throws -> IssuedSession {
        let normalized = EmailAddress.normalized(email)
        let keys = LoginAttemptKeys(
            accountKey: Self.rateLimitKey("account", normalized),
            addressKey: Self.rateLimitKey("address", clientAddress))
        let now = clock.nowDate()
        let reservation = try await store.reserveLoginAttempt(keys, at: now, limits: configuration.loginRateLimits)
        guard case .reserved(let attemptID) = reservation else {
            if case .limited(let retryAt) = reservation {
                let seconds = max(1, Int(retryAt.timeIntervalSince(now).rounded(.up)))
                loginRefused?(.rateLimited)
                throw IdentityError.rateLimited(retryAfterSeconds: seconds)
            }
            preconditionFailure("unreachable")
        }
        let credential = try await store.credential(email: normalized)
        // Verify against a fixed hash when the account is unknown, so timing does not tell.
        let storedHash = credential?.passwordHash ?? unknownAccountHash
        let matches = await hasher.verify(password, againstHash: storedHash)
        guard let credential, matches else {
            logger.info("login refused", metadata: ["reason": "invalid-credentials"])
            loginRefused?(.invalidCredentials)
            throw IdentityError.invalidCredentials
        }
        try await store.loginSucceeded(attemptID: attemptID, keys: keys)
        return try await issueSession(memberID: credential.memberID, at: now)
    }

    func issueSession(memberID: Int64, at now: Date) async throws -> IssuedSession {
        let token = SecretToken.generate()
        let expiresAt = now.addingTimeInterval(TimeInterval(configuration.sessionLifetimeSeconds))
        try await store.insertSession(
            SessionRecord(tokenHash: SecretToken.hash(token), memberID: memberID, createdAt: now, expiresAt: expiresAt))
        return IssuedSession(token: token, memberID: memberID, expiresAt: expiresAt)
    }

    /// The principal of a presented bearer token, or nil when it is malformed, unknown,
    /// expired or revoked.
    public func authenticate(bearerToken: String) async throws -> Principal? {
        guard SecretToken.isWellFormed(bearerToken) else { return nil }
        return try await store.principal(sessionTokenHash: SecretToken.hash(bearerToken), at: clock.nowDate())
    }

    public func logout(bearerToken: String) async throws -> Bool {
        guard SecretToken.isWellFormed(bearerToken) else { return false }
        return try await store.revokeSession(tokenHash: SecretToken.hash(bearerToken), at: clock.nowDate())
    }

    static func rateLimitKey(_ scope: String, _ value: String) -> Data {
        Data(SHA256.hash(data: Data("\(scope):\(value)".utf8)))
    }

}
