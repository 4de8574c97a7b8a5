import Foundation

/// Every refusal of the identity service, each mapped by the API to its own problem type.
public enum IdentityError: Error, Sendable, Hashable {
    case invalidEmail
    case passwordPolicy(PasswordPolicyViolation)
    case invalidCredentials
    case rateLimited(retryAfterSeconds: Int)
    case invalidBootstrapToken
    case alreadyBootstrapped
    case invitationNotFound
    case invitationUsed
    case invitationExpired(expiresAt: Date)
    /// A coordinator revoked the invitation, or resent it under a new token.
    case invitationRevoked
    case emailTaken
    /// The request's Idempotency-Key already created an invitation for another request.
    case idempotencyKeyReused
    /// A password reset link that is unknown, used, replaced by a newer one or expired: one
    /// refusal for all, so that a guess learns nothing.
    case passwordResetInvalid
    /// Too many password reset requests for the address or from the client.
    case passwordResetRateLimited(retryAfterSeconds: Int)
}
