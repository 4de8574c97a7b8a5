/// Lifetimes and limits of the identity service (DESIGN/EXCHANGE.md defaults).
public struct IdentityConfiguration: Sendable {
    public var bcryptCost: BcryptCost
    public var sessionLifetimeSeconds: Int
    public var invitationLifetimeSeconds: Int
    public var loginRateLimits: LoginRateLimits
    /// How long a password reset link works (30 minutes).
    public var passwordResetLifetimeSeconds: Int
    /// Password reset requests (every one counts, not only failures): 3 an hour per account,
    /// 10 an hour per client address (`LoginRateLimits.passwordResetStandard`).
    public var passwordResetRateLimits: LoginRateLimits

    public init(
        bcryptCost: BcryptCost = .production,
        sessionLifetimeSeconds: Int = 12 * 3600,
        invitationLifetimeSeconds: Int = 7 * 24 * 3600,
        loginRateLimits: LoginRateLimits = .standard,
        passwordResetLifetimeSeconds: Int = 30 * 60,
        passwordResetRateLimits: LoginRateLimits = .passwordResetStandard
    ) {
        precondition(sessionLifetimeSeconds > 0 && invitationLifetimeSeconds > 0)
        precondition(passwordResetLifetimeSeconds > 0 && passwordResetLifetimeSeconds <= 24 * 3600, "a reset link is short-lived")
        self.bcryptCost = bcryptCost
        self.sessionLifetimeSeconds = sessionLifetimeSeconds
        self.invitationLifetimeSeconds = invitationLifetimeSeconds
        self.loginRateLimits = loginRateLimits
        self.passwordResetLifetimeSeconds = passwordResetLifetimeSeconds
        self.passwordResetRateLimits = passwordResetRateLimits
    }
}
