/// Why a login was refused: a fixed set, so that a metric labelled by it stays bounded and
/// carries nothing about who tried.
public enum LoginRefusalReason: String, Sendable, CaseIterable {
    /// Unknown email or wrong password (the two are not told apart).
    case invalidCredentials = "invalid_credentials"
    /// Too many attempts for the account or from the address.
    case rateLimited = "rate_limited"
}
