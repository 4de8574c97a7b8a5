import Exchange
import Foundation
import GRDB
import Ledger
import SQLiteSupport

/// A network's members list (`RosterRepository`): one query — the memberships with their
/// members' profiles, joined to per-member totals grouped once over the network's completed
/// sessions (not one sub-query per member).
extension SQLiteExchangeStore {
    static let rosterSQL = """
        WITH received AS (
            SELECT requester_id AS member_id, SUM(COALESCE(settled_minutes, 0)) AS minutes, MAX(scheduled_start) AS last_at
            FROM exchanges WHERE network_id = :network AND status = 'completed' GROUP BY requester_id),
        given AS (
            SELECT supporter_id AS member_id, SUM(COALESCE(settled_minutes, 0)) AS minutes, MAX(scheduled_start) AS last_at
            FROM exchanges
            WHERE status = 'completed'
              AND ((supporter_network_id IS NULL AND network_id = :network) OR supporter_network_id = :network)
            GROUP BY supporter_id),
        grouped AS (
            SELECT p.member_id, MAX(g.scheduled_start) AS last_at
            FROM group_session_people p JOIN group_sessions g ON g.id = p.group_session_id
            WHERE g.network_id = :network AND g.status = 'completed'
              AND (g.facilitator_id = p.member_id
                   OR EXISTS (SELECT 1 FROM json_each(g.joined_participant_ids) j WHERE j.value = p.member_id))
            GROUP BY p.member_id)
        SELECT m.*, mem.display_name, mem.profession, mem.organisation,
               COALESCE(gv.minutes, 0) AS given_minutes, COALESCE(rc.minutes, 0) AS received_minutes,
               MAX(COALESCE(rc.last_at, 0), COALESCE(gv.last_at, 0), COALESCE(gs.last_at, 0)) AS last_at
        FROM memberships m JOIN members mem ON mem.id = m.member_id
        LEFT JOIN received rc ON rc.member_id = m.member_id
        LEFT JOIN given gv ON gv.member_id = m.member_id
        LEFT JOIN grouped gs ON gs.member_id = m.member_id
        WHERE m.network_id = :network
        ORDER BY m.member_id LIMIT :limit
        """

    public func rosterFacts(networkID: NetworkID, limit: Int) async throws -> [RosterFacts] {
        try await pool.read { db in
            try Row.fetchAll(db.cachedStatement(sql: Self.rosterSQL),
                             arguments: ["network": networkID.rawValue, "limit": limit]).map { row in
                let read = RowReader(row: row, table: "memberships")
                let last = try read.int64("last_at")
                return RosterFacts(
                    membership: try Self.membership(row), displayName: try read.string("display_name"),
                    profession: try read.string("profession"), organisation: try read.string("organisation"),
                    givenMinutes: try read.int64("given_minutes"), receivedMinutes: try read.int64("received_minutes"),
                    lastSessionAt: last > 0 ? Date(timeIntervalSince1970: TimeInterval(last)) : nil)
            }
        }
    }
}
