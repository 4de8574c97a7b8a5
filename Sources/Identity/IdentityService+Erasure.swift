import Foundation

extension IdentityService {
    // MARK: Erasure (issue 21)

    /// Checks the member's password before they erase their own account, under the same limits
    /// as `login` (a wrong one counts as a failed login of the account from `clientAddress`).
    /// Throws `invalidCredentials` or `rateLimited`.
    public func confirmPassword(memberID: Int64, password: String, clientAddress: String) async throws {
        guard let credential = try await store.credential(memberID: memberID) else {
            throw IdentityError.invalidCredentials
        }
        try await checkCurrentPassword(password, of: credential, clientAddress: clientAddress, action: "erasure")
    }

    /// The member's sign-in address, while they have a credential: what erasure reads first, to
    /// find what else was addressed to them.
    public func email(memberID: Int64) async throws -> String? {
        try await store.credential(memberID: memberID)?.email
    }

    /// Deletes the member's credential (email and password hash), sessions, password resets,
    /// invitations to their address, unsent emails to them, and the login and reset attempts
    /// counted under their address. `email` is the address read before (nil: read it now); a
    /// retry after a crash may pass the one it read first. Answers whether a credential was there.
    @discardableResult
    public func eraseAccount(memberID: Int64, email: String? = nil) async throws -> Bool {
        let stored = try await self.email(memberID: memberID)
        let address = (stored ?? email).map(EmailAddress.normalized)
        let keys = address.map { [Self.rateLimitKey("account", $0), Self.rateLimitKey("password-reset-account", $0)] } ?? []
        let erased = try await store.eraseMember(memberID: memberID, email: address, accountKeys: keys)
        logger.notice("account erased", metadata: ["memberID": "\(memberID)"])
        return erased
    }
}
