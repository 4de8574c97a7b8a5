import Exchange
import Foundation
import Hummingbird

/// One offer found, as a card: who offers it and when they are free, in the viewer's zone.
struct OfferCard: Sendable {
    var name: String
    var about: String?
    var offer: OfferSummary
    var isOwn: Bool
    var askHref: String
    var askText: String
    var offerHref: String
    var offerLinkText: String

    init(_ offer: Offer, supporter: MemberProfile?, isOwn: Bool, viewerZone: String, words: Words, request: Exchange.RequestID? = nil) {
        name = isOwn ? words["searchYourOffer"] : supporter?.displayName ?? words["listingPartnerSupporter"]
        about = supporter.map { words.format("listingAbout", ["profession": $0.profession, "organisation": $0.organisation]) }
        self.offer = OfferSummary(offer, networkName: nil, viewerZone: viewerZone, words: words)
        self.isOwn = isOwn
        askHref = ListingPaths.askForSession(offer: offer.id, request: request)
        askText = words.format("listingAsk", ["name": supporter?.displayName ?? words["listingPartnerSupporterShort"]])
        offerHref = ListingPaths.offer(offer.id)
        offerLinkText = words.format("searchOfferLink", ["title": offer.details.title])
    }
}

/// `/search`: the filters (a GET form) and the offers found, a page at a time.
struct SearchView: Sendable {
    var kind: SelectField
    var topic: FormField
    var language: SelectField
    var mode: SelectField
    var text: FormField
    var results: [OfferCard]
    var hasResults: Bool
    var resultCount: String
    var nextPage: String?
    var errors: [FormErrors.SummaryItem]
    var hasErrors: Bool

    init(query: SearchQuery, kindsInUse: [String], results: [OfferCard], nextPage: String?, words: Words, errors: FormErrors) {
        let any: [(value: String, label: String)] = [("", words["searchAny"])]
        kind = SelectField("kind", label: words["searchKindLabel"], hint: nil,
                           options: any + kindsInUse.map { ($0, ListingWords.kind($0, words: words)) }, selected: query.kind,
                           errors: errors)
        topic = FormField("topic", words: words, key: "searchTopic", value: query.topic, errors: errors)
        var codes = ListingWords.commonLanguages
        if !query.language.isEmpty, !codes.contains(query.language) { codes.append(query.language) }
        language = SelectField("language", label: words["searchLanguageLabel"], hint: nil,
                               options: any + codes.map { ($0, ListingWords.language($0, words: words)) },
                               selected: query.language, errors: errors)
        mode = SelectField("mode", label: words["searchModeLabel"], hint: nil,
                           options: any + ListingWords.modes.map { ($0.rawValue, ListingWords.mode($0, words: words)) },
                           selected: query.mode, errors: errors)
        text = FormField("q", words: words, key: "searchText", value: query.text, errors: errors)
        self.results = results
        hasResults = !results.isEmpty
        resultCount = words.format(nextPage == nil ? "searchCount" : "searchCountMore", ["count": String(results.count)])
        self.nextPage = nextPage
        self.errors = errors.summary(fieldOrder: ["kind", "topic", "language", "mode", "q"])
        hasErrors = !errors.isEmpty
    }
}

/// The search page's query as typed (every value kept, for the form and the next page's link).
struct SearchQuery: Sendable {
    var kind: String
    var topic: String
    var language: String
    var mode: String
    var text: String
    var cursor: String?

    init(_ request: Request) {
        let query = FormQuery(request)
        func value(_ name: String) -> String { query[name] ?? "" }
        kind = value("kind")
        topic = value("topic")
        language = value("language")
        mode = value("mode")
        text = value("q")
        cursor = query["cursor"]
    }

    var pairs: [(String, String)] {
        [("kind", kind), ("topic", topic), ("language", language), ("mode", mode), ("q", text)].filter { !$0.1.isEmpty }
    }

    /// The domain's filters; a choice no form offers (a kind not in use, an unknown mode or a
    /// malformed language) is a 400 page; typed mistakes are added to `errors`.
    func filters(kindsInUse: [String], words: Words, errors: inout FormErrors) throws -> SearchFilters {
        var filters = SearchFilters()
        if !kind.isEmpty {
            guard kindsInUse.contains(kind) else { throw WebRefusal.badRequest }
            filters.kind = kind
        }
        if !mode.isEmpty {
            guard let mode = SessionMode(rawValue: mode) else { throw WebRefusal.badRequest }
            filters.mode = mode
        }
        if !language.isEmpty {
            guard ListingChecks.languageValid(language) else { throw WebRefusal.badRequest }
            filters.language = language
        }
        let topics = ListingWords.topics(topic)
        if topics.count > 1 || !ListingChecks.topicsValid(topics) {
            errors.add("topic", words["searchError_topic"])
        } else {
            filters.topic = topics.first
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if !trimmed.isEmpty { filters.text = trimmed }
        return filters
    }
}

extension WebApp {
    func showSearch<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let query = SearchQuery(request)
        let kinds = try await exchange.networks.supportKinds(signedIn.actor)
        var errors = FormErrors()
        let filters = try query.filters(kindsInUse: kinds, words: visit.words, errors: &errors)
        var cards: [OfferCard] = []
        var nextPage: String?
        if errors.isEmpty {
            do {
                let found = try await exchange.search.searchOffers(signedIn.actor, filters, page: PageRequest(cursor: query.cursor))
                var profiles: [MemberID: MemberProfile?] = [:]
                for offer in found.items {
                    if profiles[offer.supporterID] == nil {
                        profiles[offer.supporterID] = .some(try await supporterProfile(signedIn.actor, of: offer.id))
                    }
                    cards.append(OfferCard(offer, supporter: profiles[offer.supporterID] ?? nil,
                                           isOwn: offer.supporterID == signedIn.actor.memberID, viewerZone: viewerZone,
                                           words: visit.words))
                }
                nextPage = found.nextCursor.map { ListingPaths.nextPage(ListingPaths.search, cursor: $0, query: query.pairs) }
            } catch ExchangeError.validation(let error) {
                switch error.field {
                case "text": errors.add("q", visit.words["searchError_text"])
                case "topic": errors.add("topic", visit.words["searchError_topic"])
                default: throw WebRefusal.badRequest
                }
            }
        }
        let view = SearchView(query: query, kindsInUse: kinds, results: cards, nextPage: nextPage, words: visit.words, errors: errors)
        return try await page("search", view, visit: visit, status: errors.isEmpty ? .ok : .unprocessableContent)
    }
}
