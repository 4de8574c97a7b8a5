import Foundation

/// Where an invitation stands, as a coordinator's list shows it. An accepted invitation stays
/// accepted; otherwise a revoked one is revoked, and an unrevoked one is pending until it expires.
public enum InvitationState: String, Sendable, Hashable, CaseIterable {
    case pending, accepted, expired, revoked
}

/// An invitation as a coordinator's list shows it: never its token (only the hash is stored).
public struct InvitationListing: Sendable, Hashable {
    /// How long an invitation is kept after it expires, whatever became of it (90 days).
    public static let retentionSeconds = 90 * 24 * 3600

    public var invitation: Invitation
    public var state: InvitationState
    public var acceptedAt: Date?
    public var acceptedMemberID: Int64?
    public var revokedAt: Date?

    public init(invitation: Invitation, state: InvitationState, acceptedAt: Date? = nil, acceptedMemberID: Int64? = nil,
                revokedAt: Date? = nil) {
        self.invitation = invitation
        self.state = state
        self.acceptedAt = acceptedAt
        self.acceptedMemberID = acceptedMemberID
        self.revokedAt = revokedAt
    }
}

/// What revoking an invitation found.
public enum InvitationRevocation: Sendable, Hashable {
    /// Revoked now, or revoked already (revoking twice changes nothing).
    case revoked(InvitationListing)
    /// The network has no invitation with this id.
    case notFound
    /// It was accepted: there is nothing left to revoke.
    case accepted
}

/// What resending an invitation found.
public enum InvitationResend: Sendable, Hashable {
    /// The new invitation; every unaccepted invitation of the network to the same email is revoked.
    case resent(Invitation)
    case notFound
    case accepted
}

/// One address of a batch as the store found it (`IdentityStore.insertInvitations`).
public enum StoredBatchInvitation: Sendable, Hashable {
    case created(Invitation)
    /// The same batch key's invitation, under the new token (a retry whose first answer was lost).
    case reissued(Invitation)
    /// The key's invitation for this address was accepted already.
    case accepted
    /// An invitation of the network to this address is pending already (no new one was made).
    case pending(invitationID: Int64)
    /// The key created this address's invitation for another request.
    case differentRequest
}
