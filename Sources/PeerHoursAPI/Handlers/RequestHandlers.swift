import Exchange
import Foundation
import Ledger

/// Requests for support over `Exchange.RequestService` and `SearchService`. The private
/// description is returned exactly as the domain returns it: the domain answers nil to
/// everyone but the requester and the supporter of an accepted exchange on the request
/// (coordinators included), and lists (search, `mine`) never carry it.
extension APIHandlers {
    func searchRequests(_ input: Operations.SearchRequests.Input) async throws -> Operations.SearchRequests.Output {
        let actor = try RequestScope.required.requireActor()
        let query = input.query
        let page = ExchangeWire.pageRequest(cursor: query.cursor, limit: query.limit)
        let filters = ExchangeWire.searchFilters(
            kind: query.kind, topic: query.topic, language: query.language, mode: query.mode, networkID: query.networkID, text: query.q)
        let result: Page<SupportRequest>
        if query.mine == true {
            // One's own requests in every status, narrowed by the same filters.
            guard query.q == nil else {
                throw Problem.invalidRequest(
                    "q: cannot be combined with mine", fieldErrors: [.init(pointer: "/q", detail: "cannot be combined with mine")])
            }
            result = try await exchange.requests.myRequests(actor, filters, page: page)
        } else {
            result = try await exchange.search.searchRequests(actor, filters, page: page)
        }
        // Lists never carry descriptions, whatever the caller's entitlement.
        let items = result.items.map { ExchangeWire.request($0.redacted, viewer: actor.memberID) }
        return .ok(.init(body: .json(.init(items: items, nextCursor: result.nextCursor))))
    }

    func createRequest(_ input: Operations.CreateRequest.Input) async throws -> Operations.CreateRequest.Output {
        let actor = try RequestScope.required.requireActor()
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        let request = try await exchange.requests.createRequest(
            actor, networkID: NetworkID(body.networkID), try ExchangeWire.requestDetails(body))
        return .created(.init(body: .json(ExchangeWire.request(request, viewer: actor.memberID))))
    }

    func getRequest(_ input: Operations.GetRequest.Input) async throws -> Operations.GetRequest.Output {
        let actor = try RequestScope.required.requireActor()
        let request = try await exchange.requests.request(actor, RequestID(input.path.requestID))
        return .ok(.init(body: .json(ExchangeWire.request(request, viewer: actor.memberID))))
    }

    func withdrawRequest(_ input: Operations.WithdrawRequest.Input) async throws -> Operations.WithdrawRequest.Output {
        let actor = try RequestScope.required.requireActor()
        let request = try await exchange.requests.withdrawRequest(actor, RequestID(input.path.requestID))
        return .ok(.init(body: .json(ExchangeWire.request(request, viewer: actor.memberID))))
    }
}
