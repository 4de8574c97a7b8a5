import Exchange
import Foundation
import Ledger

// The matching queries pass through unchanged.
extension FlakyStore {
    func activeOffers(in networkIDs: [NetworkID], limit: Int) async throws -> [Offer] {
        try await base.activeOffers(in: networkIDs, limit: limit)
    }
    func openRequests(in networkID: NetworkID, limit: Int) async throws -> [SupportRequest] {
        try await base.openRequests(in: networkID, limit: limit)
    }
    func members(_ ids: [MemberID]) async throws -> [Member] { try await base.members(ids) }
    func bookedMinutes(supporterIDs: [MemberID], scheduledFrom from: Date, before: Date) async throws -> [OfferBooking] {
        try await base.bookedMinutes(supporterIDs: supporterIDs, scheduledFrom: from, before: before)
    }
    func bookedMinutes(offerID: OfferID, scheduledFrom from: Date, before: Date) async throws -> Int64 {
        try await base.bookedMinutes(offerID: offerID, scheduledFrom: from, before: before)
    }
    func exchangeOutcomes(involving memberIDs: [MemberID], limit: Int) async throws -> [ExchangeOutcome] {
        try await base.exchangeOutcomes(involving: memberIDs, limit: limit)
    }
    func insertMatchingRun(_ draft: MatchingRun, auditNewRow: [AuditEvent], keyed: KeyedCreation?) async throws -> MatchingRun {
        try await base.insertMatchingRun(draft, auditNewRow: auditNewRow, keyed: keyed)
    }
    func matchingRun(_ id: MatchingRunID) async throws -> MatchingRun? { try await base.matchingRun(id) }
    func matchingProposal(_ id: MatchingProposalID) async throws -> MatchingProposal? { try await base.matchingProposal(id) }
    func matchingProposals(requestID: RequestID, afterID: MatchingProposalID?, limit: Int) async throws -> [MatchingProposal] {
        try await base.matchingProposals(requestID: requestID, afterID: afterID, limit: limit)
    }
    func hasAcceptedProposal(requestID: RequestID) async throws -> Bool { try await base.hasAcceptedProposal(requestID: requestID) }
    func decideMatchingProposal(_ id: MatchingProposalID, status: MatchingProposalStatus, exchangeID: ExchangeID?,
                                at: Date) async throws -> MatchingProposal {
        try await base.decideMatchingProposal(id, status: status, exchangeID: exchangeID, at: at)
    }
}
