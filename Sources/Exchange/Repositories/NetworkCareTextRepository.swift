import Foundation
import Ledger

/// Each network's signposting list and privacy notice: one row per network whose coordinators
/// wrote them. Nothing in them is about a member.
public protocol NetworkCareTextRepository: Sendable {
    /// The network's stored texts; nil when none were ever saved.
    func networkCareTexts(_ networkID: NetworkID) async throws -> NetworkCareTexts?
    /// Stores `texts` over any earlier ones; `audit` is appended in the same transaction.
    func setNetworkCareTexts(_ networkID: NetworkID, _ texts: NetworkCareTexts, audit: [AuditEvent]) async throws
}
