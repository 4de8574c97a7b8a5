import Foundation
import Logging
import Outbox
import PostgresNIO

/// `OutboxRepository` over one PostgreSQL store's `outbox` table (`PostgresOutboxTable`), as
/// `SQLiteOutbox` is over SQLite's, but safe with several instances delivering at once:
/// `dueMessages` claims the rows it answers. In one transaction it locks them
/// (`FOR UPDATE SKIP LOCKED`: rows another instance is claiming are passed over, not waited for)
/// and moves their next attempt `leaseSeconds` on, so no other instance finds them due while
/// this one sends them. Settling is by id, as on SQLite. A claim that is never settled (the
/// instance died mid-send) expires with its lease and the row is due again: delivery stays at
/// least once, and the stable Message-ID lets a recipient's mail system recognise a resend.
public struct PostgresOutbox: OutboxRepository {
    let pool: PostgresPool
    let source: OutboxSource
    /// How long a claimed row stays with the instance that claimed it before it is due again.
    public let leaseSeconds: Int

    /// The default lease: far longer than one send (the transports time out sooner), short
    /// enough that a row claimed by an instance that died goes out minutes later.
    public static let defaultLeaseSeconds = 300

    public init(pool: PostgresPool, source: OutboxSource, leaseSeconds: Int = Self.defaultLeaseSeconds) {
        precondition(leaseSeconds > 0 && leaseSeconds <= 3_600, "a lease of one second to one hour")
        self.pool = pool
        self.source = source
        self.leaseSeconds = leaseSeconds
    }

    public func dueMessages(at now: Date, limit: Int) async throws -> [OutboxMessage] {
        precondition(limit > 0 && limit <= 1_000)
        let nowMilliseconds = PostgresOutboxTable.milliseconds(now)
        let leaseEnd = nowMilliseconds + Int64(leaseSeconds) * 1000
        let claimed = try await pool.transaction { connection in
            let rows = try await connection.query("""
                WITH due AS (
                    SELECT id, next_attempt_at_ms AS due_at_ms FROM outbox
                    WHERE state = 'pending' AND next_attempt_at_ms <= \(nowMilliseconds)
                    ORDER BY next_attempt_at_ms, id LIMIT \(limit)
                    FOR UPDATE SKIP LOCKED)
                UPDATE outbox SET next_attempt_at_ms = \(leaseEnd) FROM due WHERE outbox.id = due.id
                RETURNING \(unescaped: Self.columns), due.due_at_ms
                """, logger: pool.logger)
            var messages: [OutboxMessage] = []
            for try await row in rows {
                // The row as it was due, not as leased: the message says when it fell due.
                var message = try message(from: row)
                message.nextAttemptAt = Self.date(try row.makeRandomAccess()["due_at_ms"].decode(Int64.self))
                messages.append(message)
            }
            return messages
        }
        // RETURNING keeps no order: oldest first, as SQLite answers.
        return claimed.sorted { ($0.nextAttemptAt, $0.id) < ($1.nextAttemptAt, $1.id) }
    }

    /// Pending messages, oldest first, whenever they are due, without claiming them (for
    /// diagnostics and tests: `dueMessages` leases what it answers).
    public func pendingMessages(limit: Int) async throws -> [OutboxMessage] {
        precondition(limit > 0 && limit <= 1_000)
        return try await pool.read { connection in
            try await messages(connection.query("""
                SELECT \(unescaped: Self.columns) FROM outbox WHERE state = 'pending'
                ORDER BY next_attempt_at_ms, id LIMIT \(limit)
                """, logger: pool.logger))
        }
    }

    public func markSent(id: Int64, at: Date) async throws {
        let at = PostgresOutboxTable.milliseconds(at)
        try await execute("""
            UPDATE outbox SET state = 'sent', secret = NULL, attempts = attempts + 1, sent_at_ms = \(at),
                              last_attempt_at_ms = \(at), last_error = NULL
            WHERE id = \(id) AND state = 'pending'
            """)
    }

    public func markAttemptFailed(id: Int64, at: Date, retryAt: Date?, error: String) async throws {
        let at = PostgresOutboxTable.milliseconds(at)
        let reason = String(error.prefix(200))
        if let retryAt {
            let retryAt = PostgresOutboxTable.milliseconds(retryAt)
            try await execute("""
                UPDATE outbox SET attempts = attempts + 1, next_attempt_at_ms = \(retryAt), last_attempt_at_ms = \(at),
                                  last_error = \(reason)
                WHERE id = \(id) AND state = 'pending'
                """)
        } else {
            try await execute("""
                UPDATE outbox SET state = 'failed', secret = NULL, attempts = attempts + 1, last_attempt_at_ms = \(at),
                                  last_error = \(reason)
                WHERE id = \(id) AND state = 'pending'
                """)
        }
    }

    public func markSkipped(id: Int64, at: Date, reason: String) async throws {
        let at = PostgresOutboxTable.milliseconds(at)
        try await execute("""
            UPDATE outbox SET state = 'skipped', secret = NULL, last_attempt_at_ms = \(at),
                              last_error = \(String(reason.prefix(200)))
            WHERE id = \(id) AND state = 'pending'
            """)
    }

    public func deferMessage(id: Int64, until: Date) async throws {
        try await execute(
            "UPDATE outbox SET next_attempt_at_ms = \(PostgresOutboxTable.milliseconds(until)) WHERE id = \(id) AND state = 'pending'")
    }

    public func outboxCounts(at now: Date) async throws -> OutboxCounts {
        let dayAgo = PostgresOutboxTable.milliseconds(now) - 86_400_000
        return try await pool.read { connection in
            let counts = try await connection.query("""
                SELECT COUNT(*) FILTER (WHERE state = 'pending'),
                       COUNT(*) FILTER (WHERE state = 'failed'),
                       COUNT(*) FILTER (WHERE state = 'sent' AND sent_at_ms >= \(dayAgo)),
                       MIN(created_at_ms) FILTER (WHERE state = 'pending')
                FROM outbox
                """, logger: pool.logger)
            var result = OutboxCounts(pending: 0, failed: 0, sentLastDay: 0, oldestPendingAt: nil, lastAttemptSucceeded: nil)
            for try await (pending, failed, sent, oldest) in counts.decode((Int, Int, Int, Int64?).self) {
                result = OutboxCounts(pending: pending, failed: failed, sentLastDay: sent, oldestPendingAt: oldest.map(Self.date),
                                      lastAttemptSucceeded: nil)
            }
            let last = try await connection.query("""
                SELECT last_error FROM outbox WHERE last_attempt_at_ms IS NOT NULL AND state <> 'skipped'
                ORDER BY last_attempt_at_ms DESC, id DESC LIMIT 1
                """, logger: pool.logger)
            for try await lastError in last.decode(String?.self) {
                result.lastAttemptSucceeded = lastError == nil
            }
            return result
        }
    }

    public func failedMessages(limit: Int) async throws -> [OutboxMessage] {
        precondition(limit > 0 && limit <= 1_000)
        return try await pool.read { connection in
            try await messages(connection.query("""
                SELECT \(unescaped: Self.columns) FROM outbox WHERE state = 'failed'
                ORDER BY last_attempt_at_ms DESC, id DESC LIMIT \(limit)
                """, logger: pool.logger))
        }
    }

    public func retryFailedMessage(id: Int64, at: Date) async throws -> Bool {
        let at = PostgresOutboxTable.milliseconds(at)
        return try await pool.transaction { connection in
            let rows = try await connection.query("""
                UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at_ms = \(at), created_at_ms = \(at)
                WHERE id = \(id) AND state = 'failed'
                RETURNING id
                """, logger: pool.logger)
            var changed = 0
            for try await _ in rows.decode(Int64.self) { changed += 1 }
            return changed == 1
        }
    }

    public func pruneOutbox(expiredBefore: Date, sentBefore: Date, failedBefore: Date) async throws -> Int {
        let expiredBefore = PostgresOutboxTable.milliseconds(expiredBefore)
        let sentBefore = PostgresOutboxTable.milliseconds(sentBefore)
        let failedBefore = PostgresOutboxTable.milliseconds(failedBefore)
        return try await pool.transaction { connection in
            var changed = try await Self.count(connection.query("""
                UPDATE outbox SET state = 'failed', secret = NULL, last_error = 'expired: not sent in time'
                WHERE state = 'pending' AND created_at_ms < \(expiredBefore) RETURNING id
                """, logger: pool.logger))
            changed += try await Self.count(connection.query(
                "DELETE FROM outbox WHERE state IN ('sent', 'skipped') AND created_at_ms < \(sentBefore) RETURNING id",
                logger: pool.logger))
            changed += try await Self.count(connection.query(
                "DELETE FROM outbox WHERE state = 'failed' AND created_at_ms < \(failedBefore) RETURNING id", logger: pool.logger))
            return changed
        }
    }

    // MARK: Rows

    /// The columns a message is read from (constant SQL, no values).
    static let columns = """
        outbox.id, outbox.kind, outbox.recipient_member_id, outbox.recipient_address, outbox.network_id,
        outbox.subject_id, outbox.facts, outbox.secret, outbox.dedupe_key, outbox.state, outbox.attempts,
        outbox.created_at_ms, outbox.next_attempt_at_ms, outbox.last_error, outbox.sent_at_ms
        """

    private func execute(_ query: PostgresQuery) async throws {
        try await pool.transaction { connection in
            _ = try await connection.query(query, logger: pool.logger)
        }
    }

    private func messages(_ rows: PostgresRowSequence) async throws -> [OutboxMessage] {
        var messages: [OutboxMessage] = []
        for try await row in rows { messages.append(try message(from: row)) }
        return messages
    }

    private static func count(_ rows: PostgresRowSequence) async throws -> Int {
        var count = 0
        for try await _ in rows { count += 1 }
        return count
    }

    func message(from row: PostgresRow) throws -> OutboxMessage {
        let row = row.makeRandomAccess()
        let kindName = try row["kind"].decode(String.self)
        let stateName = try row["state"].decode(String.self)
        guard let kind = NoticeKind(rawValue: kindName) else { throw MalformedRow(table: "outbox", column: "kind") }
        guard let state = OutboxState(rawValue: stateName) else { throw MalformedRow(table: "outbox", column: "state") }
        let recipient: NoticeRecipient
        if let memberID = try row["recipient_member_id"].decode(Int64?.self) {
            recipient = .member(memberID)
        } else if let address = try row["recipient_address"].decode(String?.self) {
            recipient = .address(address)
        } else {
            throw MalformedRow(table: "outbox", column: "recipient_address")
        }
        let factsText = try row["facts"].decode(String.self)
        let facts = (try? JSONSerialization.jsonObject(with: Data(factsText.utf8))) as? [String: String] ?? [:]
        let draft = OutboxDraft(
            kind: kind, recipient: recipient, networkID: try row["network_id"].decode(Int64?.self),
            subjectID: try row["subject_id"].decode(Int64?.self), facts: facts, secret: try row["secret"].decode(String?.self),
            dedupeKey: try row["dedupe_key"].decode(String?.self))
        return OutboxMessage(
            source: source, id: try row["id"].decode(Int64.self), draft: draft,
            createdAt: Self.date(try row["created_at_ms"].decode(Int64.self)), state: state,
            attempts: try row["attempts"].decode(Int.self), nextAttemptAt: Self.date(try row["next_attempt_at_ms"].decode(Int64.self)),
            lastError: try row["last_error"].decode(String?.self), sentAt: try row["sent_at_ms"].decode(Int64?.self).map(Self.date))
    }

    static func date(_ milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// A stored row this build cannot read (an unknown kind or state), naming the table and
    /// column only, never a value.
    public struct MalformedRow: Error, Hashable, CustomStringConvertible {
        public var table: String
        public var column: String

        public var description: String { "malformed row in \(table).\(column)" }
    }
}
