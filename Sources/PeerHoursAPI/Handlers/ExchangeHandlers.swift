import Exchange
import Foundation
import Ledger

/// One-to-one exchanges over `Exchange.ExchangeService`: propose, read, list, accept (reserve),
/// decline, cancel (void), confirm (post when both agree), dispute and resolve. Ledger refusals
/// surface as their own problem types (`ledger/<code>`) through `ErrorTranslation`.
extension APIHandlers {
    func listMyExchanges(_ input: Operations.ListMyExchanges.Input) async throws -> Operations.ListMyExchanges.Output {
        let actor = try RequestScope.required.requireActor()
        let query = input.query
        let filter = ExchangeListFilter(role: query.role.map(ExchangeWire.role), status: query.status.map(ExchangeWire.status))
        let page = try await exchange.exchanges.myExchanges(
            actor, filter, page: ExchangeWire.pageRequest(cursor: query.cursor, limit: query.limit))
        return .ok(.init(body: .json(.init(items: page.items.map(ExchangeWire.exchange), nextCursor: page.nextCursor))))
    }

    func proposeExchange(_ input: Operations.ProposeExchange.Input) async throws -> Operations.ProposeExchange.Output {
        let actor = try RequestScope.required.requireActor()
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        let proposed = try await exchange.exchanges.propose(actor, ExchangeWire.proposal(body))
        return .created(.init(body: .json(ExchangeWire.exchange(proposed))))
    }

    func getExchange(_ input: Operations.GetExchange.Input) async throws -> Operations.GetExchange.Output {
        let actor = try RequestScope.required.requireActor()
        let found = try await exchange.exchanges.exchange(actor, ExchangeID(input.path.exchangeID))
        return .ok(.init(body: .json(ExchangeWire.exchange(found))))
    }

    func acceptExchange(_ input: Operations.AcceptExchange.Input) async throws -> Operations.AcceptExchange.Output {
        let actor = try RequestScope.required.requireActor()
        let accepted = try await exchange.exchanges.accept(actor, ExchangeID(input.path.exchangeID))
        return .ok(.init(body: .json(ExchangeWire.exchange(accepted))))
    }

    func declineExchange(_ input: Operations.DeclineExchange.Input) async throws -> Operations.DeclineExchange.Output {
        let actor = try RequestScope.required.requireActor()
        let declined = try await exchange.exchanges.decline(actor, ExchangeID(input.path.exchangeID))
        return .ok(.init(body: .json(ExchangeWire.exchange(declined))))
    }

    func cancelExchange(_ input: Operations.CancelExchange.Input) async throws -> Operations.CancelExchange.Output {
        let actor = try RequestScope.required.requireActor()
        let cancelled = try await exchange.exchanges.cancel(actor, ExchangeID(input.path.exchangeID))
        return .ok(.init(body: .json(ExchangeWire.exchange(cancelled))))
    }

    func confirmExchange(_ input: Operations.ConfirmExchange.Input) async throws -> Operations.ConfirmExchange.Output {
        let actor = try RequestScope.required.requireActor()
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        let confirmed = try await exchange.exchanges.confirm(
            actor, ExchangeID(input.path.exchangeID), minutesGiven: Int64(body.minutesGiven))
        return .ok(.init(body: .json(ExchangeWire.exchange(confirmed))))
    }

    /// The reason (bounded by the schema) is kept with the exchange for the network's
    /// coordinators who are not a party; it is never logged, as it may hold private content.
    func disputeExchange(_ input: Operations.DisputeExchange.Input) async throws -> Operations.DisputeExchange.Output {
        let actor = try RequestScope.required.requireActor()
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        let disputed = try await exchange.exchanges.dispute(actor, ExchangeID(input.path.exchangeID), reason: body.reason)
        return .ok(.init(body: .json(ExchangeWire.exchange(disputed))))
    }

    /// The other party's side, kept for the network's coordinators only; never logged.
    func answerDispute(_ input: Operations.AnswerDispute.Input) async throws -> Operations.AnswerDispute.Output {
        let actor = try RequestScope.required.requireActor()
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        let answered = try await exchange.exchanges.answerDispute(actor, ExchangeID(input.path.exchangeID), reason: body.reason)
        return .ok(.init(body: .json(ExchangeWire.exchange(answered))))
    }

    /// The reason is kept with the dispute's, for the network's coordinators only.
    func resolveDispute(_ input: Operations.ResolveDispute.Input) async throws -> Operations.ResolveDispute.Output {
        let actor = try RequestScope.required.requireActor()
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        let resolved = try await exchange.exchanges.resolve(
            actor, ExchangeID(input.path.exchangeID), try ExchangeWire.resolution(body), reason: body.reason)
        return .ok(.init(body: .json(ExchangeWire.exchange(resolved))))
    }
}
