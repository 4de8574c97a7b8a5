import Exchange
import Foundation
import GRDB
import Ledger
import SQLiteSupport

/// Each network's retention period and the sweep's deletions (`RetentionRepository`).
extension SQLiteExchangeStore {
    public func retentionDays(networkID: NetworkID) async throws -> Int? {
        try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT days FROM network_retention WHERE network_id = ?", arguments: [networkID.rawValue])
        }
    }

    public func setRetentionDays(networkID: NetworkID, days: Int, audit: [AuditEvent], at: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO network_retention (network_id, days, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (network_id) DO UPDATE SET days = excluded.days, updated_at = excluded.updated_at
                """, arguments: [networkID.rawValue, days, Stored.seconds(at)])
            try Self.appendAudit(db, audit)
        }
    }

    public func retentionPeriods(afterNetworkID: NetworkID?, limit: Int) async throws -> [(NetworkID, Int?)] {
        precondition(limit > 0 && limit <= 1_000)
        return try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT n.id, r.days FROM networks n LEFT JOIN network_retention r ON r.network_id = n.id
                WHERE n.id > ? ORDER BY n.id LIMIT ?
                """, arguments: [afterNetworkID?.rawValue ?? 0, limit]
            ).map { row in (NetworkID(row["id"] as Int64), row["days"] as Int?) }
        }
    }

    public func deleteRequestDescriptions(networkID: NetworkID, endedBefore: Date, limit: Int) async throws -> Int {
        precondition(limit > 0 && limit <= 10_000)
        return try await writer.write { db in
            try db.execute(sql: """
                UPDATE requests SET description = NULL WHERE id IN (
                    SELECT id FROM requests WHERE network_id = ? AND description IS NOT NULL AND ended_at < ? LIMIT ?)
                """, arguments: [networkID.rawValue, Stored.seconds(endedBefore), limit])
            return db.changesCount
        }
    }

    /// Exchanges of either side's network, so a cross-network exchange keeps its messages for the
    /// shorter of its two networks' periods. Read markers go with the messages they point at.
    public func deleteExchangeMessages(networkID: NetworkID, endedBefore: Date, limit: Int) async throws -> Int {
        precondition(limit > 0 && limit <= 10_000)
        return try await writer.write { db in
            let ids = try Int64.fetchAll(db, sql: """
                SELECT e.id FROM exchanges e
                WHERE e.id IN (SELECT DISTINCT exchange_id FROM exchange_messages)
                  AND (e.network_id = :network OR e.supporter_network_id = :network)
                  AND e.status IN ('completed', 'cancelled', 'declined', 'expired') AND e.updated_at < :before
                LIMIT :limit
                """, arguments: ["network": networkID.rawValue, "before": Stored.seconds(endedBefore), "limit": limit])
            guard !ids.isEmpty else { return 0 }
            let list = Stored.json(ids)
            try db.execute(sql: "DELETE FROM exchange_read_markers WHERE exchange_id IN (SELECT value FROM json_each(?))",
                           arguments: [list])
            try db.execute(sql: "DELETE FROM exchange_messages WHERE exchange_id IN (SELECT value FROM json_each(?))",
                           arguments: [list])
            return db.changesCount
        }
    }
}
