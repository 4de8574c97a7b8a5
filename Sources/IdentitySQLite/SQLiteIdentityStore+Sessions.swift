import Foundation
import GRDB
import Identity
import SQLiteSupport

extension SQLiteIdentityStore {
    public func insertSession(_ session: SessionRecord) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO session (token_hash, member_id, created_at_ms, expires_at_ms) VALUES (?, ?, ?, ?)",
                arguments: [session.tokenHash, session.memberID, session.createdAt.storedMilliseconds,
                            session.expiresAt.storedMilliseconds])
        }
    }

    public func principal(sessionTokenHash: Data, at: Date) async throws -> Principal? {
        let now = at.storedMilliseconds
        let (cached, ticket) = sessionCache.lookup(sessionTokenHash)
        if let cached {
            return cached.expiresAtMilliseconds > now ? cached.principal : nil
        }
        let found = try await pool.read { db in
            try Row.fetchOne(
                db.cachedStatement(sql: """
                    SELECT c.member_id, c.is_administrator, s.expires_at_ms
                    FROM session s JOIN credential c ON c.member_id = s.member_id
                    WHERE s.token_hash = ? AND s.revoked_at_ms IS NULL AND s.expires_at_ms > ?
                    """),
                arguments: [sessionTokenHash, now]
            ).map { row in
                let read = RowReader(row: row, table: "session")
                return CachedSession(
                    principal: Principal(memberID: try read.int64("member_id"), isAdministrator: try read.bool("is_administrator")),
                    expiresAtMilliseconds: try read.int64("expires_at_ms"))
            }
        }
        // Only sessions that exist are kept: unknown tokens must not fill the cache.
        guard let found else { return nil }
        sessionCache.store(found, for: sessionTokenHash, ticket: ticket)
        return found.principal
    }

    public func revokeSession(tokenHash: Data, at: Date) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE session SET revoked_at_ms = ? WHERE token_hash = ? AND revoked_at_ms IS NULL",
                arguments: [at.storedMilliseconds, tokenHash])
            return db.changesCount == 1
        }
    }

    public func activeSessions(memberID: Int64, at: Date, limit: Int) async throws -> [SessionSummary] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT created_at_ms, expires_at_ms FROM session
                    WHERE member_id = ? AND revoked_at_ms IS NULL AND expires_at_ms > ?
                    ORDER BY created_at_ms DESC LIMIT ?
                    """,
                arguments: [memberID, at.storedMilliseconds, limit]
            ).map { row in
                let read = RowReader(row: row, table: "session")
                return SessionSummary(createdAt: Date(storedMilliseconds: try read.int64("created_at_ms")),
                                      expiresAt: Date(storedMilliseconds: try read.int64("expires_at_ms")))
            }
        }
    }

    public func reserveLoginAttempt(_ keys: LoginAttemptKeys, at: Date, limits: LoginRateLimits) async throws
        -> LoginAttemptReservation
    {
        try await pool.write { db in try Self.reserveAttempt(db, keys, at: at, limits: limits) }
    }

    /// In the caller's transaction: refused when any limit is reached within the window, else
    /// one attempt counted (login attempts and password reset requests, under their own keys).
    static func reserveAttempt(_ db: Database, _ keys: LoginAttemptKeys, at: Date, limits: LoginRateLimits) throws
        -> LoginAttemptReservation
    {
        let windowMilliseconds = Int64(limits.windowSeconds) * 1000
        let since = at.storedMilliseconds - windowMilliseconds
        let checks: [(condition: String, arguments: StatementArguments, limit: Int)] = [
            ("account_key = ? AND address_key = ?", [keys.accountKey, keys.addressKey], limits.failuresPerAccountAndAddressMax),
            ("address_key = ?", [keys.addressKey], limits.failuresPerAddressMax),
            ("account_key = ?", [keys.accountKey], limits.failuresPerAccountMax),
        ]
        var retryAtMilliseconds: Int64?
        for check in checks {
            // The attempt that must leave the window before one more is allowed.
            let blocking = try Int64.fetchOne(
                db,
                sql: "SELECT at_ms FROM login_attempt WHERE \(check.condition) AND at_ms > ? ORDER BY at_ms DESC LIMIT 1 OFFSET ?",
                arguments: check.arguments + [since, check.limit - 1])
            if let blocking { retryAtMilliseconds = max(retryAtMilliseconds ?? 0, blocking + windowMilliseconds) }
        }
        if let retryAtMilliseconds { return .limited(retryAt: Date(storedMilliseconds: retryAtMilliseconds)) }
        try db.execute(
            sql: "INSERT INTO login_attempt (account_key, address_key, at_ms) VALUES (?, ?, ?)",
            arguments: [keys.accountKey, keys.addressKey, at.storedMilliseconds])
        return .reserved(attemptID: db.lastInsertedRowID)
    }

    public func loginSucceeded(attemptID: Int64, keys: LoginAttemptKeys) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "DELETE FROM login_attempt WHERE id = ? OR (account_key = ? AND address_key = ?)",
                arguments: [attemptID, keys.accountKey, keys.addressKey])
        }
    }

    public func deleteExpired(before: Date) async throws {
        let cutoff = before.storedMilliseconds
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM session WHERE expires_at_ms <= ?", arguments: [cutoff])
            try db.execute(
                sql: "DELETE FROM invitation WHERE expires_at_ms <= ?",
                arguments: [cutoff - Int64(InvitationListing.retentionSeconds) * 1000])
            try db.execute(sql: "DELETE FROM login_attempt WHERE at_ms <= ?", arguments: [cutoff - 24 * 3600 * 1000])
            try db.execute(sql: "DELETE FROM password_reset WHERE expires_at_ms <= ?", arguments: [cutoff])
        }
    }
}
