import Exchange
import Foundation
import GRDB
import Ledger
import Matching
import SQLiteSupport

/// Networks' matching weights and members' blocks.
extension SQLiteExchangeStore {
    static let matchingPreferencesSchema = """
        CREATE TABLE network_matching_weights (
            network_id INTEGER PRIMARY KEY REFERENCES networks (id),
            weights TEXT NOT NULL
        ) STRICT;
        CREATE TABLE member_blocks (
            member_id INTEGER NOT NULL REFERENCES members (id),
            blocked_member_id INTEGER NOT NULL REFERENCES members (id),
            created_at INTEGER NOT NULL,
            PRIMARY KEY (member_id, blocked_member_id)
        ) STRICT;
        CREATE INDEX member_blocks_by_blocked ON member_blocks (blocked_member_id, member_id);
        """

    /// The stored form: every weight by name, so a stored row reads back exactly.
    struct StoredWeights: Codable {
        var topicOverlap, availabilityOverlap, professionPreference, careerStagePreference: Int
        var history, loadFairness, balanceFairness, imbalanceReduction: Int
    }

    public func matchingWeights(networkID: NetworkID) async throws -> MatchingWeights? {
        let text = try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT weights FROM network_matching_weights WHERE network_id = ?",
                                arguments: [networkID.rawValue])
        }
        guard let text else { return nil }
        guard let stored = try? JSONDecoder().decode(StoredWeights.self, from: Data(text.utf8)) else {
            throw MalformedRow(table: "network_matching_weights", column: "weights")
        }
        do {
            return try MatchingWeights(
                topicOverlap: stored.topicOverlap, availabilityOverlap: stored.availabilityOverlap,
                professionPreference: stored.professionPreference, careerStagePreference: stored.careerStagePreference,
                history: stored.history, loadFairness: stored.loadFairness, balanceFairness: stored.balanceFairness,
                imbalanceReduction: stored.imbalanceReduction)
        } catch {
            throw MalformedRow(table: "network_matching_weights", column: "weights")
        }
    }

    public func setMatchingWeights(networkID: NetworkID, _ weights: MatchingWeights, audit: [AuditEvent]) async throws {
        let stored = StoredWeights(
            topicOverlap: weights.topicOverlap, availabilityOverlap: weights.availabilityOverlap,
            professionPreference: weights.professionPreference, careerStagePreference: weights.careerStagePreference,
            history: weights.history, loadFairness: weights.loadFairness, balanceFairness: weights.balanceFairness,
            imbalanceReduction: weights.imbalanceReduction)
        try await writer.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO network_matching_weights (network_id, weights) VALUES (?, ?)",
                           arguments: [networkID.rawValue, Stored.json(stored)])
            try Self.appendAudit(db, audit)
        }
    }

    public func insertBlock(by memberID: MemberID, of blockedID: MemberID, at: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO member_blocks (member_id, blocked_member_id, created_at) VALUES (?, ?, ?)",
                           arguments: [memberID.rawValue, blockedID.rawValue, Stored.seconds(at)])
        }
    }

    public func deleteBlock(by memberID: MemberID, of blockedID: MemberID) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM member_blocks WHERE member_id = ? AND blocked_member_id = ?",
                           arguments: [memberID.rawValue, blockedID.rawValue])
        }
    }

    public func blockedMembers(by memberID: MemberID) async throws -> [MemberID] {
        try await pool.read { db in
            try Int64.fetchAll(db, sql: "SELECT blocked_member_id FROM member_blocks WHERE member_id = ? ORDER BY blocked_member_id",
                               arguments: [memberID.rawValue]).map { MemberID($0) }
        }
    }

    public func blocks(involving memberIDs: [MemberID]) async throws -> [(MemberID, MemberID)] {
        guard !memberIDs.isEmpty else { return [] }
        return try await blocksCache.value(for: memberIDs) { try await pool.read { db in
            let ids = Stored.json(memberIDs.map(\.rawValue))
            return try Row.fetchAll(db, sql: """
                SELECT member_id, blocked_member_id FROM member_blocks
                WHERE member_id IN (SELECT value FROM json_each(?1)) OR blocked_member_id IN (SELECT value FROM json_each(?1))
                ORDER BY member_id, blocked_member_id
                """, arguments: [ids]).map { (MemberID($0["member_id"] as Int64), MemberID($0["blocked_member_id"] as Int64)) }
        } }
    }
}
