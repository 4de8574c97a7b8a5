import Foundation
import Ledger
import Matching

/// What shapes matching: a network's weights (nil until set) and members' blocks.
public protocol MatchingPreferenceRepository: Sendable {
    func matchingWeights(networkID: NetworkID) async throws -> MatchingWeights?
    /// `audit` is appended to the audit trail in the same transaction.
    func setMatchingWeights(networkID: NetworkID, _ weights: MatchingWeights, audit: [AuditEvent]) async throws
    func insertBlock(by memberID: MemberID, of blockedID: MemberID, at: Date) async throws
    func deleteBlock(by memberID: MemberID, of blockedID: MemberID) async throws
    /// Whom `memberID` blocked, in id order.
    func blockedMembers(by memberID: MemberID) async throws -> [MemberID]
    /// Every block made by or against any of `memberIDs`, as (blocker, blocked).
    func blocks(involving memberIDs: [MemberID]) async throws -> [(MemberID, MemberID)]
}

/// Matching runs and their proposals.
public protocol MatchingRunRepository: Sendable {
    /// Stores a run and its proposals, allocating their ids; `draft`'s ids are ignored.
    /// `auditNewRow` is appended to the audit trail in the same transaction, each event's subject
    /// being the new run.
    func insertMatchingRun(_ draft: MatchingRun, auditNewRow: [AuditEvent], keyed: KeyedCreation?) async throws -> MatchingRun
    /// A stored run with its proposals as they stand now.
    func matchingRun(_ id: MatchingRunID) async throws -> MatchingRun?
    func matchingProposal(_ id: MatchingProposalID) async throws -> MatchingProposal?
    /// Proposals made for a request in one of `statuses`, in id order after `afterID`.
    func matchingProposals(requestID: RequestID, statuses: [MatchingProposalStatus], afterID: MatchingProposalID?,
                           limit: Int) async throws -> [MatchingProposal]
    /// The network's runs, newest first, before `beforeID` (nil: from the newest).
    func matchingRunSummaries(networkID: NetworkID, beforeID: MatchingRunID?, limit: Int) async throws -> [MatchingRunSummary]
    /// Drops a drafted proposal, appending `audit` in the same transaction. Throws
    /// `ExchangeError.conflict` when it is no longer drafted.
    func dropMatchingProposal(_ id: MatchingProposalID, audit: [AuditEvent]) async throws -> MatchingProposal
    /// Sends a run made for review, in one transaction: its drafted proposals named in `skipped`
    /// become `skipped` with their reason, the other drafted ones `open`; the run is marked sent
    /// by `sentByID` at `at`; `audit` is appended. Throws `ExchangeError.conflict` when the run
    /// was sent already.
    func sendMatchingRun(_ id: MatchingRunID, skipped: [MatchingProposalID: MatchingSkipReason], sentByID: MemberID,
                         at: Date, audit: [AuditEvent]) async throws -> MatchingRun
    /// Whether a proposal on `requestID` has been accepted and its exchange has not ended
    /// without taking place (declined, cancelled or expired).
    func hasAcceptedProposal(requestID: RequestID) async throws -> Bool
    /// Records a decision on an open proposal. Throws `ExchangeError.conflict` when it is no longer
    /// open, or (accepting) when `hasAcceptedProposal` holds for its request.
    func decideMatchingProposal(_ id: MatchingProposalID, status: MatchingProposalStatus, exchangeID: ExchangeID?,
                                at: Date) async throws -> MatchingProposal
}
