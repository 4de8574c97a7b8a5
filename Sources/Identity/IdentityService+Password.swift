import Foundation

extension IdentityService {
    // MARK: Changing a password

    /// The member's current password, checked, replaced by `newPassword` (which must pass the
    /// policy); every other session of the member is revoked, the one presenting `keptSessionToken`
    /// stays. A wrong current password counts as a failed login of the account from
    /// `clientAddress`, under the same limits as `login` (a stolen session cannot guess the
    /// password faster than the sign-in page could). Throws `invalidCredentials` when the current
    /// password is wrong, `rateLimited` when too many attempts failed, `passwordPolicy` when the
    /// new one is refused; nothing changes then.
    public func changePassword(
        memberID: Int64, currentPassword: String, newPassword: String, keptSessionToken: String?, clientAddress: String
    ) async throws {
        guard let credential = try await store.credential(memberID: memberID) else {
            logger.info("password change refused", metadata: ["reason": "invalid-credentials"])
            throw IdentityError.invalidCredentials
        }
        try await checkCurrentPassword(currentPassword, of: credential, clientAddress: clientAddress,
                                       action: "password change")
        let hash = try await hashNewPassword(newPassword, email: credential.email)
        let kept = keptSessionToken.flatMap { SecretToken.isWellFormed($0) ? SecretToken.hash($0) : nil }
        guard try await store.replacePassword(memberID: memberID, passwordHash: hash, keptSessionTokenHash: kept, at: clock.nowDate())
        else { throw IdentityError.invalidCredentials }
        logger.notice("password changed", metadata: ["memberID": "\(memberID)"])
    }

    // MARK: Reading an invitation

    /// What an invitation link finds, without taking the invitation, and whether its email has an
    /// account already (then accepting asks for that account's password instead of a new one).
    public func invitationStatus(token: String) async throws -> (status: InvitationStatus, hasAccount: Bool) {
        guard SecretToken.isWellFormed(token) else { return (.notFound, false) }
        let status = try await store.invitationStatus(tokenHash: SecretToken.hash(token), at: clock.nowDate())
        guard case .open(let invitation) = status else { return (status, false) }
        return (status, try await store.credential(email: invitation.email) != nil)
    }

    /// A signed-in member's password asked for again before a change that needs it (a new
    /// password, erasure): counted as a login attempt of the account from `clientAddress`, under
    /// the same limits as `login`, so a stolen session cannot guess it faster than the sign-in
    /// page could. Throws `rateLimited` or `invalidCredentials`; `action` names the refusal in
    /// the log.
    func checkCurrentPassword(_ password: String, of credential: Credential, clientAddress: String,
                              action: String) async throws {
        let keys = LoginAttemptKeys(
            accountKey: Self.rateLimitKey("account", EmailAddress.normalized(credential.email)),
            addressKey: Self.rateLimitKey("address", clientAddress))
        let now = clock.nowDate()
        let reservation = try await store.reserveLoginAttempt(keys, at: now, limits: configuration.loginRateLimits)
        guard case .reserved(let attemptID) = reservation else {
            if case .limited(let retryAt) = reservation {
                logger.info("\(action) refused", metadata: ["reason": "rate-limited"])
                throw IdentityError.rateLimited(retryAfterSeconds: max(1, Int(retryAt.timeIntervalSince(now).rounded(.up))))
            }
            preconditionFailure("unreachable")
        }
        guard password.unicodeScalars.count <= PasswordPolicy.lengthMax,
              await hasher.verify(password, againstHash: credential.passwordHash)
        else {
            logger.info("\(action) refused", metadata: ["reason": "invalid-credentials"])
            throw IdentityError.invalidCredentials
        }
        try await store.loginSucceeded(attemptID: attemptID, keys: keys)
    }
}
