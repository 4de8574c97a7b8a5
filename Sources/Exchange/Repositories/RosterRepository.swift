import Foundation
import Ledger

/// A network's members with their profiles and session figures, for its members list.
public protocol RosterRepository: Sendable {
    /// Every membership of the network (any status), with the figures of `RosterFacts`; at most
    /// `limit`, in member id order.
    func rosterFacts(networkID: NetworkID, limit: Int) async throws -> [RosterFacts]
}
