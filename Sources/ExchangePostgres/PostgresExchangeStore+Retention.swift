import Exchange
import Foundation
import Ledger
import PostgresNIO
import PostgresSupport

/// Each network's retention period and the sweep's deletions (`RetentionRepository`), as
/// `SQLiteExchangeStore+Retention`.
extension PostgresExchangeStore {
    public func retentionDays(networkID: NetworkID) async throws -> Int? {
        try await restValue("SELECT days FROM network_retention WHERE network_id = \(networkID.rawValue)", as: Int.self)
    }

    public func setRetentionDays(networkID: NetworkID, days: Int, audit: [AuditEvent], at: Date) async throws {
        try await restWrite { connection, logger in
            try await Self.restChanged(connection, """
                INSERT INTO network_retention (network_id, days, updated_at) VALUES (\(networkID.rawValue), \(days), \(RestSQL.seconds(at)))
                ON CONFLICT (network_id) DO UPDATE SET days = EXCLUDED.days, updated_at = EXCLUDED.updated_at
                RETURNING network_id
                """, logger: logger)
            try await Self.appendAudit(connection, audit, logger: logger)
        }
    }

    public func retentionPeriods(afterNetworkID: NetworkID?, limit: Int) async throws -> [(NetworkID, Int?)] {
        precondition(limit > 0 && limit <= 1_000)
        return try await restRows("""
            SELECT n.id, r.days FROM networks n LEFT JOIN network_retention r ON r.network_id = n.id
            WHERE n.id > \(afterNetworkID?.rawValue ?? 0) ORDER BY n.id LIMIT \(limit)
            """).map { row in
            let read = RestReader(row, table: "network_retention")
            return (NetworkID(try read.int64("id")), try read.optionalInt64("days").map { Int($0) })
        }
    }

    public func deleteRequestDescriptions(networkID: NetworkID, endedBefore: Date, limit: Int) async throws -> Int {
        precondition(limit > 0 && limit <= 10_000)
        return try await restWrite { connection, logger in
            try await Self.restChanged(connection, """
                UPDATE requests SET description = NULL WHERE id IN (
                    SELECT id FROM requests WHERE network_id = \(networkID.rawValue) AND description IS NOT NULL
                      AND ended_at < \(RestSQL.seconds(endedBefore)) LIMIT \(limit) FOR UPDATE)
                RETURNING id
                """, logger: logger)
        }
    }

    /// Exchanges of either side's network, so a cross-network exchange keeps its messages for the
    /// shorter of its two networks' periods. Read markers go with the messages they point at.
    public func deleteExchangeMessages(networkID: NetworkID, endedBefore: Date, limit: Int) async throws -> Int {
        precondition(limit > 0 && limit <= 10_000)
        let network = networkID.rawValue
        return try await restWrite { connection, logger in
            let ids = try await Self.restRows(connection, """
                SELECT e.id FROM exchanges e
                WHERE e.id IN (SELECT DISTINCT exchange_id FROM exchange_messages)
                  AND (e.network_id = \(network) OR e.supporter_network_id = \(network))
                  AND e.status IN ('completed', 'cancelled', 'declined', 'expired') AND e.updated_at < \(RestSQL.seconds(endedBefore))
                LIMIT \(limit)
                """, logger: logger).map { try RestReader($0, table: "exchanges").int64("id") }
            guard !ids.isEmpty else { return 0 }
            try await Self.restChanged(
                connection, "DELETE FROM exchange_read_markers WHERE exchange_id = ANY(\(ids)) RETURNING exchange_id", logger: logger)
            return try await Self.restChanged(
                connection, "DELETE FROM exchange_messages WHERE exchange_id = ANY(\(ids)) RETURNING id", logger: logger)
        }
    }
}
