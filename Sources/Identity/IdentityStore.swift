import Foundation

import Outbox

/// Persistence of credentials, invitations, sessions, login attempts, password resets and the
/// bootstrap token. Tokens are stored only as hashes; an invitation's or a reset's raw token
/// reaches the store only to be put in its email (the outbox row's secret, which the outbox
/// clears once sent). Each method is one atomic step, and a step that stores or replaces a
/// token writes its email (`IdentityNotices`) into the outbox in the same transaction.
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

    /// Atomically: the invitation and its email (`.invitation`).
    func insertInvitation(_ invitation: NewInvitation) async throws -> Invitation
    /// Atomically: the invitation `invitedBy` created with `key` (when its request hash matches
    /// and it is unused) takes `token` as its token, its unsent emails (whose links no longer
    /// open it) are dropped and a new email of `kind` carries the new token; see `InvitationReissue`.
    func reissueInvitation(invitedBy memberID: Int64, key: InvitationKey, token: String, kind: NoticeKind, at: Date) async throws
        -> InvitationReissue
    /// Marks the invitation as being accepted, unless it is unknown, used or expired at `at`.
    func claimInvitation(tokenHash: Data, at: Date) async throws -> InvitationClaim
    /// What `claimInvitation` would find at `at`, without taking the invitation.
    func invitationStatus(tokenHash: Data, at: Date) async throws -> InvitationStatus
    func releaseInvitation(id: Int64) async throws
    /// A network's invitations, newest first, with ids below `beforeID`, only those in `state` at
    /// `at` when it is given (narrowed before the limit applies).
    func invitations(networkID: Int64, state: InvitationState?, at: Date, beforeID: Int64?, limit: Int) async throws
        -> [InvitationListing]
    /// Atomically: the network's invitation `id`, unless accepted, is revoked at `at`, and its
    /// unsent emails are dropped.
    func revokeInvitation(id: Int64, networkID: Int64, at: Date) async throws -> InvitationRevocation
    /// Atomically: every unaccepted invitation of the network to invitation `id`'s email is revoked
    /// at `replacement.createdAt` (their unsent emails dropped) and `replacement` (for that email)
    /// is stored with its email (`.invitationResent`); unless `id` was accepted.
    func resendInvitation(id: Int64, networkID: Int64, replacement: NewInvitation) async throws -> InvitationResend
    /// In one transaction, for each new invitation in order (see `StoredBatchInvitation`): the
    /// one its key made is reissued under the new token (as `reissueInvitation`); else a pending
    /// one of the network to the email at `at` is reported; else it is stored with its email.
    func insertInvitations(_ invitations: [NewInvitation], at: Date) async throws -> [StoredBatchInvitation]
    /// The members whose credentials have these (normalised) emails, by email.
    func memberIDs(emails: [String]) async throws -> [String: Int64]
    func completeInvitation(id: Int64, memberID: Int64, at: Date) async throws

    func insertSession(_ session: SessionRecord) async throws
    /// The principal of an unrevoked session that has not expired at `at`.
    func principal(sessionTokenHash: Data, at: Date) async throws -> Principal?
    /// False when there was no such unrevoked session.
    func revokeSession(tokenHash: Data, at: Date) async throws -> Bool
    /// The member's sessions neither revoked nor expired at `at`, newest first, at most `limit`.
    func activeSessions(memberID: Int64, at: Date, limit: Int) async throws -> [SessionSummary]

    /// Atomically: refuse when any limit (account and address, address, account) is reached
    /// within the window, else count one attempt.
    func reserveLoginAttempt(_ keys: LoginAttemptKeys, at: Date, limits: LoginRateLimits) async throws
        -> LoginAttemptReservation
    /// Forget the reserved attempt and the account's earlier failures from the same address
    /// (not other addresses': a stranger's guesses are not wiped by the owner's login).
    func loginSucceeded(attemptID: Int64, keys: LoginAttemptKeys) async throws

    /// Atomically: refuse when a limit is reached (requests are counted under `keys` as login
    /// attempts are, and never forgotten by a success), else count this request and, when
    /// `reset.email` has a credential, void the member's unused resets (and drop their unsent
    /// emails) and store this one with its email (`.passwordReset`).
    func requestPasswordReset(_ reset: NewPasswordReset, keys: LoginAttemptKeys, limits: LoginRateLimits) async throws
        -> PasswordResetIssue
    /// The account of the reset whose token hash is `tokenHash`, when it is unused and unexpired at `at`.
    func openPasswordReset(tokenHash: Data, at: Date) async throws -> PasswordResetHolder?
    /// Atomically, when the reset is unused and unexpired at `at`: it is marked used, the member's
    /// password hash becomes `passwordHash`, every session of the member is revoked, the failed
    /// login attempts counted under `accountKey` (from every address) are forgotten, and the
    /// member's other unused resets are void. Answers the member, or nil (nothing changed).
    func completePasswordReset(tokenHash: Data, passwordHash: String, accountKey: Data, at: Date) async throws -> Int64?

    /// Atomically (erasure, issue 21): the member's sessions, password resets, the outbox rows
    /// addressed to them (by member or to `email`), the invitations to `email`, the login
    /// attempts counted under `accountKeys`, and last their credential are deleted. Answers
    /// whether a credential was there; a repeat deletes what is left.
    func eraseMember(memberID: Int64, email: String?, accountKeys: [Data]) async throws -> Bool

    /// Drops expired sessions, invitations expired `InvitationListing.retentionSeconds` ago (a coordinator
    /// still sees them as accepted, expired or revoked until then), old attempts and expired password resets.
    func deleteExpired(before: Date) async throws
}

public enum IdentityStoreError: Error, Sendable, Hashable {
    case emailTaken
    case memberHasCredential
}
