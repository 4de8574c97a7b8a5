import Exchange
import Foundation
import GRDB
import Ledger
import SQLiteSupport

/// Coordinators' follow-up lists (`FollowUpRepository`), each narrowed in SQL before its limit.
extension SQLiteExchangeStore {
    /// The latest session start in `:network` of member `m.member_id`: completed exchanges on
    /// either side (a supporter's network is `supporter_network_id` when set), and held group
    /// sessions they facilitated or joined; 0 when there is none.
    static let lastSessionSQL = """
        MAX(
          COALESCE((SELECT MAX(e.scheduled_start) FROM exchanges e
                    WHERE e.requester_id = m.member_id AND e.network_id = :network AND e.status = 'completed'), 0),
          COALESCE((SELECT MAX(e.scheduled_start) FROM exchanges e
                    WHERE e.supporter_id = m.member_id AND COALESCE(e.supporter_network_id, e.network_id) = :network
                      AND e.status = 'completed'), 0),
          COALESCE((SELECT MAX(g.scheduled_start) FROM group_session_people p JOIN group_sessions g ON g.id = p.group_session_id
                    WHERE p.member_id = m.member_id AND g.network_id = :network AND g.status = 'completed'
                      AND (g.facilitator_id = m.member_id
                           OR EXISTS (SELECT 1 FROM json_each(g.joined_participant_ids) j WHERE j.value = m.member_id))), 0))
        """

    public func dormantMembers(networkID: NetworkID, inactiveSince: Date, joinedBefore: Date, afterMemberID: MemberID?,
                               limit: Int) async throws -> [DormantMember] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM (
                        SELECT m.member_id, mem.display_name, m.joined_at, \(Self.lastSessionSQL) AS last_at
                        FROM memberships m JOIN members mem ON mem.id = m.member_id
                        WHERE m.network_id = :network AND m.status = 'active' AND m.member_id > :after
                          AND m.joined_at <= :joinedBefore)
                    WHERE last_at < :since
                    ORDER BY member_id LIMIT :limit
                    """,
                arguments: ["network": networkID.rawValue, "after": afterMemberID?.rawValue ?? 0,
                            "joinedBefore": Stored.seconds(joinedBefore), "since": Stored.seconds(inactiveSince),
                            "limit": limit]
            ).map { row in
                let read = RowReader(row: row, table: "memberships")
                let last = try read.int64("last_at")
                return DormantMember(
                    memberID: MemberID(try read.int64("member_id")), displayName: try read.string("display_name"),
                    joinedAt: try read.optionalDate("joined_at"),
                    lastExchangeAt: last > 0 ? Date(timeIntervalSince1970: TimeInterval(last)) : nil)
            }
        }
    }

    public func overdueExchanges(networkID: NetworkID, endedBy: Date, afterID: ExchangeID?, limit: Int) async throws
        -> [OverdueExchange]
    {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT e.id, e.requester_id, r.display_name AS requester_name, e.supporter_id,
                           s.display_name AS supporter_name, e.scheduled_start, e.duration_minutes,
                           e.requester_confirmed_minutes IS NOT NULL AS requester_confirmed,
                           e.supporter_confirmed_minutes IS NOT NULL AS supporter_confirmed
                    FROM exchanges e JOIN members r ON r.id = e.requester_id JOIN members s ON s.id = e.supporter_id
                    WHERE (e.network_id = :network OR e.supporter_network_id = :network) AND e.status = 'accepted'
                      AND e.scheduled_start + e.duration_minutes * 60 <= :now AND e.id > :after
                    ORDER BY e.id LIMIT :limit
                    """,
                arguments: ["network": networkID.rawValue, "now": Stored.seconds(endedBy), "after": afterID?.rawValue ?? 0,
                            "limit": limit]
            ).map { row in
                let read = RowReader(row: row, table: "exchanges")
                return OverdueExchange(
                    exchangeID: ExchangeID(try read.int64("id")),
                    requesterID: MemberID(try read.int64("requester_id")), requesterName: try read.string("requester_name"),
                    supporterID: MemberID(try read.int64("supporter_id")), supporterName: try read.string("supporter_name"),
                    scheduledStart: try read.date("scheduled_start"), durationMinutes: try read.int64("duration_minutes"),
                    requesterConfirmed: try read.bool("requester_confirmed"),
                    supporterConfirmed: try read.bool("supporter_confirmed"))
            }
        }
    }

    public func unmatchedRequests(networkID: NetworkID, createdBy: Date, afterID: RequestID?, limit: Int) async throws
        -> [UnmatchedRequest]
    {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT q.id, q.requester_id, m.display_name, q.kind, q.topics, q.urgency, q.created_at
                    FROM requests q JOIN members m ON m.id = q.requester_id
                    WHERE q.network_id = :network AND q.status = 'open' AND q.created_at <= :createdBy AND q.id > :after
                      AND NOT EXISTS (SELECT 1 FROM exchanges e WHERE e.request_id = q.id
                                      AND e.status IN ('proposed', 'accepted', 'disputed', 'completed'))
                      AND NOT EXISTS (SELECT 1 FROM matching_proposals p WHERE p.request_id = q.id AND p.status = 'open')
                    ORDER BY q.id LIMIT :limit
                    """,
                arguments: ["network": networkID.rawValue, "createdBy": Stored.seconds(createdBy),
                            "after": afterID?.rawValue ?? 0, "limit": limit]
            ).map { row in
                let read = RowReader(row: row, table: "requests")
                return UnmatchedRequest(
                    requestID: RequestID(try read.int64("id")), requesterID: MemberID(try read.int64("requester_id")),
                    requesterName: try read.string("display_name"), kind: try read.string("kind"),
                    topics: try read.json("topics", as: [String].self), urgency: try read.enumeration("urgency"),
                    createdAt: try read.date("created_at"))
            }
        }
    }
}

/// The coordinators' list of disputes (`FollowUpRepository.disputedExchanges`).
extension SQLiteExchangeStore {
    public func disputedExchanges(networkID: NetworkID, afterID: ExchangeID?, limit: Int) async throws -> [DisputedExchange] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT e.id, e.requester_id, r.display_name AS requester_name, e.supporter_id,
                           s.display_name AS supporter_name, e.scheduled_start, e.duration_minutes, e.disputed_by_id,
                           COALESCE(e.disputed_at, e.updated_at) AS disputed_at, e.dispute_answer IS NOT NULL AS answered
                    FROM exchanges e JOIN members r ON r.id = e.requester_id JOIN members s ON s.id = e.supporter_id
                    WHERE (e.network_id = :network OR e.supporter_network_id = :network) AND e.status = 'disputed'
                      AND e.id > :after
                    ORDER BY e.id LIMIT :limit
                    """,
                arguments: ["network": networkID.rawValue, "after": afterID?.rawValue ?? 0, "limit": limit]
            ).map { row in
                let read = RowReader(row: row, table: "exchanges")
                return DisputedExchange(
                    exchangeID: ExchangeID(try read.int64("id")),
                    requesterID: MemberID(try read.int64("requester_id")), requesterName: try read.string("requester_name"),
                    supporterID: MemberID(try read.int64("supporter_id")), supporterName: try read.string("supporter_name"),
                    scheduledStart: try read.date("scheduled_start"), durationMinutes: try read.int64("duration_minutes"),
                    disputedByID: MemberID(try read.int64("disputed_by_id")), disputedAt: try read.date("disputed_at"),
                    answered: try read.bool("answered"))
            }
        }
    }
}
