import Exchange
import Foundation
import Ledger
import Matching

// Weights and blocks pass through unchanged.
extension FlakyStore {
    func matchingWeights(networkID: NetworkID) async throws -> MatchingWeights? { try await base.matchingWeights(networkID: networkID) }
    func setMatchingWeights(networkID: NetworkID, _ weights: MatchingWeights, audit: [AuditEvent]) async throws {
        try await base.setMatchingWeights(networkID: networkID, weights, audit: audit)
    }
    func insertBlock(by memberID: MemberID, of blockedID: MemberID, at: Date) async throws {
        try await base.insertBlock(by: memberID, of: blockedID, at: at)
    }
    func deleteBlock(by memberID: MemberID, of blockedID: MemberID) async throws { try await base.deleteBlock(by: memberID, of: blockedID) }
    func blockedMembers(by memberID: MemberID) async throws -> [MemberID] { try await base.blockedMembers(by: memberID) }
    func blocks(involving memberIDs: [MemberID]) async throws -> [(MemberID, MemberID)] { try await base.blocks(involving: memberIDs) }
}
