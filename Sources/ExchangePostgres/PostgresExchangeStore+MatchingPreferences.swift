import Exchange
import Foundation
import Ledger
import Matching
import PostgresNIO
import PostgresSupport

/// Networks' matching weights and members' blocks, as `SQLiteExchangeStore+MatchingPreferences`
/// (the weights as the same JSON text). No cache: every read asks the database.
extension PostgresExchangeStore {
    /// The stored form: every weight by name, so a stored row reads back exactly.
    struct RestStoredWeights: Codable {
        var topicOverlap, availabilityOverlap, professionPreference, careerStagePreference: Int
        var history, loadFairness, balanceFairness, imbalanceReduction: Int
    }

    public func matchingWeights(networkID: NetworkID) async throws -> MatchingWeights? {
        guard let text = try await restValue(
            "SELECT weights FROM network_matching_weights WHERE network_id = \(networkID.rawValue)", as: String.self)
        else { return nil }
        guard let stored = try? JSONDecoder().decode(RestStoredWeights.self, from: Data(text.utf8)) else {
            throw RestMalformedRow(table: "network_matching_weights", column: "weights")
        }
        do {
            return try MatchingWeights(
                topicOverlap: stored.topicOverlap, availabilityOverlap: stored.availabilityOverlap,
                professionPreference: stored.professionPreference, careerStagePreference: stored.careerStagePreference,
                history: stored.history, loadFairness: stored.loadFairness, balanceFairness: stored.balanceFairness,
                imbalanceReduction: stored.imbalanceReduction)
        } catch {
            throw RestMalformedRow(table: "network_matching_weights", column: "weights")
        }
    }

    public func setMatchingWeights(networkID: NetworkID, _ weights: MatchingWeights, audit: [AuditEvent]) async throws {
        let stored = RestStoredWeights(
            topicOverlap: weights.topicOverlap, availabilityOverlap: weights.availabilityOverlap,
            professionPreference: weights.professionPreference, careerStagePreference: weights.careerStagePreference,
            history: weights.history, loadFairness: weights.loadFairness, balanceFairness: weights.balanceFairness,
            imbalanceReduction: weights.imbalanceReduction)
        let text = RestSQL.json(stored)
        try await restWrite { connection, logger in
            try await Self.restChanged(connection, """
                INSERT INTO network_matching_weights (network_id, weights) VALUES (\(networkID.rawValue), \(text))
                ON CONFLICT (network_id) DO UPDATE SET weights = EXCLUDED.weights RETURNING network_id
                """, logger: logger)
            try await Self.appendAudit(connection, audit, logger: logger)
        }
    }

    public func insertBlock(by memberID: MemberID, of blockedID: MemberID, at: Date) async throws {
        try await restWrite { connection, logger in
            try await Self.restChanged(connection, """
                INSERT INTO member_blocks (member_id, blocked_member_id, created_at)
                VALUES (\(memberID.rawValue), \(blockedID.rawValue), \(RestSQL.seconds(at)))
                ON CONFLICT DO NOTHING RETURNING member_id
                """, logger: logger)
        }
    }

    public func deleteBlock(by memberID: MemberID, of blockedID: MemberID) async throws {
        try await restWrite { connection, logger in
            try await Self.restChanged(connection, """
                DELETE FROM member_blocks WHERE member_id = \(memberID.rawValue) AND blocked_member_id = \(blockedID.rawValue)
                RETURNING member_id
                """, logger: logger)
        }
    }

    public func blockedMembers(by memberID: MemberID) async throws -> [MemberID] {
        try await restRows("""
            SELECT blocked_member_id FROM member_blocks WHERE member_id = \(memberID.rawValue) ORDER BY blocked_member_id
            """).map { MemberID(try RestReader($0, table: "member_blocks").int64("blocked_member_id")) }
    }

    public func blocks(involving memberIDs: [MemberID]) async throws -> [(MemberID, MemberID)] {
        guard !memberIDs.isEmpty else { return [] }
        let ids = memberIDs.map(\.rawValue)
        return try await restRows("""
            SELECT member_id, blocked_member_id FROM member_blocks
            WHERE member_id = ANY(\(ids)) OR blocked_member_id = ANY(\(ids))
            ORDER BY member_id, blocked_member_id
            """).map { row in
            let read = RestReader(row, table: "member_blocks")
            return (MemberID(try read.int64("member_id")), MemberID(try read.int64("blocked_member_id")))
        }
    }
}
