import Foundation
import Identity
import Logging
import PostgresNIO
import PostgresSupport

extension PostgresIdentityStore {
    public func insertSession(_ session: SessionRecord) async throws {
        try await pool.transaction { connection in
            _ = try await connection.query("""
                INSERT INTO session (token_hash, member_id, created_at_ms, expires_at_ms)
                VALUES (\(session.tokenHash), \(session.memberID), \(session.createdAt.storedMilliseconds),
                        \(session.expiresAt.storedMilliseconds))
                """, logger: logger)
        }
    }

    /// Asks the database every time: a logout or a password change on any instance holds from
    /// the next request on.
    public func principal(sessionTokenHash: Data, at: Date) async throws -> Principal? {
        try await pool.read { connection in
            try await Self.first(connection.query("""
                SELECT c.member_id, c.is_administrator
                FROM session s JOIN credential c ON c.member_id = s.member_id
                WHERE s.token_hash = \(sessionTokenHash) AND s.revoked_at_ms IS NULL AND s.expires_at_ms > \(at.storedMilliseconds)
                """, logger: logger)
            ).map { row in
                Principal(memberID: try row["member_id"].decode(Int64.self),
                          isAdministrator: try row["is_administrator"].decode(Int32.self) == 1)
            }
        }
    }

    public func revokeSession(tokenHash: Data, at: Date) async throws -> Bool {
        try await pool.transaction { connection in
            try await Self.count(connection.query("""
                UPDATE session SET revoked_at_ms = \(at.storedMilliseconds)
                WHERE token_hash = \(tokenHash) AND revoked_at_ms IS NULL RETURNING member_id
                """, logger: logger)) == 1
        }
    }

    public func activeSessions(memberID: Int64, at: Date, limit: Int) async throws -> [SessionSummary] {
        try await pool.read { connection in
            try await Self.all(connection.query("""
                SELECT created_at_ms, expires_at_ms FROM session
                WHERE member_id = \(memberID) AND revoked_at_ms IS NULL AND expires_at_ms > \(at.storedMilliseconds)
                ORDER BY created_at_ms DESC LIMIT \(limit)
                """, logger: logger)
            ).map { row in
                SessionSummary(createdAt: Date(storedMilliseconds: try row["created_at_ms"].decode(Int64.self)),
                               expiresAt: Date(storedMilliseconds: try row["expires_at_ms"].decode(Int64.self)))
            }
        }
    }

    public func reserveLoginAttempt(_ keys: LoginAttemptKeys, at: Date, limits: LoginRateLimits) async throws
        -> LoginAttemptReservation
    {
        try await pool.transaction { connection in try await Self.reserveAttempt(connection, keys, at: at, limits: limits, logger: logger) }
    }

    /// In the caller's transaction: refused when any limit is reached within the window, else
    /// one attempt counted (login attempts and password reset requests, under their own keys).
    /// Atomic across instances: the account's and the address's advisory locks are held from
    /// before the count until commit, so two attempts racing on another instance are counted one
    /// after the other, as SQLite's single writer counts them.
    static func reserveAttempt(_ connection: PostgresConnection, _ keys: LoginAttemptKeys, at: Date, limits: LoginRateLimits,
                               logger: Logger) async throws -> LoginAttemptReservation
    {
        try await lock(connection, [lockKey("login.account", [keys.accountKey]), lockKey("login.address", [keys.addressKey])],
                       logger: logger)
        let windowMilliseconds = Int64(limits.windowSeconds) * 1000
        let since = at.storedMilliseconds - windowMilliseconds
        // For each limit, the attempt that must leave the window before one more is allowed.
        let blocking: [PostgresQuery] = try [
            """
            SELECT at_ms FROM login_attempt
            WHERE account_key = \(keys.accountKey) AND address_key = \(keys.addressKey) AND at_ms > \(since)
            ORDER BY at_ms DESC LIMIT 1 OFFSET \(limits.failuresPerAccountAndAddressMax - 1)
            """,
            """
            SELECT at_ms FROM login_attempt WHERE address_key = \(keys.addressKey) AND at_ms > \(since)
            ORDER BY at_ms DESC LIMIT 1 OFFSET \(limits.failuresPerAddressMax - 1)
            """,
            """
            SELECT at_ms FROM login_attempt WHERE account_key = \(keys.accountKey) AND at_ms > \(since)
            ORDER BY at_ms DESC LIMIT 1 OFFSET \(limits.failuresPerAccountMax - 1)
            """,
        ]
        var retryAtMilliseconds: Int64?
        for query in blocking {
            if let row = try await first(connection.query(query, logger: logger)) {
                let blockingAt = try row["at_ms"].decode(Int64.self)
                retryAtMilliseconds = max(retryAtMilliseconds ?? 0, blockingAt + windowMilliseconds)
            }
        }
        if let retryAtMilliseconds { return .limited(retryAt: Date(storedMilliseconds: retryAtMilliseconds)) }
        let inserted = try await first(connection.query("""
            INSERT INTO login_attempt (account_key, address_key, at_ms)
            VALUES (\(keys.accountKey), \(keys.addressKey), \(at.storedMilliseconds)) RETURNING id
            """, logger: logger))
        guard let inserted else { preconditionFailure("INSERT … RETURNING answered no row") }
        return .reserved(attemptID: try inserted["id"].decode(Int64.self))
    }

    public func loginSucceeded(attemptID: Int64, keys: LoginAttemptKeys) async throws {
        try await pool.transaction { connection in
            _ = try await connection.query("""
                DELETE FROM login_attempt
                WHERE id = \(attemptID) OR (account_key = \(keys.accountKey) AND address_key = \(keys.addressKey))
                """, logger: logger)
        }
    }

    public func deleteExpired(before: Date) async throws {
        let cutoff = before.storedMilliseconds
        let invitationCutoff = cutoff - Int64(InvitationListing.retentionSeconds) * 1000
        let attemptCutoff = cutoff - 24 * 3600 * 1000
        try await pool.transaction { connection in
            try await connection.query("DELETE FROM session WHERE expires_at_ms <= \(cutoff)", logger: logger)
            try await connection.query("DELETE FROM invitation WHERE expires_at_ms <= \(invitationCutoff)", logger: logger)
            try await connection.query("DELETE FROM login_attempt WHERE at_ms <= \(attemptCutoff)", logger: logger)
            try await connection.query("DELETE FROM password_reset WHERE expires_at_ms <= \(cutoff)", logger: logger)
        }
    }
}
