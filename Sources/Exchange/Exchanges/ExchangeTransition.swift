import Foundation
import Ledger

/// How every step after a proposal runs: read the exchange, finish the ledger action stored with
/// it if any, decide (`ExchangeLifecycle`, pure), store the decision with a compare-and-set on
/// the version read, and — when the ledger must act — send the action that write claimed and
/// store its outcome. The store decides every race: of two instances (or two requests here)
/// deciding on the same version, one write succeeds and the other is told `conflict`, reads
/// again and decides again from what the first did (usually a repeat, answered as it is), at
/// most `ConflictRetry.attemptsMax` times.
extension ExchangeService {
    /// What `run` did: the exchange as it is after the step, and whether the step changed it.
    struct StepResult: Sendable {
        var exchange: PeerExchange
        var changed: Bool
    }

    /// Runs `command` for `actor` (nil: the service itself) on exchange `id`, at `now` (due work
    /// passes its own; the clock's otherwise). The exchange's lock
    /// is only a courtesy between this instance's requests — they queue rather than conflict —
    /// and decides nothing: another instance never holds it.
    func run(_ command: ExchangeCommand, on id: ExchangeID, by actor: Actor?, now: Date? = nil) async throws -> StepResult {
        try await context.guards.withLock(id) {
            try await ConflictRetry.run(context, aggregate: "exchange") {
                try await step(command, on: id, by: actor, now: now ?? context.now())
            }
        }
    }

    private func step(_ command: ExchangeCommand, on id: ExchangeID, by actor: Actor?, now: Date) async throws -> StepResult {
        let loaded = try await load(id)
        var asker = ExchangeAsker.service
        if let actor {
            try await authoriseReader(actor, loaded)
            let coordinates = if case .resolve = command { try await isCoordinator(actor, of: loaded) } else { false }
            asker = ExchangeAsker(memberID: actor.memberID, isCoordinator: coordinates)
        }
        let exchange = try await resume(loaded)
        let policy = try await loadNetwork(exchange.networkID).policy
        let decision = try ExchangeLifecycle.decide(exchange, command, by: asker, now: now, policy: policy)
        if decision.isRepeat { return StepResult(exchange: exchange, changed: false) }
        let check: ExchangeCommitCheck = if case .accept = command { try await acceptanceCheck(exchange) } else { .none }
        let stored = try await storeChange(
            decision.next, from: exchange, requestStatus: decision.requestStatus, check: check, actorID: actor?.memberID)
        if stored.status == .disputed, exchange.status != .disputed {
            context.logger.info("exchange disputed", metadata: ["exchange": "\(id)"])
        }
        return StepResult(exchange: try await resume(stored), changed: true)
    }

    /// `exchange`, or — when an action is stored with it (a step interrupted here or on another
    /// instance, or one under way) — the exchange once that action is finished, so a reader is
    /// never shown it a step behind the ledger. A refusal of that action (the ledger's, stored
    /// with the exchange) is the step's to tell, not the reader's: the reader gets the exchange
    /// as stored after it.
    func caughtUp(_ exchange: PeerExchange) async throws -> PeerExchange {
        guard exchange.pendingAction != nil else { return exchange }
        return try await context.guards.withLock(exchange.id) {
            do {
                return try await ConflictRetry.run(context, aggregate: "exchange") { try await resume(try await load(exchange.id)) }
            } catch is ExchangeError {
                return try await load(exchange.id)
            }
        }
    }
}
