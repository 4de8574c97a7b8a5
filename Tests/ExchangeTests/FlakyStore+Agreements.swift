import Exchange
import Foundation
import Ledger

// Agreements pass through unchanged.
extension FlakyStore {
    func insertAgreement(_ draft: Agreement) async throws -> Agreement { try await base.insertAgreement(draft) }
    func agreement(_ id: AgreementID) async throws -> Agreement? { try await base.agreement(id) }
    func updateAgreement(_ agreement: Agreement, expectedStatus: AgreementStatus) async throws {
        try await base.updateAgreement(agreement, expectedStatus: expectedStatus)
    }
    func agreements(networkID: NetworkID, afterID: AgreementID?, limit: Int) async throws -> [Agreement] {
        try await base.agreements(networkID: networkID, afterID: afterID, limit: limit)
    }
    func openAgreements(networkID: NetworkID) async throws -> [Agreement] { try await base.openAgreements(networkID: networkID) }
}
