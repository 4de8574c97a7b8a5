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
    /// A network's invitations, newest first, with ids below `beforeID`, only those in `state` at
    /// `at` when it is given (narrowed before the limit applies).
    func invitations(networkID: Int64, state: InvitationState?, at: Date, beforeID: Int64?, limit: Int) async throws
        -> [InvitationListing]
    /// Atomically: the network's invitation `id`, unless accepted, is revoked at `at`.
    func revokeInvitation(id: Int64, networkID: Int64, at: Date) async throws -> InvitationRevocation
    /// Atomically: every unaccepted invitation of the network to invitation `id`'s email is revoked
    /// at `replacement.createdAt` and `replacement` (for that email) is stored; unless `id` was accepted.
    func resendInvitation(id: Int64, networkID: Int64, replacement: NewInvitation) async throws -> InvitationResend
    /// In one transaction, for each new invitation in order (see `StoredBatchInvitation`): the
    /// one its key made is reissued under the new token; else a pending one of the network to the
    /// email at `at` is reported; else it is stored.
    func insertInvitations(_ invitations: [NewInvitation], at: Date) async throws -> [StoredBatchInvitation]
    /// The members whose credentials have these (normalised) emails, by email.
    func memberIDs(emails: [String]) async throws -> [String: Int64]
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

    /// Drops expired sessions, invitations expired `InvitationListing.retentionSeconds` ago (a coordinator
    /// still sees them as accepted, expired or revoked until then) and old attempts.
    func deleteExpired(before: Date) async throws
}

public enum IdentityStoreError: Error, Sendable, Hashable {
    case emailTaken
    case memberHasCredential
}
