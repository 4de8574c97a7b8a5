import Exchange
import Foundation
import Ledger
import PostgresNIO
import PostgresSupport

/// Members' private calendar feeds (a token's SHA-256, one per member, BYTEA where SQLite keeps
/// a BLOB) and the sessions a feed lists, as `SQLiteExchangeStore+CalendarFeed`.
extension PostgresExchangeStore {
    public func replaceCalendarFeed(memberID: MemberID, tokenHash: Data, at: Date) async throws {
        precondition(tokenHash.count == 32, "a feed token's hash is SHA-256")
        try await restWrite(conflict: "calendar feed token") { connection, logger in
            guard try await Self.restMemberExists(connection, memberID, logger: logger) else {
                throw ExchangeError.notFound("member \(memberID)")
            }
            try await Self.restChanged(connection, """
                INSERT INTO calendar_feeds (member_id, token_hash, created_at)
                VALUES (\(memberID.rawValue), \(tokenHash), \(RestSQL.seconds(at)))
                ON CONFLICT (member_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = EXCLUDED.created_at
                RETURNING member_id
                """, logger: logger)
        }
    }

    public func deleteCalendarFeed(memberID: MemberID) async throws -> Bool {
        try await restWrite { connection, logger in
            try await Self.restChanged(
                connection, "DELETE FROM calendar_feeds WHERE member_id = \(memberID.rawValue) RETURNING member_id",
                logger: logger) == 1
        }
    }

    public func calendarFeedCreatedAt(memberID: MemberID) async throws -> Date? {
        try await restValue("SELECT created_at FROM calendar_feeds WHERE member_id = \(memberID.rawValue)", as: Int64.self)
            .map(RestSQL.date)
    }

    public func calendarFeedMember(tokenHash: Data) async throws -> MemberID? {
        try await restValue("SELECT member_id FROM calendar_feeds WHERE token_hash = \(tokenHash)", as: Int64.self)
            .map { MemberID($0) }
    }

    /// Two reads (the member's exchanges by either side, their group sessions) in one snapshot,
    /// merged by start.
    public func calendarSessions(memberID: MemberID, from: Date, before: Date, limit: Int) async throws -> [CalendarFeedSession] {
        precondition(limit > 0)
        let member = memberID.rawValue
        let start = RestSQL.seconds(from)
        let end = RestSQL.seconds(before)
        return try await database.transaction(isolation: .repeatableRead) { [logger] connection in
            // Names only: the other person of each accepted or completed exchange.
            let exchangeRows = try await Self.restRows(connection, """
                SELECT id, scheduled_start, duration_minutes, version, status, other_name FROM (
                    SELECT e.id, e.scheduled_start, e.duration_minutes, e.version, e.status, m.display_name AS other_name
                    FROM exchanges AS e JOIN members AS m ON m.id = e.supporter_id
                    WHERE e.requester_id = \(member) AND e.status IN ('accepted', 'completed')
                      AND e.scheduled_start >= \(start) AND e.scheduled_start < \(end)
                    UNION ALL
                    SELECT e.id, e.scheduled_start, e.duration_minutes, e.version, e.status, m.display_name AS other_name
                    FROM exchanges AS e JOIN members AS m ON m.id = e.requester_id
                    WHERE e.supporter_id = \(member) AND e.status IN ('accepted', 'completed')
                      AND e.scheduled_start >= \(start) AND e.scheduled_start < \(end)
                ) AS sides ORDER BY scheduled_start, id LIMIT \(limit)
                """, logger: logger)
            // Sessions the member leads or joined (not those they were only invited to), never the title.
            let groupRows = try await Self.restRows(connection, """
                SELECT g.id, g.scheduled_start, g.duration_minutes, g.version, g.status,
                       g.facilitator_id = \(member) AS led, f.display_name AS other_name
                FROM group_session_people AS p
                JOIN group_sessions AS g ON g.id = p.group_session_id
                JOIN members AS f ON f.id = g.facilitator_id
                WHERE p.member_id = \(member)
                  AND (g.facilitator_id = p.member_id OR \(unescaped: Self.restJoined("p.member_id")))
                  AND g.status IN ('scheduled', 'completed') AND g.scheduled_start >= \(start) AND g.scheduled_start < \(end)
                ORDER BY g.scheduled_start, g.id LIMIT \(limit)
                """, logger: logger)
            var sessions: [CalendarFeedSession] = []
            for row in exchangeRows { sessions.append(try Self.calendarSession(row, kind: .exchange)) }
            for row in groupRows {
                let led = try RestReader(row, table: "group_sessions").bool("led")
                sessions.append(try Self.calendarSession(row, kind: led ? .groupSessionLed : .groupSession))
            }
            sessions.sort { left, right in left.start == right.start ? left.uid < right.uid : left.start < right.start }
            return Array(sessions.prefix(limit))
        }
    }

    static func calendarSession(_ row: PostgresRow, kind: CalendarFeedSession.Kind) throws -> CalendarFeedSession {
        let read = RestReader(row, table: kind == .exchange ? "exchanges" : "group_sessions")
        return CalendarFeedSession(
            kind: kind, id: try read.int64("id"), start: try read.date("scheduled_start"),
            durationMinutes: try read.int64("duration_minutes"), version: try read.int64("version"),
            completed: try read.string("status") == "completed",
            otherName: kind == .groupSessionLed ? nil : try read.string("other_name"))
    }
}
