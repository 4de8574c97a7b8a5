import Exchange
import Foundation
import GRDB
import Ledger

/// Who a change's notices to coordinators go to, read before the change is committed.
extension SQLiteExchangeStore {
    /// Walks `memberships_by_network_status` (network, status, member): the network's active
    /// members, keeping the coordinators.
    public func activeCoordinatorIDs(of networkID: NetworkID, limit: Int) async throws -> [MemberID] {
        precondition(limit > 0 && limit <= 1_000)
        return try await pool.read { db in
            try Int64.fetchAll(db, sql: """
                SELECT member_id FROM memberships WHERE network_id = ? AND status = 'active' AND role = 'coordinator'
                ORDER BY member_id LIMIT ?
                """, arguments: [networkID.rawValue, limit]
            ).map { MemberID($0) }
        }
    }
}
