import Exchange
import Foundation
import Ledger
import PostgresNIO
import PostgresSupport

/// A network's members list (`RosterRepository`): one query — the memberships with their
/// members' profiles, joined to per-member totals grouped once over the network's completed
/// sessions, as `SQLiteExchangeStore+Roster` (without SQLite's `INDEXED BY`; `json_each` is
/// `jsonb_array_elements_text`, many-argument `MAX` is `GREATEST`).
extension PostgresExchangeStore {
    public func rosterFacts(networkID: NetworkID, limit: Int) async throws -> [RosterFacts] {
        let network = networkID.rawValue
        return try await restRows("""
            WITH completed AS MATERIALIZED (
                SELECT requester_id, supporter_id, supporter_network_id, COALESCE(settled_minutes, 0) AS minutes, scheduled_start
                FROM exchanges WHERE network_id = \(network) AND status = 'completed'),
            received AS (
                SELECT requester_id AS member_id, SUM(minutes) AS minutes, MAX(scheduled_start) AS last_at
                FROM completed GROUP BY requester_id),
            given AS (
                SELECT member_id, SUM(minutes) AS minutes, MAX(last_at) AS last_at FROM (
                    SELECT supporter_id AS member_id, minutes, scheduled_start AS last_at FROM completed
                    WHERE supporter_network_id IS NULL
                    UNION ALL
                    SELECT supporter_id, COALESCE(settled_minutes, 0), scheduled_start FROM exchanges
                    WHERE supporter_network_id = \(network) AND status = 'completed') AS sides
                GROUP BY member_id),
            grouped AS (
                SELECT p.member_id, MAX(g.scheduled_start) AS last_at
                FROM group_session_people p JOIN group_sessions g ON g.id = p.group_session_id
                WHERE g.network_id = \(network) AND g.status = 'completed'
                  AND (g.facilitator_id = p.member_id OR \(unescaped: Self.restJoined("p.member_id")))
                GROUP BY p.member_id)
            SELECT m.*, mem.display_name, mem.profession, mem.organisation,
                   COALESCE(gv.minutes, 0)::BIGINT AS given_minutes, COALESCE(rc.minutes, 0)::BIGINT AS received_minutes,
                   GREATEST(COALESCE(rc.last_at, 0), COALESCE(gv.last_at, 0), COALESCE(gs.last_at, 0))::BIGINT AS last_at
            FROM memberships m JOIN members mem ON mem.id = m.member_id
            LEFT JOIN received rc ON rc.member_id = m.member_id
            LEFT JOIN given gv ON gv.member_id = m.member_id
            LEFT JOIN grouped gs ON gs.member_id = m.member_id
            WHERE m.network_id = \(network)
            ORDER BY m.member_id LIMIT \(limit)
            """).map { row in
            let read = RestReader(row, table: "memberships")
            let last = try read.int64("last_at")
            return RosterFacts(
                membership: try Self.membership(row), displayName: try read.string("display_name"),
                profession: try read.string("profession"), organisation: try read.string("organisation"),
                givenMinutes: try read.int64("given_minutes"), receivedMinutes: try read.int64("received_minutes"),
                lastSessionAt: last > 0 ? RestSQL.date(last) : nil)
        }
    }
}
