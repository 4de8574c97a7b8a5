import Foundation
import Ledger
import Logging

/// Confirmation, dispute and a coordinator's resolution (their rules: `ExchangeLifecycle`).
extension ExchangeService {
    /// Each party confirms the minutes given (≤ reserved), once the session has started. Equal
    /// confirmations post that many minutes; differing ones make the exchange disputed. Repeating
    /// one's own confirmation with the same minutes answers the exchange unchanged.
    public func confirm(_ actor: Actor, _ id: ExchangeID, minutesGiven: Int64) async throws -> PeerExchange {
        try await run(.confirm(minutesGiven: minutesGiven), on: id, by: actor).exchange.withoutReasons
    }

    /// Either party disputes an accepted exchange: it waits for a coordinator.
    /// `reason` (1–500 characters) is kept for the network's coordinators; the parties never see it.
    public func dispute(_ actor: Actor, _ id: ExchangeID, reason: String? = nil) async throws -> PeerExchange {
        if let reason { try Validate.text(reason, field: "reason", length: 1...Self.reasonLengthMax) }
        return try await run(.dispute(reason: reason), on: id, by: actor).exchange.withoutReasons
    }

    public static let reasonLengthMax = 500

    /// The party who did not dispute gives their side (1–500 characters), once, while the
    /// exchange is disputed (`ExchangeLifecycle.answerDispute`). Like the dispute's reason it is
    /// for the network's coordinators who are not a party; the parties see only that it was given.
    public func answerDispute(_ actor: Actor, _ id: ExchangeID, reason: String) async throws -> PeerExchange {
        try Validate.text(reason, field: "reason", length: 1...Self.reasonLengthMax)
        return try await run(.answerDispute(reason: reason), on: id, by: actor).exchange.withoutReasons
    }

    /// A coordinator of the exchange's network, not a party to it, resolves a dispute: post the
    /// full or a reduced number of minutes, or void.
    /// `reason` (1–500 characters) is kept with the dispute's for the network's coordinators.
    public func resolve(_ actor: Actor, _ id: ExchangeID, _ resolution: DisputeResolution, reason: String? = nil) async throws -> PeerExchange {
        if let reason { try Validate.text(reason, field: "reason", length: 1...Self.reasonLengthMax) }
        let resolved = try await run(.resolve(resolution, reason: reason), on: id, by: actor).exchange
        context.logger.info("dispute resolved", metadata: ["exchange": "\(id)", "status": "\(resolved.status.rawValue)"])
        return resolved
    }
}
