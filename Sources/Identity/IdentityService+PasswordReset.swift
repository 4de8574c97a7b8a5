import Foundation

/// "Forgot your password": a single-use link emailed to the account's address, short-lived,
/// stored as a hash; also the way back after a login lockout.
extension IdentityService {
    /// Emails a password reset link to the account with `email`, if there is one. The outcome is
    /// the same whether or not it exists, and so is the work (a token made and hashed, the request
    /// counted in one committed write); only a reset of an existing account adds its two rows.
    /// Requests are limited per address asked for and per client address
    /// (`IdentityConfiguration.passwordResetRateLimits`), whether or not the address has an
    /// account. The link (`IdentityNotices.passwordResetPath`) works once, for
    /// `passwordResetLifetimeSeconds`; a newer request voids the older links.
    /// Throws `invalidEmail` for an implausible address, `passwordResetRateLimited` at a limit.
    public func requestPasswordReset(email: String, clientAddress: String) async throws {
        guard EmailAddress.isPlausible(email.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw IdentityError.invalidEmail
        }
        let normalized = EmailAddress.normalized(email)
        let keys = LoginAttemptKeys(
            accountKey: Self.rateLimitKey("password-reset-account", normalized),
            addressKey: Self.rateLimitKey("password-reset-address", clientAddress))
        let now = clock.nowDate()
        let reset = NewPasswordReset(
            email: normalized, token: SecretToken.generate(), createdAt: now,
            expiresAt: now.addingTimeInterval(TimeInterval(configuration.passwordResetLifetimeSeconds)))
        switch try await store.requestPasswordReset(reset, keys: keys, limits: configuration.passwordResetRateLimits) {
        case .issued(let memberID):
            logger.info("password reset requested", metadata: ["memberID": "\(memberID)"])
        case .noAccount:
            logger.info("password reset requested", metadata: ["outcome": "no-account"])
        case .limited(let retryAt):
            logger.info("password reset refused", metadata: ["reason": "rate-limited"])
            throw IdentityError.passwordResetRateLimited(
                retryAfterSeconds: max(1, Int(retryAt.timeIntervalSince(now).rounded(.up))))
        }
    }

    /// Whether a reset link still works (unused, unexpired, not replaced by a newer one).
    public func passwordResetIsOpen(token: String) async throws -> Bool {
        guard SecretToken.isWellFormed(token) else { return false }
        return try await store.openPasswordReset(tokenHash: SecretToken.hash(token), at: clock.nowDate()) != nil
    }

    /// Sets the account's password through a reset link: `newPassword` must pass the policy (as
    /// at sign-up; the link stays usable when it does not). The link is then used up, every
    /// session of the member is signed out, and the account's failed logins are forgotten (the
    /// lockout ends). Throws `passwordResetInvalid` for a link that is unknown, used, replaced or
    /// expired (one refusal for all), `passwordPolicy` for a refused password.
    public func resetPassword(token: String, newPassword: String) async throws {
        guard SecretToken.isWellFormed(token) else { throw IdentityError.passwordResetInvalid }
        let tokenHash = SecretToken.hash(token)
        guard let holder = try await store.openPasswordReset(tokenHash: tokenHash, at: clock.nowDate()) else {
            logger.info("password reset refused", metadata: ["reason": "invalid-link"])
            throw IdentityError.passwordResetInvalid
        }
        let hash = try await hashNewPassword(newPassword, email: holder.email)
        // Checked again as it is used: another request may have used or replaced it meanwhile.
        guard let memberID = try await store.completePasswordReset(
            tokenHash: tokenHash, passwordHash: hash, accountKey: Self.rateLimitKey("account", holder.email), at: clock.nowDate())
        else {
            logger.info("password reset refused", metadata: ["reason": "invalid-link"])
            throw IdentityError.passwordResetInvalid
        }
        logger.notice("password reset", metadata: ["memberID": "\(memberID)"])
    }
}
