import Foundation
import GRDB
import Outbox

/// `OutboxRepository` over one database's `outbox` table (`SQLiteOutboxTable`).
public struct SQLiteOutbox: OutboxRepository {
    let writer: any DatabaseWriter
    let source: OutboxSource

    public init(writer: any DatabaseWriter, source: OutboxSource) {
        self.writer = writer
        self.source = source
    }

    public func dueMessages(at now: Date, limit: Int) async throws -> [OutboxMessage] {
        precondition(limit > 0 && limit <= 1_000)
        return try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM outbox WHERE state = 'pending' AND next_attempt_at_ms <= ? ORDER BY next_attempt_at_ms, id LIMIT ?",
                arguments: [SQLiteOutboxTable.milliseconds(now), limit]
            ).map(message(from:))
        }
    }

    public func markSent(id: Int64, at: Date) async throws {
        let at = SQLiteOutboxTable.milliseconds(at)
        try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE outbox SET state = 'sent', secret = NULL, attempts = attempts + 1, sent_at_ms = ?,
                                      last_attempt_at_ms = ?, last_error = NULL
                    WHERE id = ? AND state = 'pending'
                    """,
                arguments: [at, at, id])
        }
    }

    public func markAttemptFailed(id: Int64, at: Date, retryAt: Date?, error: String) async throws {
        let at = SQLiteOutboxTable.milliseconds(at)
        let reason = String(error.prefix(200))
        try await writer.write { db in
            if let retryAt {
                try db.execute(
                    sql: """
                        UPDATE outbox SET attempts = attempts + 1, next_attempt_at_ms = ?, last_attempt_at_ms = ?, last_error = ?
                        WHERE id = ? AND state = 'pending'
                        """,
                    arguments: [SQLiteOutboxTable.milliseconds(retryAt), at, reason, id])
            } else {
                try db.execute(
                    sql: """
                        UPDATE outbox SET state = 'failed', secret = NULL, attempts = attempts + 1, last_attempt_at_ms = ?,
                                          last_error = ?
                        WHERE id = ? AND state = 'pending'
                        """,
                    arguments: [at, reason, id])
            }
        }
    }

    public func markSkipped(id: Int64, at: Date, reason: String) async throws {
        let at = SQLiteOutboxTable.milliseconds(at)
        try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE outbox SET state = 'skipped', secret = NULL, last_attempt_at_ms = ?, last_error = ?
                    WHERE id = ? AND state = 'pending'
                    """,
                arguments: [at, String(reason.prefix(200)), id])
        }
    }

    public func deferMessage(id: Int64, until: Date) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE outbox SET next_attempt_at_ms = ? WHERE id = ? AND state = 'pending'",
                arguments: [SQLiteOutboxTable.milliseconds(until), id])
        }
    }

    public func outboxCounts(at now: Date) async throws -> OutboxCounts {
        let dayAgo = SQLiteOutboxTable.milliseconds(now) - 86_400_000
        return try await writer.read { db in
            let pending = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE state = 'pending'") ?? 0
            let failed = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE state = 'failed'") ?? 0
            let sent = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM outbox WHERE state = 'sent' AND sent_at_ms >= ?", arguments: [dayAgo]) ?? 0
            let oldest = try Int64.fetchOne(db, sql: "SELECT MIN(created_at_ms) FROM outbox WHERE state = 'pending'")
            let last = try Row.fetchOne(
                db,
                sql: "SELECT last_error FROM outbox WHERE last_attempt_at_ms IS NOT NULL AND state <> 'skipped' ORDER BY last_attempt_at_ms DESC, id DESC LIMIT 1")
            let lastSucceeded: Bool? = last.map { ($0["last_error"] as String?) == nil }
            return OutboxCounts(
                pending: pending, failed: failed, sentLastDay: sent,
                oldestPendingAt: oldest.map { Date(timeIntervalSince1970: Double($0) / 1000) },
                lastAttemptSucceeded: lastSucceeded)
        }
    }

    public func failedMessages(limit: Int) async throws -> [OutboxMessage] {
        precondition(limit > 0 && limit <= 1_000)
        return try await writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM outbox WHERE state = 'failed' ORDER BY last_attempt_at_ms DESC, id DESC LIMIT ?",
                arguments: [limit]
            ).map(message(from:))
        }
    }

    public func retryFailedMessage(id: Int64, at: Date) async throws -> Bool {
        let at = SQLiteOutboxTable.milliseconds(at)
        return try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at_ms = ?, created_at_ms = ?
                    WHERE id = ? AND state = 'failed'
                    """,
                arguments: [at, at, id])
            return db.changesCount == 1
        }
    }

    public func pruneOutbox(expiredBefore: Date, sentBefore: Date, failedBefore: Date) async throws -> Int {
        try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE outbox SET state = 'failed', secret = NULL, last_error = 'expired: not sent in time'
                    WHERE state = 'pending' AND created_at_ms < ?
                    """,
                arguments: [SQLiteOutboxTable.milliseconds(expiredBefore)])
            var changed = db.changesCount
            try db.execute(
                sql: "DELETE FROM outbox WHERE state IN ('sent', 'skipped') AND created_at_ms < ?",
                arguments: [SQLiteOutboxTable.milliseconds(sentBefore)])
            changed += db.changesCount
            try db.execute(
                sql: "DELETE FROM outbox WHERE state = 'failed' AND created_at_ms < ?",
                arguments: [SQLiteOutboxTable.milliseconds(failedBefore)])
            return changed + db.changesCount
        }
    }

    func message(from row: Row) throws -> OutboxMessage {
        guard let kind = NoticeKind(rawValue: row["kind"]), let state = OutboxState(rawValue: row["state"]) else {
            throw MalformedRow(table: "outbox", column: "kind")
        }
        let recipient: NoticeRecipient
        if let memberID = row["recipient_member_id"] as Int64? {
            recipient = .member(memberID)
        } else {
            recipient = .address(row["recipient_address"])
        }
        let factsText: String = row["facts"]
        let facts = (try? JSONSerialization.jsonObject(with: Data(factsText.utf8))) as? [String: String] ?? [:]
        let draft = OutboxDraft(
            kind: kind, recipient: recipient, networkID: row["network_id"], subjectID: row["subject_id"], facts: facts,
            secret: row["secret"], dedupeKey: row["dedupe_key"])
        func date(_ column: String) -> Date? {
            (row[column] as Int64?).map { Date(timeIntervalSince1970: Double($0) / 1000) }
        }
        return OutboxMessage(
            source: source, id: row["id"], draft: draft, createdAt: date("created_at_ms")!, state: state,
            attempts: row["attempts"], nextAttemptAt: date("next_attempt_at_ms")!, lastError: row["last_error"],
            sentAt: date("sent_at_ms"))
    }
}
