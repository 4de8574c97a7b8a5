import Foundation

/// What identity holds about a member's login, for their access export: never the password's
/// hash, a session's token or its hash.
public struct AccountRecord: Sendable, Hashable {
    public var memberID: Int64
    public var email: String
    public var createdAt: Date
    /// Whether a password is set (a login with a password exists).
    public var hasPassword: Bool
    public var isAdministrator: Bool
    /// Sessions not revoked nor expired, newest first, at most `AccountRecord.sessionsMax`.
    public var activeSessions: [SessionSummary]
    /// More active sessions existed than were listed.
    public var sessionsTruncated: Bool

    public static let sessionsMax = 1_000
}

/// When a session began and when it ends. Last use is not recorded: authenticating a request
/// writes nothing.
public struct SessionSummary: Sendable, Hashable {
    public var createdAt: Date
    public var expiresAt: Date

    public init(createdAt: Date, expiresAt: Date) {
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

extension IdentityService {
    /// The member's login and active sessions; nil when the member has no login.
    public func accountRecord(memberID: Int64) async throws -> AccountRecord? {
        guard let credential = try await store.credential(memberID: memberID) else { return nil }
        let sessions = try await store.activeSessions(memberID: memberID, at: clock.nowDate(), limit: AccountRecord.sessionsMax + 1)
        return AccountRecord(
            memberID: memberID, email: credential.email, createdAt: credential.createdAt,
            hasPassword: !credential.passwordHash.isEmpty, isAdministrator: credential.isAdministrator,
            activeSessions: Array(sessions.prefix(AccountRecord.sessionsMax)),
            sessionsTruncated: sessions.count > AccountRecord.sessionsMax)
    }
}
