import Foundation

/// A password reset to store if its email has an account: the token's hash on the reset row,
/// the raw token only in the reset's email (its outbox row's secret, cleared once sent).
public struct NewPasswordReset: Sendable, Hashable {
    /// Normalised (`EmailAddress.normalized`).
    public var email: String
    public var token: String
    public var tokenHash: Data { SecretToken.hash(token) }
    public var createdAt: Date
    public var expiresAt: Date

    public init(email: String, token: String, createdAt: Date, expiresAt: Date) {
        precondition(SecretToken.isWellFormed(token), "a reset's token is a SecretToken")
        precondition(expiresAt > createdAt, "a reset expires after it is made")
        self.email = email
        self.token = token
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// What a password reset request did (`IdentityStore.requestPasswordReset`). The caller answers
/// `.issued` and `.noAccount` alike.
public enum PasswordResetIssue: Sendable, Hashable {
    /// Stored, with its email in the outbox; the member's earlier unused resets are void.
    case issued(memberID: Int64)
    /// Counted against the limits; no account has the address, so nothing else was stored.
    case noAccount
    /// A limit was reached: nothing was stored or counted.
    case limited(retryAt: Date)
}

/// The account an unused, unexpired reset token belongs to.
public struct PasswordResetHolder: Sendable, Hashable {
    public var memberID: Int64
    public var email: String

    public init(memberID: Int64, email: String) {
        self.memberID = memberID
        self.email = email
    }
}
