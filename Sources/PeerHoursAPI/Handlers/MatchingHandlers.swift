import Exchange
import Foundation
import Ledger

/// Matching over `Exchange.MatchingService`: suggestions for one request, batch runs by a
/// network's coordinators, and the requester's answer to a proposal. The wire types carry ids
/// and scores only; a request's description is never read here.
extension APIHandlers {
    func getRequestSuggestions(
        _ input: Operations.GetRequestSuggestions.Input
    ) async throws -> Operations.GetRequestSuggestions.Output {
        let actor = try RequestScope.required.requireActor()
        let explain = input.query.explain ?? false
        let answer = try await exchange.matching.suggestions(
            actor, RequestID(input.path.requestID), k: input.query.k.map(Int.init) ?? MatchingService.suggestionCountDefault,
            explain: explain)
        return .ok(.init(body: .json(MatchingWire.suggestions(answer, explain: explain))))
    }

    func createMatchingRun(_ input: Operations.CreateMatchingRun.Input) async throws -> Operations.CreateMatchingRun.Output {
        let actor = try RequestScope.required.requireActor()
        let run = try await exchange.matching.runMatching(actor, networkID: NetworkID(input.path.networkID),
                                                          review: input.query.review ?? false)
        return .created(.init(body: .json(MatchingWire.run(run))))
    }

    func listMatchingRuns(_ input: Operations.ListMatchingRuns.Input) async throws -> Operations.ListMatchingRuns.Output {
        let actor = try RequestScope.required.requireActor()
        let page = try await exchange.matching.matchingRuns(
            actor, networkID: NetworkID(input.path.networkID),
            page: ExchangeWire.pageRequest(cursor: input.query.cursor, limit: input.query.limit))
        return .ok(.init(body: .json(.init(items: page.items.map(MatchingWire.summary), nextCursor: page.nextCursor))))
    }

    func getMatchingRun(_ input: Operations.GetMatchingRun.Input) async throws -> Operations.GetMatchingRun.Output {
        let actor = try RequestScope.required.requireActor()
        let run = try await exchange.matching.matchingRun(actor, MatchingRunID(input.path.runID))
        return .ok(.init(body: .json(MatchingWire.run(run))))
    }

    func sendMatchingRun(_ input: Operations.SendMatchingRun.Input) async throws -> Operations.SendMatchingRun.Output {
        let actor = try RequestScope.required.requireActor()
        let run = try await exchange.matching.sendRun(actor, MatchingRunID(input.path.runID))
        return .ok(.init(body: .json(MatchingWire.run(run))))
    }

    func dropMatchingProposal(
        _ input: Operations.DropMatchingProposal.Input
    ) async throws -> Operations.DropMatchingProposal.Output {
        let actor = try RequestScope.required.requireActor()
        let dropped = try await exchange.matching.dropProposal(actor, MatchingProposalID(input.path.proposalID))
        return .ok(.init(body: .json(MatchingWire.proposal(dropped))))
    }

    func proposeMatch(_ input: Operations.ProposeMatch.Input) async throws -> Operations.ProposeMatch.Output {
        let actor = try RequestScope.required.requireActor()
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        let proposal = try await exchange.matching.proposeMatch(
            actor, requestID: RequestID(input.path.requestID), offerID: OfferID(body.offerID))
        return .created(.init(body: .json(MatchingWire.proposal(proposal))))
    }

    func acceptMatchingProposal(
        _ input: Operations.AcceptMatchingProposal.Input
    ) async throws -> Operations.AcceptMatchingProposal.Output {
        let actor = try RequestScope.required.requireActor()
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        let proposed = try await exchange.matching.acceptProposal(
            actor, MatchingProposalID(input.path.proposalID), scheduledStart: body.scheduledStart)
        return .created(.init(body: .json(ExchangeWire.exchange(proposed))))
    }

    func declineMatchingProposal(
        _ input: Operations.DeclineMatchingProposal.Input
    ) async throws -> Operations.DeclineMatchingProposal.Output {
        let actor = try RequestScope.required.requireActor()
        let declined = try await exchange.matching.declineProposal(actor, MatchingProposalID(input.path.proposalID))
        return .ok(.init(body: .json(MatchingWire.proposal(declined))))
    }

    func listRequestMatchingProposals(
        _ input: Operations.ListRequestMatchingProposals.Input
    ) async throws -> Operations.ListRequestMatchingProposals.Output {
        let actor = try RequestScope.required.requireActor()
        let page = try await exchange.matching.proposals(
            actor, requestID: RequestID(input.path.requestID),
            page: ExchangeWire.pageRequest(cursor: input.query.cursor, limit: input.query.limit))
        return .ok(.init(body: .json(.init(items: page.items.map(MatchingWire.proposal), nextCursor: page.nextCursor))))
    }
}
