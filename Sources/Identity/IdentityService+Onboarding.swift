import Foundation
import Ledger
import Outbox

extension IdentityService {
    // MARK: Bootstrap

    /// On a start with no administrator: a new one-time bootstrap token to print, else nil.
    public func prepareBootstrapToken() async throws -> String? {
        guard try await !store.administratorExists() else { return nil }
        let token = SecretToken.generate()
        try await store.replaceBootstrapToken(hash: SecretToken.hash(token), createdAt: clock.nowDate())
        return token
    }

    public struct BootstrapClaim: Sendable, Hashable {
        public var email: String
        public var passwordHash: String
        let tokenHash: Data
    }

    /// Checks the token, the email and the password, and takes the token so that nobody else can.
    /// Follow with the domain's creation of the member, then `completeBootstrap` or `abandon`.
    public func claimBootstrap(token: String, email: String, password: String) async throws -> BootstrapClaim {
        guard try await !store.administratorExists() else { throw IdentityError.alreadyBootstrapped }
        guard EmailAddress.isPlausible(email) else { throw IdentityError.invalidEmail }
        let normalized = EmailAddress.normalized(email)
        let passwordHash = try await hashNewPassword(password, email: normalized)
        let tokenHash = SecretToken.hash(token)
        guard SecretToken.isWellFormed(token), try await store.claimBootstrapToken(hash: tokenHash, at: clock.nowDate())
        else { throw IdentityError.invalidBootstrapToken }
        return BootstrapClaim(email: normalized, passwordHash: passwordHash, tokenHash: tokenHash)
    }

    public func completeBootstrap(_ claim: BootstrapClaim, memberID: Int64) async throws {
        try await insertCredential(
            Credential(memberID: memberID, email: claim.email, passwordHash: claim.passwordHash,
                       isAdministrator: true, createdAt: clock.nowDate()))
        logger.notice("administrator bootstrapped", metadata: ["memberID": "\(memberID)"])
    }

    public func abandonBootstrap(_ claim: BootstrapClaim) async throws {
        try await store.releaseBootstrapToken(hash: claim.tokenHash)
    }

    // MARK: Invitations

    public struct IssuedInvitation: Sendable, Hashable {
        public var invitation: Invitation
        public var token: String
    }

    /// The caller has checked that the inviter may invite to the network. The invitation is
    /// emailed to the address (its outbox row commits with it). With the request's
    /// Idempotency-Key (`key`), a retry answers the invitation the first attempt created, under a
    /// new token: only a token's hash is stored, and the first token was never answered to anyone
    /// (its response would have been stored and replayed); the first email, if still unsent, is
    /// dropped and the new token emailed, so the one link that opens the invitation is emailed.
    public func invite(email: String, networkID: Int64, invitedBy memberID: Int64,
                       key: InvitationKey? = nil) async throws -> IssuedInvitation {
        let token = SecretToken.generate()
        if let issued = try await reissued(invitedBy: memberID, key: key, token: token, kind: .invitation) { return issued }
        guard EmailAddress.isPlausible(email) else { throw IdentityError.invalidEmail }
        let now = clock.nowDate()
        let invitation = try await store.insertInvitation(
            NewInvitation(
                token: token, networkID: networkID, email: EmailAddress.normalized(email),
                invitedByMemberID: memberID, createdAt: now,
                expiresAt: now.addingTimeInterval(TimeInterval(configuration.invitationLifetimeSeconds)),
                creationKey: key))
        return IssuedInvitation(invitation: invitation, token: token)
    }

    /// The invitation `key` made for the inviter, now under `token` (its first token was never
    /// answered: the response would have been stored and replayed); nil when the key made none.
    func reissued(invitedBy memberID: Int64, key: InvitationKey?, token: String, kind: NoticeKind) async throws
        -> IssuedInvitation?
    {
        guard let key else { return nil }
        switch try await store.reissueInvitation(invitedBy: memberID, key: key, token: token, kind: kind, at: clock.nowDate()) {
        case .none: return nil
        case .differentRequest: throw IdentityError.idempotencyKeyReused
        case .used: throw IdentityError.invitationUsed
        case .reissued(let invitation): return IssuedInvitation(invitation: invitation, token: token)
        }
    }

    public struct InvitationAcceptance: Sendable, Hashable {
        public var invitation: Invitation
        /// Set when the email has an account already (the password was verified against it).
        public var existingMemberID: Int64?
        /// Set for a new account.
        public var newPasswordHash: String?
    }

    /// Takes the invitation (single use) after checking the password: a new account's against
    /// the policy, an existing account's against its hash. Follow with the domain's join, then
    /// `completeAcceptance` or `abandonAcceptance`.
    public func claimInvitation(token: String, password: String) async throws -> InvitationAcceptance {
        guard SecretToken.isWellFormed(token) else { throw IdentityError.invitationNotFound }
        let invitation: Invitation
        switch try await store.claimInvitation(tokenHash: SecretToken.hash(token), at: clock.nowDate()) {
        case .notFound: throw IdentityError.invitationNotFound
        case .alreadyUsed: throw IdentityError.invitationUsed
        case .expired(let expired): throw IdentityError.invitationExpired(expiresAt: expired.expiresAt)
        case .revoked: throw IdentityError.invitationRevoked
        case .claimed(let claimed): invitation = claimed
        }
        do {
            if let existing = try await store.credential(email: invitation.email) {
                guard await hasher.verify(password, againstHash: existing.passwordHash) else {
                    throw IdentityError.invalidCredentials
                }
                return InvitationAcceptance(invitation: invitation, existingMemberID: existing.memberID)
            }
            let hash = try await hashNewPassword(password, email: invitation.email)
            return InvitationAcceptance(invitation: invitation, newPasswordHash: hash)
        } catch {
            try await store.releaseInvitation(id: invitation.id)
            throw error
        }
    }

    public func completeAcceptance(_ acceptance: InvitationAcceptance, memberID: Int64) async throws {
        if let hash = acceptance.newPasswordHash {
            try await insertCredential(
                Credential(memberID: memberID, email: acceptance.invitation.email, passwordHash: hash,
                           isAdministrator: false, createdAt: clock.nowDate()))
        }
        try await store.completeInvitation(id: acceptance.invitation.id, memberID: memberID, at: clock.nowDate())
    }

    public func abandonAcceptance(_ acceptance: InvitationAcceptance) async throws {
        try await store.releaseInvitation(id: acceptance.invitation.id)
    }

    private func insertCredential(_ credential: Credential) async throws {
        do {
            try await store.insertCredential(credential)
        } catch IdentityStoreError.emailTaken {
            throw IdentityError.emailTaken
        }
    }
}
