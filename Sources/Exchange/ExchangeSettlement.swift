import Foundation
import Ledger
import Logging

/// Confirmation, dispute and a coordinator's resolution.
extension ExchangeService {
    /// Each party confirms the minutes given (≤ reserved), once the session has started. Equal
    /// confirmations post that many minutes; differing ones make the exchange disputed. Repeating
    /// one's own confirmation with the same minutes answers the exchange unchanged.
    public func confirm(_ actor: Actor, _ id: ExchangeID, minutesGiven: Int64) async throws -> PeerExchange {
        try await context.guards.withLock(id) {
            var exchange = try await prepare(actor, id)
            guard exchange.isParty(actor.memberID) else { throw ExchangeError.forbidden("only the two parties may confirm") }
            let isRequester = exchange.requesterID == actor.memberID
            if let mine = isRequester ? exchange.requesterConfirmedMinutes : exchange.supporterConfirmedMinutes {
                guard mine == minutesGiven else { throw ExchangeError.invalidState("you confirmed \(mine) minutes already") }
                return exchange.withoutReasons
            }
            guard exchange.status == .accepted else { throw ExchangeError.invalidState("the exchange is \(exchange.status.rawValue)") }
            try Validate.range(minutesGiven, field: "minutesGiven", 1...exchange.durationMinutes)
            let now = context.now()
            guard now >= exchange.scheduledStart else {
                throw ExchangeError.invalidState("a session can be confirmed once it has started")
            }
            if isRequester {
                exchange.requesterConfirmedMinutes = minutesGiven
                exchange.requesterConfirmedAt = now
            } else {
                exchange.supporterConfirmedMinutes = minutesGiven
                exchange.supporterConfirmedAt = now
            }
            exchange.updatedAt = now
            switch isRequester ? exchange.supporterConfirmedMinutes : exchange.requesterConfirmedMinutes {
            case nil:
                let network = try await loadNetwork(exchange.networkID)
                exchange.autoConfirmAt = ExchangeTiming.autoConfirmAt(
                    exchange, policy: network.policy, reserveDeadline: exchange.reserveDeadline)
                return try await context.store.updateExchange(exchange, requestStatus: nil)
            case minutesGiven?:
                exchange.autoConfirmAt = nil
                return try await perform(exchange, .post(minutes: minutesGiven))
            default:
                exchange.autoConfirmAt = nil
                exchange.status = .disputed
                exchange.disputedByID = actor.memberID
                context.logger.info("exchange disputed by differing confirmations", metadata: ["exchange": "\(id)"])
                return try await context.store.updateExchange(exchange, requestStatus: nil)
            }
        }
    }

    /// Either party disputes an accepted exchange: it waits for a coordinator.
    /// `reason` (1–500 characters) is kept for the network's coordinators; the parties never see it.
    public func dispute(_ actor: Actor, _ id: ExchangeID, reason: String? = nil) async throws -> PeerExchange {
        try await context.guards.withLock(id) {
            if let reason { try Validate.text(reason, field: "reason", length: 1...Self.reasonLengthMax) }
            var exchange = try await prepare(actor, id)
            guard exchange.isParty(actor.memberID) else { throw ExchangeError.forbidden("only the two parties may dispute") }
            if exchange.status == .disputed { return exchange.withoutReasons }
            guard exchange.status == .accepted else { throw ExchangeError.invalidState("the exchange is \(exchange.status.rawValue)") }
            exchange.status = .disputed
            exchange.disputedByID = actor.memberID
            exchange.disputeReason = reason
            exchange.autoConfirmAt = nil
            exchange.updatedAt = context.now()
            context.logger.info("exchange disputed", metadata: ["exchange": "\(id)"])
            return try await context.store.updateExchange(exchange, requestStatus: nil).withoutReasons
        }
    }

    public static let reasonLengthMax = 500

    /// A coordinator of the exchange's network, not a party to it, resolves a dispute: post the
    /// full or a reduced number of minutes, or void.
    /// `reason` (1–500 characters) is kept with the dispute's for the network's coordinators.
    public func resolve(_ actor: Actor, _ id: ExchangeID, _ resolution: DisputeResolution, reason: String? = nil) async throws -> PeerExchange {
        try await context.guards.withLock(id) {
            if let reason { try Validate.text(reason, field: "reason", length: 1...Self.reasonLengthMax) }
            let loaded = try await load(id)
            if !(try await isCoordinator(actor, of: loaded)) {
                // Refused as for any other reader who is not a coordinator (403, or 404 outside).
                try await authoriseReader(actor, loaded)
                throw ExchangeError.forbidden("only a coordinator of the exchange's networks may resolve a dispute")
            }
            guard !loaded.isParty(actor.memberID) else {
                throw ExchangeError.forbidden("a coordinator may not resolve a dispute they are a party to")
            }
            var exchange = try await resume(loaded)
            guard exchange.status == .disputed else { throw ExchangeError.invalidState("the exchange is \(exchange.status.rawValue)") }
            exchange.resolvedByID = actor.memberID
            exchange.resolutionReason = reason
            let action: PendingLedgerAction
            switch resolution {
            case .post(let minutes):
                try Validate.range(minutes, field: "minutes", 1...exchange.durationMinutes)
                action = .post(minutes: minutes)
            case .void:
                action = .void
            }
            let resolved = try await apply(exchange, action)
            context.logger.info("dispute resolved", metadata: ["exchange": "\(id)", "status": "\(resolved.status.rawValue)"])
            return resolved
        }
    }
}
