import Exchange
import Foundation
import Ledger
import PostgresNIO
import PostgresSupport

/// Coordinators' follow-up lists (`FollowUpRepository`), each narrowed in SQL before its limit,
/// as `SQLiteExchangeStore+FollowUps`. SQLite's `json_each` over a session's joined
/// participants is `jsonb_array_elements_text` of the same JSON text; its many-argument `MAX`
/// is `GREATEST`.
extension PostgresExchangeStore {
    /// Whether member `memberColumn` joined group session `g` (its JSON list of joined ids).
    static func restJoined(_ memberColumn: String) -> String {
        """
        EXISTS (SELECT 1 FROM jsonb_array_elements_text(g.joined_participant_ids::jsonb) AS j(value)
                WHERE j.value::BIGINT = \(memberColumn))
        """
    }

    public func dormantMembers(networkID: NetworkID, inactiveSince: Date, joinedBefore: Date, afterMemberID: MemberID?,
                               limit: Int) async throws -> [DormantMember] {
        let network = networkID.rawValue
        // The latest session start in the network of member `m.member_id`: completed exchanges on
        // either side (a supporter's network is `supporter_network_id` when set), and held group
        // sessions they facilitated or joined; 0 when there is none.
        return try await restRows("""
            SELECT * FROM (
                SELECT m.member_id, mem.display_name, m.joined_at, GREATEST(
                  COALESCE((SELECT MAX(e.scheduled_start) FROM exchanges e
                            WHERE e.requester_id = m.member_id AND e.network_id = \(network) AND e.status = 'completed'), 0),
                  COALESCE((SELECT MAX(e.scheduled_start) FROM exchanges e
                            WHERE e.supporter_id = m.member_id AND COALESCE(e.supporter_network_id, e.network_id) = \(network)
                              AND e.status = 'completed'), 0),
                  COALESCE((SELECT MAX(g.scheduled_start) FROM group_session_people p
                            JOIN group_sessions g ON g.id = p.group_session_id
                            WHERE p.member_id = m.member_id AND g.network_id = \(network) AND g.status = 'completed'
                              AND (g.facilitator_id = m.member_id OR \(unescaped: Self.restJoined("m.member_id")))), 0)
                ) AS last_at
                FROM memberships m JOIN members mem ON mem.id = m.member_id
                WHERE m.network_id = \(network) AND m.status = 'active' AND m.member_id > \(afterMemberID?.rawValue ?? 0)
                  AND m.joined_at <= \(RestSQL.seconds(joinedBefore))) AS candidates
            WHERE last_at < \(RestSQL.seconds(inactiveSince))
            ORDER BY member_id LIMIT \(limit)
            """).map { row in
            let read = RestReader(row, table: "memberships")
            let last = try read.int64("last_at")
            return DormantMember(
                memberID: MemberID(try read.int64("member_id")), displayName: try read.string("display_name"),
                joinedAt: try read.optionalDate("joined_at"), lastExchangeAt: last > 0 ? RestSQL.date(last) : nil)
        }
    }

    public func overdueExchanges(networkID: NetworkID, endedBy: Date, afterID: ExchangeID?, limit: Int) async throws
        -> [OverdueExchange]
    {
        let network = networkID.rawValue
        return try await restRows("""
            SELECT e.id, e.requester_id, r.display_name AS requester_name, e.supporter_id,
                   s.display_name AS supporter_name, e.scheduled_start, e.duration_minutes,
                   e.requester_confirmed_minutes IS NOT NULL AS requester_confirmed,
                   e.supporter_confirmed_minutes IS NOT NULL AS supporter_confirmed
            FROM exchanges e JOIN members r ON r.id = e.requester_id JOIN members s ON s.id = e.supporter_id
            WHERE (e.network_id = \(network) OR e.supporter_network_id = \(network)) AND e.status = 'accepted'
              AND e.scheduled_start + e.duration_minutes * 60 <= \(RestSQL.seconds(endedBy)) AND e.id > \(afterID?.rawValue ?? 0)
            ORDER BY e.id LIMIT \(limit)
            """).map { row in
            let read = RestReader(row, table: "exchanges")
            return OverdueExchange(
                exchangeID: ExchangeID(try read.int64("id")),
                requesterID: MemberID(try read.int64("requester_id")), requesterName: try read.string("requester_name"),
                supporterID: MemberID(try read.int64("supporter_id")), supporterName: try read.string("supporter_name"),
                scheduledStart: try read.date("scheduled_start"), durationMinutes: try read.int64("duration_minutes"),
                requesterConfirmed: try read.bool("requester_confirmed"), supporterConfirmed: try read.bool("supporter_confirmed"))
        }
    }

    public func unmatchedRequests(networkID: NetworkID, createdBy: Date, afterID: RequestID?, limit: Int) async throws
        -> [UnmatchedRequest]
    {
        try await restRows("""
            SELECT q.id, q.requester_id, m.display_name, q.kind, q.topics, q.urgency, q.created_at
            FROM requests q JOIN members m ON m.id = q.requester_id
            WHERE q.network_id = \(networkID.rawValue) AND q.status = 'open' AND q.created_at <= \(RestSQL.seconds(createdBy))
              AND q.id > \(afterID?.rawValue ?? 0)
              AND NOT EXISTS (SELECT 1 FROM exchanges e WHERE e.request_id = q.id
                              AND e.status IN ('proposed', 'accepted', 'disputed', 'completed'))
              AND NOT EXISTS (SELECT 1 FROM matching_proposals p WHERE p.request_id = q.id AND p.status = 'open')
            ORDER BY q.id LIMIT \(limit)
            """).map { row in
            let read = RestReader(row, table: "requests")
            return UnmatchedRequest(
                requestID: RequestID(try read.int64("id")), requesterID: MemberID(try read.int64("requester_id")),
                requesterName: try read.string("display_name"), kind: try read.string("kind"),
                topics: try read.json("topics", as: [String].self), urgency: try read.enumeration("urgency"),
                createdAt: try read.date("created_at"))
        }
    }

    public func disputedExchanges(networkID: NetworkID, afterID: ExchangeID?, limit: Int) async throws -> [DisputedExchange] {
        let network = networkID.rawValue
        return try await restRows("""
            SELECT e.id, e.requester_id, r.display_name AS requester_name, e.supporter_id,
                   s.display_name AS supporter_name, e.scheduled_start, e.duration_minutes, e.disputed_by_id,
                   COALESCE(e.disputed_at, e.updated_at) AS disputed_at, e.dispute_answer IS NOT NULL AS answered
            FROM exchanges e JOIN members r ON r.id = e.requester_id JOIN members s ON s.id = e.supporter_id
            WHERE (e.network_id = \(network) OR e.supporter_network_id = \(network)) AND e.status = 'disputed'
              AND e.id > \(afterID?.rawValue ?? 0)
            ORDER BY e.id LIMIT \(limit)
            """).map { row in
            let read = RestReader(row, table: "exchanges")
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
