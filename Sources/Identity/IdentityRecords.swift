import Foundation

/// Who a valid session belongs to. The API maps it to the domain's `Actor`.
public struct Principal: Sendable, Hashable {
    public var memberID: Int64
    public var isAdministrator: Bool

    public init(memberID: Int64, isAdministrator: Bool) {
        self.memberID = memberID
        self.isAdministrator = isAdministrator
    }
}

/// A member's login: email (normalised) and bcrypt hash.
public struct Credential: Sendable, Hashable {
    public var memberID: Int64
    public var email: String
    public var passwordHash: String
    public var isAdministrator: Bool
    public var createdAt: Date

    public init(memberID: Int64, email: String, passwordHash: String, isAdministrator: Bool, createdAt: Date) {
        self.memberID = memberID
        self.email = email
        self.passwordHash = passwordHash
        self.isAdministrator = isAdministrator
        self.createdAt = createdAt
    }
}

/// An invitation to a network, without its token (only the token's hash is stored).
public struct Invitation: Sendable, Hashable {
    public var id: Int64
    public var networkID: Int64
    public var email: String
    public var invitedByMemberID: Int64
    public var createdAt: Date
    public var expiresAt: Date

    public init(id: Int64, networkID: Int64, email: String, invitedByMemberID: Int64, createdAt: Date, expiresAt: Date) {
        self.id = id
        self.networkID = networkID
        self.email = email
        self.invitedByMemberID = invitedByMemberID
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

public struct NewInvitation: Sendable, Hashable {
    /// The raw token. The store keeps only `tokenHash` on the invitation; the token itself goes
    /// only into the invitation's email (its outbox row's secret, which the outbox clears once
    /// sent).
    public var token: String
    public var tokenHash: Data { SecretToken.hash(token) }
    public var networkID: Int64
    public var email: String
    public var invitedByMemberID: Int64
    public var createdAt: Date
    public var expiresAt: Date
    /// The inviter's request key, stored with the invitation (`InvitationKey`).
    public var creationKey: InvitationKey?

    public init(token: String, networkID: Int64, email: String, invitedByMemberID: Int64, createdAt: Date, expiresAt: Date,
                creationKey: InvitationKey? = nil) {
        precondition(SecretToken.isWellFormed(token), "an invitation's token is a SecretToken")
        self.token = token
        self.networkID = networkID
        self.email = email
        self.invitedByMemberID = invitedByMemberID
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.creationKey = creationKey
    }
}

/// The Idempotency-Key an invitation was created with (the key's hash for the inviter and the
/// request's hash), stored on the invitation itself, so that a retry after a crash that lost the
/// key's stored response finds the invitation instead of creating a second one.
public struct InvitationKey: Sendable, Hashable {
    public var keyHash: Data
    public var requestHash: Data

    public init(keyHash: Data, requestHash: Data) {
        self.keyHash = keyHash
        self.requestHash = requestHash
    }
}

/// What a retried keyed invitation finds.
public enum InvitationReissue: Sendable, Hashable {
    /// No invitation was created with the key: create one.
    case none
    /// The key created an invitation for another request.
    case differentRequest
    /// The key's invitation, unused, now under the new token (the first one was never answered).
    case reissued(Invitation)
    /// The key's invitation was accepted already.
    case used
}

public enum InvitationClaim: Sendable, Hashable {
    case claimed(Invitation)
    case notFound
    case alreadyUsed
    case expired(Invitation)
    /// A coordinator revoked it (or resent it, which revokes the old token).
    case revoked
}

public struct SessionRecord: Sendable, Hashable {
    public var tokenHash: Data
    public var memberID: Int64
    public var createdAt: Date
    public var expiresAt: Date

    public init(tokenHash: Data, memberID: Int64, createdAt: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.memberID = memberID
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// One login attempt counted against the per-account and per-address limits. The keys are
/// SHA-256 of the normalised email and of the client address, so neither is stored in clear.
public struct LoginAttemptKeys: Sendable, Hashable {
    public var accountKey: Data
    public var addressKey: Data

    public init(accountKey: Data, addressKey: Data) {
        self.accountKey = accountKey
        self.addressKey = addressKey
    }
}

/// How many failed logins are counted before the next attempt is refused, within a sliding
/// window. The tight limit is per account *and* client address, so a stranger guessing from their
/// own address is stopped without locking the owner out of theirs; a looser one per address
/// stops one address trying many accounts; the loosest, per account from every address, is a
/// slower back-off against guessing from many addresses at once. (A forgotten password is
/// recovered by a reset, not by waiting.)
public struct LoginRateLimits: Sendable, Hashable {
    public var failuresPerAccountAndAddressMax: Int
    public var failuresPerAddressMax: Int
    public var failuresPerAccountMax: Int
    public var windowSeconds: Int

    public static let standard = LoginRateLimits(
        failuresPerAccountAndAddressMax: 5, failuresPerAddressMax: 20, failuresPerAccountMax: 100, windowSeconds: 900)

    /// Password reset requests, each counted (a reset is not a failure that a success forgets):
    /// 3 an hour per address asked for, 10 an hour per client address.
    public static let passwordResetStandard = LoginRateLimits(
        failuresPerAccountAndAddressMax: 3, failuresPerAddressMax: 10, failuresPerAccountMax: 3, windowSeconds: 3600)

    public init(failuresPerAccountAndAddressMax: Int, failuresPerAddressMax: Int, failuresPerAccountMax: Int, windowSeconds: Int) {
        precondition(failuresPerAccountAndAddressMax > 0 && failuresPerAddressMax > 0 && failuresPerAccountMax > 0 && windowSeconds > 0)
        precondition(failuresPerAccountAndAddressMax <= failuresPerAccountMax, "the per-account limit is the looser one")
        self.failuresPerAccountAndAddressMax = failuresPerAccountAndAddressMax
        self.failuresPerAddressMax = failuresPerAddressMax
        self.failuresPerAccountMax = failuresPerAccountMax
        self.windowSeconds = windowSeconds
    }
}

public enum LoginAttemptReservation: Sendable, Hashable {
    /// Counted as a failure until `loginSucceeded` removes it.
    case reserved(attemptID: Int64)
    case limited(retryAt: Date)
}

/// What an invitation's link finds, read without taking the invitation (`IdentityStore.invitationStatus`).
public enum InvitationStatus: Sendable, Hashable {
    /// Unused and unexpired: it can be accepted.
    case open(Invitation)
    case notFound
    case alreadyUsed
    case expired(Invitation)
    /// A coordinator revoked it (or resent it, which revokes the old token).
    case revoked
}
