import Foundation

extension IdentityService {
    // MARK: Changing a password

    /// The member's current password, checked, replaced by `newPassword` (which must pass the
    /// policy); every other session of the member is revoked, the one presenting `keptSessionToken`
    /// stays. Throws `invalidCredentials` when the current password is wrong, `passwordPolicy`
    /// when the new one is refused; nothing changes then.
    public func changePassword(memberID: Int64, currentPassword: String, newPassword: String, keptSessionToken: String?)
        async throws
    {
        guard let credential = try await store.credential(memberID: memberID),
              currentPassword.unicodeScalars.count <= PasswordPolicy.lengthMax,
              await hasher.verify(currentPassword, againstHash: credential.passwordHash)
        else {
            logger.info("password change refused", metadata: ["reason": "invalid-credentials"])
            throw IdentityError.invalidCredentials
        }
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
}
