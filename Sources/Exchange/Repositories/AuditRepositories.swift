import Foundation
import Ledger

/// The audit trail: append-only.
public protocol AuditRepository: Sendable {
    func insertAuditEvent(_ event: AuditEvent) async throws -> AuditEvent
    /// Events in id order after `afterID`; `networkID` nil: every network's.
    func auditEvents(networkID: NetworkID?, afterID: AuditEventID?, limit: Int) async throws -> [AuditEvent]
}

/// Coordinators' corrections of transfers.
public protocol CorrectionRepository: Sendable {
    /// Stores a correction (not yet applied), allocating its id and its reversal's transfer id.
    func insertCorrection(_ draft: Correction, keyed: KeyedCreation?) async throws -> Correction
    /// Corrections of `transferID` whose reversal the ledger has not been seen to accept.
    func unappliedCorrections(transferID: TransferID) async throws -> [Correction]
    /// `audit` is appended to the audit trail in the same transaction.
    func markCorrectionApplied(_ id: CorrectionID, audit: [AuditEvent]) async throws -> Correction
    func correction(_ id: CorrectionID) async throws -> Correction?
    /// Removes a correction the ledger refused (nothing moved), and the record of the key that
    /// created it.
    func deleteCorrection(_ id: CorrectionID) async throws
    /// Applied corrections of the network, in id order after `afterID`.
    func corrections(networkID: NetworkID, afterID: CorrectionID?, limit: Int) async throws -> [Correction]
}
