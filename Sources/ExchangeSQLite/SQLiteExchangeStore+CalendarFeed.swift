import Exchange
import Foundation
import GRDB
import Ledger
import SQLiteSupport

/// Members' private calendar feeds (a token's SHA-256, one per member) and the sessions a feed lists.
extension SQLiteExchangeStore {
    static let calendarFeedsSchema = """
        CREATE TABLE calendar_feeds (
            member_id INTEGER PRIMARY KEY REFERENCES members (id),
            token_hash BLOB NOT NULL UNIQUE,
            created_at INTEGER NOT NULL
        ) STRICT;
        """

    public func replaceCalendarFeed(memberID: MemberID, tokenHash: Data, at: Date) async throws {
        precondition(tokenHash.count == 32, "a feed token's hash is SHA-256")
        try await write(conflict: "calendar feed token") { db in
            guard try Self.memberExists(db, memberID) else { throw ExchangeError.notFound("member \(memberID)") }
            try db.execute(sql: """
                INSERT INTO calendar_feeds (member_id, token_hash, created_at) VALUES (?, ?, ?)
                ON CONFLICT (member_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at
                """, arguments: [memberID.rawValue, tokenHash, Stored.seconds(at)])
        }
    }

    public func deleteCalendarFeed(memberID: MemberID) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM calendar_feeds WHERE member_id = ?", arguments: [memberID.rawValue])
            return db.changesCount == 1
        }
    }

    public func calendarFeedCreatedAt(memberID: MemberID) async throws -> Date? {
        try await pool.read { db in
            try Int64.fetchOne(db.cachedStatement(sql: "SELECT created_at FROM calendar_feeds WHERE member_id = ?"),
                               arguments: [memberID.rawValue]).map { Date(timeIntervalSince1970: TimeInterval($0)) }
        }
    }

    public func calendarFeedMember(tokenHash: Data) async throws -> MemberID? {
        try await pool.read { db in
            try Int64.fetchOne(db.cachedStatement(sql: "SELECT member_id FROM calendar_feeds WHERE token_hash = ?"),
                               arguments: [tokenHash]).map { MemberID($0) }
        }
    }

    /// Two indexed reads (the member's exchanges by either side, their group sessions), merged by start.
    public func calendarSessions(memberID: MemberID, from: Date, before: Date, limit: Int) async throws -> [CalendarFeedSession] {
        precondition(limit > 0)
        let member: Int64 = memberID.rawValue
        let start: Int64 = Stored.seconds(from)
        let end: Int64 = Stored.seconds(before)
        return try await pool.read { db -> [CalendarFeedSession] in
            let exchangeRows: [Row] = try Row.fetchAll(
                db, sql: Self.calendarExchangesSQL, arguments: [member, start, end, member, start, end, limit])
            let groupRows: [Row] = try Row.fetchAll(
                db, sql: Self.calendarGroupSessionsSQL, arguments: [member, member, member, start, end, limit])
            var sessions: [CalendarFeedSession] = []
            for row in exchangeRows { sessions.append(try Self.calendarSession(row, kind: .exchange)) }
            for row in groupRows {
                let led = try RowReader(row: row, table: "group_sessions").bool("led")
                sessions.append(try Self.calendarSession(row, kind: led ? .groupSessionLed : .groupSession))
            }
            sessions.sort { left, right in left.start == right.start ? left.uid < right.uid : left.start < right.start }
            return Array(sessions.prefix(limit))
        }
    }

    /// Names only: the other person of each accepted or completed exchange.
    static let calendarExchangesSQL = """
        SELECT id, scheduled_start, duration_minutes, version, status, other_name FROM (
            SELECT e.id, e.scheduled_start, e.duration_minutes, e.version, e.status, m.display_name AS other_name
            FROM exchanges AS e JOIN members AS m ON m.id = e.supporter_id
            WHERE e.requester_id = ? AND e.status IN ('accepted', 'completed') AND e.scheduled_start >= ? AND e.scheduled_start < ?
            UNION ALL
            SELECT e.id, e.scheduled_start, e.duration_minutes, e.version, e.status, m.display_name AS other_name
            FROM exchanges AS e JOIN members AS m ON m.id = e.requester_id
            WHERE e.supporter_id = ? AND e.status IN ('accepted', 'completed') AND e.scheduled_start >= ? AND e.scheduled_start < ?
        ) ORDER BY scheduled_start, id LIMIT ?
        """

    /// Sessions the member leads or joined (not those they were only invited to), never the title.
    static let calendarGroupSessionsSQL = """
        SELECT s.id, s.scheduled_start, s.duration_minutes, s.version, s.status,
               s.facilitator_id = ? AS led, f.display_name AS other_name
        FROM group_session_people AS p
        JOIN group_sessions AS s ON s.id = p.group_session_id
        JOIN members AS f ON f.id = s.facilitator_id
        WHERE p.member_id = ?
          AND (s.facilitator_id = p.member_id OR EXISTS (SELECT 1 FROM json_each(s.joined_participant_ids) WHERE value = ?))
          AND s.status IN ('scheduled', 'completed') AND s.scheduled_start >= ? AND s.scheduled_start < ?
        ORDER BY s.scheduled_start, s.id LIMIT ?
        """

    static func calendarSession(_ row: Row, kind: CalendarFeedSession.Kind) throws -> CalendarFeedSession {
        let read = RowReader(row: row, table: kind == .exchange ? "exchanges" : "group_sessions")
        return CalendarFeedSession(
            kind: kind, id: try read.int64("id"), start: try read.date("scheduled_start"),
            durationMinutes: try read.int64("duration_minutes"), version: try read.int64("version"),
            completed: try read.string("status") == "completed",
            otherName: kind == .groupSessionLed ? nil : try read.string("other_name"))
    }
}
