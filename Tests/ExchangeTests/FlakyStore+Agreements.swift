import Exchange
import Foundation
import Ledger

// Agreements pass through, after any change interleaved before the next update.
extension FlakyStore {
    func insertAgreement(_ draft: Agreement, auditNewRow: [AuditEvent], keyed: KeyedCreation?) async throws -> Agreement {
        try await base.insertAgreement(draft, auditNewRow: auditNewRow, keyed: keyed)
    }
    func agreement(_ id: AgreementID) async throws -> Agreement? { try await base.agreement(id) }
    func updateAgreement(_ agreement: Agreement, audit: [AuditEvent]) async throws -> Agreement {
        try await interleave(.agreement)
        return try await base.updateAgreement(agreement, audit: audit)
    }
    func agreements(networkID: NetworkID, afterID: AgreementID?, limit: Int) async throws -> [Agreement] {
        try await base.agreements(networkID: networkID, afterID: afterID, limit: limit)
    }
    func openAgreements(networkID: NetworkID) async throws -> [Agreement] { try await base.openAgreements(networkID: networkID) }
    func agreements(between network: NetworkID, and partner: NetworkID) async throws -> [Agreement] {
        try await base.agreements(between: network, and: partner)
    }
    func crossNetworkSessionCount(agreementID: AgreementID, requesterNetworkID: NetworkID,
                                  scheduledFrom from: Date, before: Date, statuses: Set<ExchangeStatus>) async throws -> Int {
        if statuses.contains(.proposed), quotaReadsAtProposalSeeNothing.withLock({ $0 }) { return 0 }
        return try await base.crossNetworkSessionCount(agreementID: agreementID, requesterNetworkID: requesterNetworkID,
                                                scheduledFrom: from, before: before, statuses: statuses)
    }
    func completedCrossNetworkSessions(between network: NetworkID, and partner: NetworkID) async throws
        -> (received: Int, given: Int)
    {
        try await base.completedCrossNetworkSessions(between: network, and: partner)
    }
    func allocateAccountIDs(count: Int) async throws -> AccountID { try await base.allocateAccountIDs(count: count) }
}
