import Foundation
import Identity

/// Identity refusals, each with its own problem type.
extension Problem {
    public init(_ error: IdentityError) {
        switch error {
        case .invalidEmail:
            self = .invalidRequest(
                "The email address is not valid.", fieldErrors: [.init(pointer: "/email", detail: "must be an email address")])
        case .passwordPolicy(let violation):
            self.init(status: .badRequest, name: "password-policy", title: "Password does not meet the policy",
                      detail: violation.detail, fieldErrors: [.init(pointer: "/password", detail: violation.detail)])
        case .invalidCredentials:
            self.init(status: .unauthorized, name: "invalid-credentials", title: "Invalid credentials",
                      detail: "The email or the password is not correct.")
        case .rateLimited(let seconds):
            self.init(status: .tooManyRequests, name: "rate-limited", title: "Too many failed attempts",
                      detail: "Too many failed login attempts; retry in \(seconds) seconds.", retryAfterSeconds: seconds)
        case .invalidBootstrapToken:
            self.init(status: .unauthorized, name: "invalid-bootstrap-token", title: "Invalid bootstrap token",
                      detail: "Use the bootstrap token printed by the latest start of the server.")
        case .alreadyBootstrapped:
            self.init(status: .conflict, name: "already-bootstrapped", title: "Already bootstrapped",
                      detail: "An administrator exists already.")
        case .invitationNotFound:
            self.init(status: .notFound, name: "invitation-not-found", title: "Invitation not found",
                      detail: "No invitation has this token; ask your coordinator for a new one.")
        case .invitationUsed:
            self.init(status: .gone, name: "invitation-used", title: "Invitation already used",
                      detail: "This invitation was accepted already; log in instead.")
        case .invitationExpired(let expiresAt):
            self.init(status: .gone, name: "invitation-expired", title: "Invitation expired",
                      detail: "This invitation expired at \(expiresAt.ISO8601Format()); ask your coordinator for a new one.")
        case .invitationRevoked:
            self.init(status: .gone, name: "invitation-revoked", title: "Invitation revoked",
                      detail: "A coordinator withdrew this invitation or sent a newer one; use the newest, or ask your coordinator for a new one.")
        case .emailTaken:
            self.init(status: .conflict, name: "email-taken", title: "Email already registered",
                      detail: "An account with this email exists already.")
        case .idempotencyKeyReused:
            self = .idempotencyKeyReused
        case .passwordResetInvalid:
            self.init(status: .badRequest, name: "password-reset-invalid", title: "Password reset link not valid",
                      detail: "This password reset link is not valid: it was used, a newer one was sent, or it expired. Ask for a new one.",
                      fieldErrors: [.init(pointer: "/token", detail: "is not a valid password reset token")])
        case .passwordResetRateLimited(let seconds):
            self.init(status: .tooManyRequests, name: "rate-limited", title: "Too many requests",
                      detail: "Too many password reset requests; retry in \(seconds) seconds.", retryAfterSeconds: seconds)
        }
    }
}
