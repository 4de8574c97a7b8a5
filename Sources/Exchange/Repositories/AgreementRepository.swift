import Foundation
import Ledger
import Outbox

/// Agreements between networks. `insertAgreement` allocates the id and throws
/// `ExchangeError.conflict` when the pair already has an open (proposed, active, suspended) one.
public protocol AgreementRepository: Sendable {
    /// `auditNewRow` is appended to the audit trail in the same transaction, each event's subject
    /// being the new agreement; `notices` is called with the agreement as stored (its id
    /// allocated) and its drafts written to the outbox in that transaction.
    func insertAgreement(_ draft: Agreement, auditNewRow: [AuditEvent], keyed: KeyedCreation?,
                         notices: @escaping @Sendable (Agreement) -> [OutboxDraft]) async throws -> Agreement
    func agreement(_ id: AgreementID) async throws -> Agreement?
    /// Stores `agreement` when the stored version is still `agreement.version` (the one read),
    /// answering it with the version incremented; `.conflict` otherwise (also when the pair
    /// already has another open agreement). `audit` is appended, and `notices` written to the
    /// outbox, in the same transaction.
    func updateAgreement(_ agreement: Agreement, audit: [AuditEvent], notices: [OutboxDraft]) async throws -> Agreement
    /// The network's agreements (either side, any status) in id order after `afterID`.
    func agreements(networkID: NetworkID, afterID: AgreementID?, limit: Int) async throws -> [Agreement]
    /// The network's proposed, active and suspended agreements.
    func openAgreements(networkID: NetworkID) async throws -> [Agreement]
    /// Every agreement between the two networks (any status), in id order.
    func agreements(between network: NetworkID, and partner: NetworkID) async throws -> [Agreement]
}

extension AgreementRepository {
    /// A change that tells nobody.
    public func updateAgreement(_ agreement: Agreement, audit: [AuditEvent]) async throws -> Agreement {
        try await updateAgreement(agreement, audit: audit, notices: [])
    }
}
