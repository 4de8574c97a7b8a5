import Exchange
import Foundation
import GRDB
import Ledger
import SQLiteSupport

/// A network's members list (`RosterRepository`): one query — the memberships with their
/// members' profiles, joined to per-member totals grouped once over the network's completed
/// sessions (not one sub-query per member), read from a covering index.
extension SQLiteExchangeStore {
    /// Completed exchanges by the requester's network, with what the members list sums: read
    /// whole from the index, never from the table (a partial index: an exchange enters it once,
    /// when it completes).
    static let completedByNetworkIndex = """
        CREATE INDEX exchanges_completed_by_network
            ON exchanges (network_id, requester_id, supporter_id, supporter_network_id, settled_minutes, scheduled_start)
            WHERE status = 'completed'
        """

    /// The network's completed exchanges are read once (requester's side; the supporter's too
    /// when both are of the network), plus the few whose supporter is of this network and the
    /// requester of a partner (`exchanges_by_supporter_network`).
    static let rosterSQL = """
        WITH completed AS MATERIALIZED (
            SELECT requester_id, supporter_id, supporter_network_id, COALESCE(settled_minutes, 0) AS minutes, scheduled_start
            FROM exchanges INDEXED BY exchanges_completed_by_network
            WHERE network_id = :network AND status = 'completed'),
        received AS (
            SELECT requester_id AS member_id, SUM(minutes) AS minutes, MAX(scheduled_start) AS last_at
            FROM completed GROUP BY requester_id),
        given AS (
            SELECT member_id, SUM(minutes) AS minutes, MAX(last_at) AS last_at FROM (
                SELECT supporter_id AS member_id, minutes, scheduled_start AS last_at FROM completed
                WHERE supporter_network_id IS NULL
                UNION ALL
                SELECT supporter_id, COALESCE(settled_minutes, 0), scheduled_start FROM exchanges
                WHERE supporter_network_id = :network AND status = 'completed')
            GROUP BY member_id),
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
