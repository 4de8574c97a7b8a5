import Exchange
import Foundation
import Ledger

/// Offers: search, create, read, replace, pause and resume, over `Exchange.OfferService` and
/// `SearchService`. The domain checks every permission; refusals become problems in
/// `ErrorTranslation`.
extension APIHandlers {
    func searchOffers(_ input: Operations.SearchOffers.Input) async throws -> Operations.SearchOffers.Output {
        let actor = try RequestScope.required.requireActor()
        let query = input.query
        let page = ExchangeWire.pageRequest(cursor: query.cursor, limit: query.limit)
        var filters = ExchangeWire.searchFilters(
            kind: query.kind, topic: query.topic, language: query.language, mode: query.mode, networkID: query.networkID, text: query.q)
        let result: Page<Offer>
        if let supporterID = query.supporterID, supporterID == actor.memberID.rawValue {
            // One's own offers, paused ones included, narrowed by the same filters.
            guard query.q == nil else {
                throw Problem.invalidRequest(
                    "q: cannot be combined with your own supporterID",
                    fieldErrors: [.init(pointer: "/q", detail: "cannot be combined with your own supporterID")])
            }
            result = try await exchange.offers.myOffers(actor, filters, page: page)
        } else {
            // Everyone's active offers the caller may see, or another supporter's.
            filters.supporterID = query.supporterID.map { MemberID($0) }
            result = try await exchange.search.searchOffers(actor, filters, page: page)
        }
        return .ok(.init(body: .json(.init(items: result.items.map(ExchangeWire.offer), nextCursor: result.nextCursor))))
    }

    func createOffer(_ input: Operations.CreateOffer.Input) async throws -> Operations.CreateOffer.Output {
        let actor = try RequestScope.required.requireActor()
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        let offer = try await exchange.offers.createOffer(
            actor, networkID: NetworkID(body.value2.networkID), ExchangeWire.offerDetails(body.value1))
        return .created(.init(body: .json(ExchangeWire.offer(offer))))
    }

    func getOffer(_ input: Operations.GetOffer.Input) async throws -> Operations.GetOffer.Output {
        let actor = try RequestScope.required.requireActor()
        let offer = try await exchange.offers.offer(actor, OfferID(input.path.offerID))
        return .ok(.init(body: .json(ExchangeWire.offer(offer))))
    }

    func updateOffer(_ input: Operations.UpdateOffer.Input) async throws -> Operations.UpdateOffer.Output {
        let actor = try RequestScope.required.requireActor()
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        let offer = try await exchange.offers.updateOffer(actor, OfferID(input.path.offerID), ExchangeWire.offerDetails(body))
        return .ok(.init(body: .json(ExchangeWire.offer(offer))))
    }

    func pauseOffer(_ input: Operations.PauseOffer.Input) async throws -> Operations.PauseOffer.Output {
        let actor = try RequestScope.required.requireActor()
        let offer = try await exchange.offers.setOfferStatus(actor, OfferID(input.path.offerID), .paused)
        return .ok(.init(body: .json(ExchangeWire.offer(offer))))
    }

    func resumeOffer(_ input: Operations.ResumeOffer.Input) async throws -> Operations.ResumeOffer.Output {
        let actor = try RequestScope.required.requireActor()
        let offer = try await exchange.offers.setOfferStatus(actor, OfferID(input.path.offerID), .active)
        return .ok(.init(body: .json(ExchangeWire.offer(offer))))
    }
}
