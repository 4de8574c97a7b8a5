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
        let filters = SearchFilters(
            kind: query.kind, topic: query.topic, language: query.language, mode: query.mode.map(ExchangeWire.mode),
            networkID: query.networkID.map { NetworkID($0) }, text: query.q)
        let result: Page<Offer>
        if let supporterID = query.supporterID, supporterID == actor.memberID.rawValue {
            // One's own offers, paused ones included; the other filters narrow the page (the
            // cursor stays the domain's, so pages may be shorter than `limit`).
            guard query.q == nil else {
                throw Problem.invalidRequest(
                    "q: cannot be combined with your own supporterID",
                    fieldErrors: [.init(pointer: "/q", detail: "cannot be combined with your own supporterID")])
            }
            let mine = try await exchange.offers.myOffers(actor, page: page)
            result = Page(items: mine.items.filter { offerHelperMatches($0, filters) }, nextCursor: mine.nextCursor)
        } else if let supporterID = query.supporterID {
            // Another supporter's active offers: the search narrowed to them.
            let found = try await exchange.search.searchOffers(actor, filters, page: page)
            result = Page(items: found.items.filter { $0.supporterID.rawValue == supporterID }, nextCursor: found.nextCursor)
        } else {
            result = try await exchange.search.searchOffers(actor, filters, page: page)
        }
        return offerHelperPage(result)
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

    private func offerHelperPage(_ page: Page<Offer>) -> Operations.SearchOffers.Output {
        .ok(.init(body: .json(.init(items: page.items.map(ExchangeWire.offer), nextCursor: page.nextCursor))))
    }

    private func offerHelperMatches(_ offer: Offer, _ filters: SearchFilters) -> Bool {
        let details = offer.details
        if let networkID = filters.networkID, offer.networkID != networkID { return false }
        if let kind = filters.kind, !details.kinds.contains(kind) { return false }
        if let topic = filters.topic, !details.topics.contains(topic) { return false }
        if let language = filters.language, !details.languages.contains(language) { return false }
        if let mode = filters.mode, !details.modes.contains(mode) { return false }
        return true
    }
}
