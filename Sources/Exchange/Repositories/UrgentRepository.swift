import Foundation
import Ledger
import Outbox

/// Urgent requests, a network's wellbeing leads and its urgent settings. Updates are optimistic
/// on `version`, as every aggregate's are. The note and contact are stored here and nowhere else.
public protocol UrgentRequestRepository: Sendable {
    /// Stores a new request, allocating its id, with the record of the actor's key; `notices` is
    /// called with the stored request and its drafts written to the outbox in the same
    /// transaction. A second open request of the member in the network throws `invalidState`.
    func insertUrgentRequest(_ draft: UrgentRequest, keyed: KeyedCreation?,
                             notices: @escaping @Sendable (UrgentRequest) -> [OutboxDraft]) async throws -> UrgentRequest
    func urgentRequest(_ id: UrgentRequestID) async throws -> UrgentRequest?
    /// Stores `request` (version + 1) when the stored version is `request.version`, with `audit`
    /// and `notices` in the same transaction; else throws a version conflict. When the request is
    /// closed with `heldMinutes` and has no payment ids yet, two consecutive transfer ids are
    /// allocated in that transaction and the payment is marked pending (`urgentRequestsAwaitingPayment`).
    /// When the request no longer has payment ids, any pending mark is cleared.
    func updateUrgentRequest(_ request: UrgentRequest, audit: [AuditEvent], notices: [OutboxDraft], at now: Date) async throws
        -> UrgentRequest
    /// Clears the pending mark of a payment the ledger accepted.
    func markUrgentPaymentSubmitted(_ id: UrgentRequestID) async throws
    /// Closed requests whose payment was stored but not yet seen accepted, in id order.
    func urgentRequestsAwaitingPayment(limit: Int) async throws -> [UrgentRequest]
    /// Requests `memberID` raised, newest first, at most `limit` (for the member, erasure and export).
    func urgentRequests(raisedBy memberID: MemberID, limit: Int) async throws -> [UrgentRequest]
    /// The network's open requests, oldest first, at most `limit`.
    func openUrgentRequests(networkID: NetworkID, limit: Int) async throws -> [UrgentRequest]
    /// The network's closed or withdrawn requests, most recently ended first, at most `limit`.
    func endedUrgentRequests(networkID: NetworkID, limit: Int) async throws -> [UrgentRequest]
    /// Waiting requests never escalated, of every network, in id order after `afterID`.
    func unescalatedUrgentRequests(afterID: UrgentRequestID?, limit: Int) async throws -> [UrgentRequest]

    /// The network's leads with their display names, in order of appointment.
    func wellbeingLeads(networkID: NetworkID) async throws -> [WellbeingLead]
    func isWellbeingLead(memberID: MemberID, networkID: NetworkID) async throws -> Bool
    /// Adds the lead (answers false when they were one already), with `audit`, in one transaction.
    func insertWellbeingLead(networkID: NetworkID, memberID: MemberID, appointedBy: MemberID, at: Date,
                             audit: [AuditEvent]) async throws -> Bool
    /// Removes the lead (answers false when they were not one), with `audit`, in one transaction.
    func deleteWellbeingLead(networkID: NetworkID, memberID: MemberID, audit: [AuditEvent]) async throws -> Bool

    /// The network's settings; nil when never set (the defaults apply).
    func urgentSettings(networkID: NetworkID) async throws -> UrgentSettings?
    func upsertUrgentSettings(networkID: NetworkID, _ settings: UrgentSettings, audit: [AuditEvent]) async throws
}
