/// Lifetimes and limits of the identity service (DESIGN/EXCHANGE.md defaults).
public struct IdentityConfiguration: Sendable {
    public var bcryptCost: BcryptCost
    public var sessionLifetimeSeconds: Int
    public var invitationLifetimeSeconds: Int
    public var loginRateLimits: LoginRateLimits

    public init(
        bcryptCost: BcryptCost = .production,
        sessionLifetimeSeconds: Int = 12 * 3600,
        invitationLifetimeSeconds: Int = 7 * 24 * 3600,
        loginRateLimits: LoginRateLimits = .standard
    ) {
        precondition(sessionLifetimeSeconds > 0 && invitationLifetimeSeconds > 0)
        self.bcryptCost = bcryptCost
        self.sessionLifetimeSeconds = sessionLifetimeSeconds
        self.invitationLifetimeSeconds = invitationLifetimeSeconds
        self.loginRateLimits = loginRateLimits
    }
}
