import Exchange
import Foundation
import Ledger
import Logging
import PostgresNIO
import PostgresSupport

/// Erasing a member's content (`ErasureRepository`), in one transaction, as
/// `SQLiteExchangeStore+Erasure`. The full-text search of offers and requests is computed from
/// the rows' own columns (no separate text table, unlike SQLite's FTS5 tables), so emptying the
/// words empties what search can find. After the commit the touched tables are vacuumed (best
/// effort) so the old row versions do not linger as dead tuples.
extension PostgresExchangeStore {
    /// What an erased member's group sessions are called, in place of the title they wrote.
    static let restErasedSessionTitle = "Group session"

    /// Tables whose old row versions hold an erased member's words.
    static let restErasedTables = [
        "offers", "requests", "exchange_messages", "exchanges", "group_sessions", "members", "outbox", "urgent_requests",
    ]

    public func eraseMemberContent(_ memberID: MemberID, audit: [AuditEvent], at: Date) async throws -> ErasureTally {
        let tally = try await restWrite { connection, logger in
            let id = memberID.rawValue
            guard let row = try await Self.restRows(
                connection, "SELECT erased_at FROM members WHERE id = \(id) FOR UPDATE", logger: logger).first
            else { throw ExchangeError.notFound("member \(memberID)") }
            if try RestReader(row, table: "members").isNull("erased_at") {
                try await Self.appendAudit(connection, audit, logger: logger)
            }
            var tally = ErasureTally()
            tally.offers = try await Self.restEraseOffers(connection, id, logger: logger)
            tally.requests = try await Self.restEraseRequests(connection, id, logger: logger)
            tally.messages = try await Self.restEraseMessages(connection, id, logger: logger)
            try await Self.restEraseDisputeTexts(connection, id, logger: logger)
            try await Self.restEraseSettings(connection, id, logger: logger)
            tally.notices = try await Self.restChanged(
                connection, "DELETE FROM outbox WHERE recipient_member_id = \(id) RETURNING id", logger: logger)
            let former = MemberProfile.formerMember
            try await Self.restChanged(connection, """
                UPDATE members SET display_name = \(former.displayName), profession = \(former.profession),
                    organisation = \(former.organisation), career_stage = \(former.careerStage.rawValue),
                    languages = \(RestSQL.json(former.languages)), bio = NULL,
                    erased_at = COALESCE(erased_at, \(RestSQL.seconds(at)))
                WHERE id = \(id) RETURNING id
                """, logger: logger)
            return tally
        }
        await restVacuum(Self.restErasedTables)
        return tally
    }

    /// Plain VACUUM of `tables` (outside any transaction), so dead row versions holding erased
    /// words are pruned. Best effort: a failure is logged (without values) and ignored, as the
    /// erasure itself has committed.
    func restVacuum(_ tables: [String]) async {
        let logger = logger
        do {
            try await database.read { connection in
                for table in tables {
                    try await connection.query(PostgresQuery(unsafeSQL: "VACUUM \(table)"), logger: logger)
                }
            }
        } catch {
            logger.warning("vacuum after erasure failed", metadata: ["sqlstate": "\(PostgresErrors.sqlState(error) ?? "-")"])
        }
    }

    /// Offers stay as paused tombstones (exchanges and proposals name them); their words go.
    private static func restEraseOffers(_ connection: PostgresConnection, _ id: Int64, logger: Logger) async throws -> Int {
        try await restChanged(connection, """
            UPDATE offers SET title = '', topics = '[]', area = NULL, status = 'paused'
            WHERE supporter_id = \(id) AND (title <> '' OR topics <> '[]' OR area IS NOT NULL OR status <> 'paused')
            RETURNING id
            """, logger: logger)
    }

    /// Requests stay as withdrawn (or closed) tombstones, without topics, area, preferences or description.
    private static func restEraseRequests(_ connection: PostgresConnection, _ id: Int64, logger: Logger) async throws -> Int {
        try await restChanged(connection, """
            UPDATE requests SET topics = '[]', description = NULL, area = NULL, preferred_profession = NULL,
                    status = CASE WHEN status IN ('open', 'matched') THEN 'withdrawn' ELSE status END
            WHERE requester_id = \(id)
              AND (topics <> '[]' OR description IS NOT NULL OR area IS NOT NULL OR preferred_profession IS NOT NULL
                   OR status IN ('open', 'matched'))
            RETURNING id
            """, logger: logger)
    }

    /// The messages they wrote, and their read markers. Another party's marker on one of those
    /// messages moves back to the latest earlier message still there, or goes when there is none.
    private static func restEraseMessages(_ connection: PostgresConnection, _ id: Int64, logger: Logger) async throws -> Int {
        try await restChanged(
            connection, "DELETE FROM exchange_read_markers WHERE member_id = \(id) RETURNING exchange_id", logger: logger)
        try await restChanged(connection, """
            UPDATE exchange_read_markers AS marker SET last_read_message_id = (
                    SELECT MAX(x.id) FROM exchange_messages x
                    WHERE x.exchange_id = marker.exchange_id AND x.author_id <> \(id) AND x.id <= marker.last_read_message_id)
            WHERE marker.last_read_message_id IN (SELECT m.id FROM exchange_messages m WHERE m.author_id = \(id))
              AND EXISTS (SELECT 1 FROM exchange_messages x
                          WHERE x.exchange_id = marker.exchange_id AND x.author_id <> \(id)
                            AND x.id <= marker.last_read_message_id)
            RETURNING marker.exchange_id
            """, logger: logger)
        try await restChanged(connection, """
            DELETE FROM exchange_read_markers
            WHERE last_read_message_id IN (SELECT m.id FROM exchange_messages m WHERE m.author_id = \(id))
            RETURNING exchange_id
            """, logger: logger)
        return try await restChanged(
            connection, "DELETE FROM exchange_messages WHERE author_id = \(id) RETURNING id", logger: logger)
    }

    /// The dispute reasons they gave and the answers they wrote, and the titles of the group
    /// sessions they led; each changed row's version grows, so a concurrent step that read it
    /// conflicts and reads again.
    private static func restEraseDisputeTexts(_ connection: PostgresConnection, _ id: Int64, logger: Logger) async throws {
        try await restChanged(connection, """
            UPDATE exchanges SET dispute_reason = NULL, version = version + 1
            WHERE disputed_by_id = \(id) AND dispute_reason IS NOT NULL RETURNING id
            """, logger: logger)
        try await restChanged(connection, """
            UPDATE exchanges SET dispute_answer = NULL, version = version + 1
            WHERE (requester_id = \(id) OR supporter_id = \(id)) AND disputed_by_id IS NOT NULL
              AND disputed_by_id <> \(id) AND dispute_answer IS NOT NULL RETURNING id
            """, logger: logger)
        try await restChanged(connection, """
            UPDATE group_sessions SET title = \(restErasedSessionTitle), version = version + 1
            WHERE facilitator_id = \(id) AND title <> \(restErasedSessionTitle) RETURNING id
            """, logger: logger)
    }

    /// Their choices: blocks (theirs and others' of them), settings, notice preferences, the
    /// calendar feed, and the records of what their keyed requests created.
    private static func restEraseSettings(_ connection: PostgresConnection, _ id: Int64, logger: Logger) async throws {
        try await restChanged(connection, """
            DELETE FROM member_blocks WHERE member_id = \(id) OR blocked_member_id = \(id) RETURNING member_id
            """, logger: logger)
        try await restChanged(connection, "DELETE FROM member_settings WHERE member_id = \(id) RETURNING member_id", logger: logger)
        try await restChanged(connection, "DELETE FROM notice_preferences WHERE member_id = \(id) RETURNING member_id", logger: logger)
        try await restChanged(connection, "DELETE FROM calendar_feeds WHERE member_id = \(id) RETURNING member_id", logger: logger)
        try await restChanged(connection, "DELETE FROM keyed_creations WHERE member_id = \(id) RETURNING member_id", logger: logger)
    }
}
