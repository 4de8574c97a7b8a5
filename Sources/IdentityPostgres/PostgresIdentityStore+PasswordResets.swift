import Foundation
import Identity
import Logging
import PostgresNIO
import PostgresSupport

/// Password resets: the token's hash on its row, the raw token only in its email's outbox row,
/// written in the same transaction. The member's credential row is locked while their resets are
/// voided and replaced, so two requests on two instances leave one unused reset, as on SQLite.
extension PostgresIdentityStore {
    public func requestPasswordReset(_ reset: NewPasswordReset, keys: LoginAttemptKeys, limits: LoginRateLimits) async throws
        -> PasswordResetIssue
    {
        try await pool.transaction { connection in
            if case .limited(let retryAt) = try await Self.reserveAttempt(connection, keys, at: reset.createdAt, limits: limits,
                                                                          logger: logger) {
                return .limited(retryAt: retryAt)
            }
            let memberID = try await Self.first(connection.query(
                "SELECT member_id FROM credential WHERE email = \(reset.email) FOR UPDATE", logger: logger)
            ).map { try $0["member_id"].decode(Int64.self) }
            // The same statements either way (0 is no member), so the work hardly differs.
            try await Self.voidUnusedResets(connection, memberID: memberID ?? 0, logger: logger)
            guard let memberID else { return .noAccount }
            try await connection.query("""
                INSERT INTO password_reset (token_hash, member_id, created_at_ms, expires_at_ms)
                VALUES (\(reset.tokenHash), \(memberID), \(reset.createdAt.storedMilliseconds), \(reset.expiresAt.storedMilliseconds))
                """, logger: logger)
            try await PostgresOutboxTable.insert(
                connection, [IdentityNotices.passwordReset(memberID: memberID, token: reset.token, expiresAt: reset.expiresAt)],
                at: reset.createdAt, logger: logger)
            return .issued(memberID: memberID)
        }
    }

    public func openPasswordReset(tokenHash: Data, at: Date) async throws -> PasswordResetHolder? {
        try await pool.read { connection in
            try await Self.first(connection.query("""
                SELECT c.member_id, c.email FROM password_reset r JOIN credential c ON c.member_id = r.member_id
                WHERE r.token_hash = \(tokenHash) AND r.used_at_ms IS NULL AND r.expires_at_ms > \(at.storedMilliseconds)
                """, logger: logger)
            ).map { row in
                PasswordResetHolder(memberID: try row["member_id"].decode(Int64.self), email: try row["email"].decode(String.self))
            }
        }
    }

    public func completePasswordReset(tokenHash: Data, passwordHash: String, accountKey: Data, at: Date) async throws -> Int64? {
        let now = at.storedMilliseconds
        return try await pool.transaction { connection in
            // One statement marks it used: of two instances completing it at once, one finds it unused.
            guard let used = try await Self.first(connection.query("""
                UPDATE password_reset SET used_at_ms = \(now)
                WHERE token_hash = \(tokenHash) AND used_at_ms IS NULL AND expires_at_ms > \(now)
                RETURNING member_id
                """, logger: logger))
            else { return nil }
            let memberID = try used["member_id"].decode(Int64.self)
            try await connection.query(
                "UPDATE credential SET password_hash = \(passwordHash) WHERE member_id = \(memberID)", logger: logger)
            try await connection.query(
                "UPDATE session SET revoked_at_ms = \(now) WHERE member_id = \(memberID) AND revoked_at_ms IS NULL", logger: logger)
            // The lockout ends: the account's failed logins from every address are forgotten.
            try await connection.query("DELETE FROM login_attempt WHERE account_key = \(accountKey)", logger: logger)
            try await Self.voidUnusedResets(connection, memberID: memberID, logger: logger)
            return memberID
        }
    }

    /// The member's unused resets and their unsent emails: only the newest link works.
    private static func voidUnusedResets(_ connection: PostgresConnection, memberID: Int64, logger: Logger) async throws {
        try await connection.query(
            "DELETE FROM password_reset WHERE member_id = \(memberID) AND used_at_ms IS NULL", logger: logger)
        try await dropUnsentPasswordResetEmails(connection, memberID: memberID, logger: logger)
    }
}
