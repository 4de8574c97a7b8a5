import Foundation
import GRDB
import Identity
import SQLiteSupport

/// Password resets: the token's hash on its row, the raw token only in its email's outbox row,
/// written in the same transaction.
extension SQLiteIdentityStore {
    public func requestPasswordReset(_ reset: NewPasswordReset, keys: LoginAttemptKeys, limits: LoginRateLimits) async throws
        -> PasswordResetIssue
    {
        try await pool.write { db in
            if case .limited(let retryAt) = try Self.reserveAttempt(db, keys, at: reset.createdAt, limits: limits) {
                return .limited(retryAt: retryAt)
            }
            let memberID = try Int64.fetchOne(
                db, sql: "SELECT member_id FROM credential WHERE email = ?", arguments: [reset.email])
            // The same statements either way (0 is no member), so the work hardly differs.
            try Self.voidUnusedResets(db, memberID: memberID ?? 0)
            guard let memberID else { return .noAccount }
            try db.execute(
                sql: "INSERT INTO password_reset (token_hash, member_id, created_at_ms, expires_at_ms) VALUES (?, ?, ?, ?)",
                arguments: [reset.tokenHash, memberID, reset.createdAt.storedMilliseconds, reset.expiresAt.storedMilliseconds])
            try SQLiteOutboxTable.insert(
                db, [IdentityNotices.passwordReset(memberID: memberID, token: reset.token, expiresAt: reset.expiresAt)],
                at: reset.createdAt)
            return .issued(memberID: memberID)
        }
    }

    public func openPasswordReset(tokenHash: Data, at: Date) async throws -> PasswordResetHolder? {
        try await pool.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT c.member_id, c.email FROM password_reset r JOIN credential c ON c.member_id = r.member_id
                    WHERE r.token_hash = ? AND r.used_at_ms IS NULL AND r.expires_at_ms > ?
                    """,
                arguments: [tokenHash, at.storedMilliseconds]
            ).map { row in
                let read = RowReader(row: row, table: "password_reset")
                return PasswordResetHolder(memberID: try read.int64("member_id"), email: try read.string("email"))
            }
        }
    }

    public func completePasswordReset(tokenHash: Data, passwordHash: String, accountKey: Data, at: Date) async throws -> Int64? {
        let now = at.storedMilliseconds
        return try await pool.write { db in
            try db.execute(
                sql: "UPDATE password_reset SET used_at_ms = ? WHERE token_hash = ? AND used_at_ms IS NULL AND expires_at_ms > ?",
                arguments: [now, tokenHash, now])
            guard db.changesCount == 1,
                  let memberID = try Int64.fetchOne(
                    db, sql: "SELECT member_id FROM password_reset WHERE token_hash = ?", arguments: [tokenHash])
            else { return nil }
            try db.execute(
                sql: "UPDATE credential SET password_hash = ? WHERE member_id = ?", arguments: [passwordHash, memberID])
            try db.execute(
                sql: "UPDATE session SET revoked_at_ms = ? WHERE member_id = ? AND revoked_at_ms IS NULL",
                arguments: [now, memberID])
            // The lockout ends: the account's failed logins from every address are forgotten.
            try db.execute(sql: "DELETE FROM login_attempt WHERE account_key = ?", arguments: [accountKey])
            try Self.voidUnusedResets(db, memberID: memberID)
            return memberID
        }
    }

    /// The member's unused resets and their unsent emails: only the newest link works.
    private static func voidUnusedResets(_ db: Database, memberID: Int64) throws {
        try db.execute(sql: "DELETE FROM password_reset WHERE member_id = ? AND used_at_ms IS NULL", arguments: [memberID])
        try dropUnsentPasswordResetEmails(db, memberID: memberID)
    }
}
