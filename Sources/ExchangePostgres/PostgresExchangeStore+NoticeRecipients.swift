import Exchange
import Foundation
import Ledger
import PostgresNIO
import PostgresSupport

/// Who a change's notices to coordinators go to, read before the change is committed.
extension PostgresExchangeStore {
    public func activeCoordinatorIDs(of networkID: NetworkID, limit: Int) async throws -> [MemberID] {
        precondition(limit > 0 && limit <= 1_000)
        return try await restRows("""
            SELECT member_id FROM memberships
            WHERE network_id = \(networkID.rawValue) AND status = 'active' AND role = 'coordinator'
            ORDER BY member_id LIMIT \(limit)
            """).map { MemberID(try RestReader($0, table: "memberships").int64("member_id")) }
    }
}
