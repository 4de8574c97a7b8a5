import Foundation
import Ledger

/// Networks and their policies. `insertNetwork` throws `ExchangeError.conflict` when the slug is
/// taken.
public protocol NetworkRepository: Sendable {
    func insertNetwork(_ draft: NetworkDraft, at: Date) async throws -> Network
    func network(_ id: NetworkID) async throws -> Network?
    func network(slug: String) async throws -> Network?
    /// Networks in id order after `afterID`; `only` restricts to those ids when given.
    func networks(only: [NetworkID]?, afterID: NetworkID?, limit: Int) async throws -> [Network]
    /// Replaces the stored policy; answers the network as stored, nil when there is none.
    /// `audit` is appended to the audit trail in the same transaction (see `AuditEvent`).
    func updateNetworkPolicy(_ id: NetworkID, _ policy: NetworkPolicy, audit: [AuditEvent]) async throws -> Network?
}

/// The kinds of support offers and requests name (seeded with the five of the brief).
public protocol SupportKindRepository: Sendable {
    func supportKinds() async throws -> [String]
    /// Adds a kind; answers false when it was already there.
    func insertSupportKind(_ name: String) async throws -> Bool
}
