import Foundation

/// Persistence of credentials, invitations, sessions, login attempts and the bootstrap token.
/// Tokens arrive here only as hashes. Each method is one atomic step.
public protocol IdentityStore: Sendable {
    func credential(email: String) async throws -> Credential?
    func credential(memberID: Int64) async throws -> Credential?
    /// Throws `IdentityStoreError.emailTaken` or `.memberHasCredential`.
    func insertCredential(_ credential: Credential) async throws
    /// Atomically: the member's password hash becomes `passwordHash` and every unrevoked session
    /// of the member except the one whose hash is `keptSessionTokenHash` is revoked at `at`.
    /// False when the member has no credential.
    func replacePassword(memberID: Int64, passwordHash: String, keptSessionTokenHash: Data?, at: Date) async throws -> Bool
    func administratorExists() async throws -> Bool

    /// Replaces any unused bootstrap token.
    func replaceBootstrapToken(hash: Data, createdAt: Date) async throws
    /// Marks the token used if it is the current, unused one; false otherwise.
    func claimBootstrapToken(hash: Data, at: Date) async throws -> Bool
    func releaseBootstrapToken(hash: Data) async throws

    func insertInvitation(_ invitation: NewInvitation) async throws -> Invitation
    /// Atomically: the invitation `invitedBy` created with `key` (when its request hash matches
    /// and it is unused) takes `tokenHash` as its token; see `InvitationReissue`.
    func reissueInvitation(invitedBy memberID: Int64, key: InvitationKey, tokenHash: Data) async throws -> InvitationReissue
    /// Marks the invitation as being accepted, unless it is unknown, used or expired at `at`.
    func claimInvitation(tokenHash: Data, at: Date) async throws -> InvitationClaim
    /// What `claimInvitation` would find at `at`, without taking the invitation.
    func invitationStatus(tokenHash: Data, at: Date) async throws -> InvitationStatus
    func releaseInvitation(id: Int64) async throws
    func completeInvitation(id: Int64, memberID: Int64, at: Date) async throws

    func insertSession(_ session: SessionRecord) async throws
    /// The principal of an unrevoked session that has not expired at `at`.
    func principal(sessionTokenHash: Data, at: Date) async throws -> Principal?
    /// False when there was no such unrevoked session.
    func revokeSession(tokenHash: Data, at: Date) async throws -> Bool

    /// Atomically: refuse when any limit (account and address, address, account) is reached
    /// within the window, else count one attempt.
    func reserveLoginAttempt(_ keys: LoginAttemptKeys, at: Date, limits: LoginRateLimits) async throws
        -> LoginAttemptReservation
    /// Forget the reserved attempt and the account's earlier failures from the same address
    /// (not other addresses': a stranger's guesses are not wiped by the owner's login).
    func loginSucceeded(attemptID: Int64, keys: LoginAttemptKeys) async throws

    /// Drops expired sessions, used or expired invitations and old attempts.
    func deleteExpired(before: Date) async throws
}

public enum IdentityStoreError: Error, Sendable, Hashable {
    case emailTaken
    case memberHasCredential
}
