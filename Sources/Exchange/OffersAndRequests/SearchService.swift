import Foundation
import Ledger

/// Filters a searcher gives, the one definition of what each filter means for an offer and a
/// request: the store's search query applies them (with the text), and `admits` applies them to
/// one's own offers and requests. `networkID` nil searches every network the searcher is active
/// in; `supporterID` narrows offers to one supporter's. `text` is matched (all words, as
/// prefixes) against titles and topics of offers, and topics only of requests: descriptions are
/// never indexed or searched.
public struct SearchFilters: Sendable, Hashable {
    public var kind: String?
    public var topic: String?
    public var language: String?
    public var mode: SessionMode?
    public var networkID: NetworkID?
    public var supporterID: MemberID?
    public var text: String?

    public init(kind: String? = nil, topic: String? = nil, language: String? = nil, mode: SessionMode? = nil,
                networkID: NetworkID? = nil, supporterID: MemberID? = nil, text: String? = nil) {
        self.kind = kind
        self.topic = topic
        self.language = language
        self.mode = mode
        self.networkID = networkID
        self.supporterID = supporterID
        self.text = text
    }

    /// Whether `listing` meets every filter but the text: its network, its lister (offers
    /// only), and one of its kinds, topics, languages and modes is the one asked for (a request
    /// has one kind, language and mode).
    public func admits(_ listing: some Listing) -> Bool {
        let facets = listing.facets
        if let networkID, listing.networkID != networkID { return false }
        if let supporterID, type(of: listing).listedBySupporter, listing.listedBy != supporterID { return false }
        if let kind, !facets.kinds.contains(kind) { return false }
        if let topic, !facets.topics.contains(topic) { return false }
        if let language, !facets.languages.contains(language) { return false }
        if let mode, !facets.modes.contains(mode) { return false }
        return true
    }

    /// Refuses a text in a list that is not searched by words (one's own offers and requests).
    func requireNoText() throws(ExchangeError) {
        guard text == nil else { throw ExchangeError.invalid("text", "cannot be combined with a list of your own") }
    }
}

/// Members find active offers (their networks', and partner networks' offers visible to
/// partners), and supporters find open requests in their own networks.
/// Results come in id order, so cursor pages never skip or repeat an item.
public final class SearchService: Sendable {
    let context: ServiceContext
    let agreementService: AgreementService
    let members: any MemberRepository
    let offers: any OfferRepository
    let requests: any RequestRepository

    init(context: ServiceContext, agreementService: AgreementService, members: any MemberRepository,
         offers: any OfferRepository, requests: any RequestRepository) {
        self.context = context
        self.agreementService = agreementService
        self.members = members
        self.offers = offers
        self.requests = requests
    }

    /// Offers of the searcher's networks, and the partner-visible offers of networks that have
    /// an agreement in force with one of them (of the kinds it covers). `filters.networkID` may
    /// name either kind of network.
    public func searchOffers(_ actor: Actor, _ filters: SearchFilters,
                             page: PageRequest = PageRequest()) async throws -> Page<Offer> {
        try validate(filters)
        let words = try Validate.searchWords(filters.text)
        var networks = try await context.access.activeNetworks(actor)
        var partners = try await partnerScopes(of: networks).filter { !networks.contains($0.networkID) }
        if let networkID = filters.networkID {
            if networks.contains(networkID) {
                (networks, partners) = ([networkID], [])
            } else if let scope = partners.first(where: { $0.networkID == networkID }) {
                (networks, partners) = ([], [scope])
            } else {
                throw ExchangeError.notFound("network \(networkID)")
            }
        }
        let size = try Cursor.validSize(page)
        let after = try Cursor.decode(page.cursor, list: "offers").map { OfferID($0) }
        var search = OfferSearch(
            networkIDs: networks, kind: filters.kind, topic: filters.topic, language: filters.language,
            mode: filters.mode, words: words, afterID: after, limit: size + 1)
        search.partners = partners
        search.supporterID = filters.supporterID
        let fetched = try await offers.searchOffers(search)
        return Cursor.page(fetched, size: size, list: "offers") { $0.id.rawValue }
    }

    /// Open requests of others that do not exclude the searcher; descriptions removed.
    public func searchRequests(_ actor: Actor, _ filters: SearchFilters,
                               page: PageRequest = PageRequest()) async throws -> Page<SupportRequest> {
        let (networks, words) = try await resolve(actor, filters)
        let size = try Cursor.validSize(page)
        let after = try Cursor.decode(page.cursor, list: "requests").map { RequestID($0) }
        guard let searcher = try await members.member(actor.memberID) else {
            throw ExchangeError.notFound("member \(actor.memberID)")
        }
        let fetched = try await requests.searchRequests(RequestSearch(
            networkIDs: networks, kind: filters.kind, topic: filters.topic, language: filters.language,
            mode: filters.mode, words: words, searcherID: actor.memberID,
            searcherOrganisation: searcher.profile.organisation, afterID: after, limit: size + 1))
        let page = Cursor.page(fetched, size: size, list: "requests") { $0.id.rawValue }
        return Page(items: page.items.map(\.redacted), nextCursor: page.nextCursor)
    }

    /// For each network an agreement in force today links to one of `networks`: the kinds it
    /// covers (merged when several of the searcher's networks have one with it).
    func partnerScopes(of networks: [NetworkID]) async throws -> [PartnerScope] {
        let now = context.now()
        var kinds: [NetworkID: Set<String>] = [:]
        for network in networks {
            for agreement in try await agreementService.inForce(for: network, at: now) {
                kinds[agreement.other(than: network), default: []].formUnion(agreement.terms.kinds)
            }
        }
        return kinds.keys.sorted().map { PartnerScope(networkID: $0, kinds: kinds[$0]!.sorted()) }
    }

    private func validate(_ filters: SearchFilters) throws {
        if let kind = filters.kind { try Validate.supportKindName(kind) }
        if let topic = filters.topic { try Validate.topic(topic, field: "topic") }
        if let language = filters.language { try Validate.language(language, field: "language") }
    }

    private func resolve(_ actor: Actor, _ filters: SearchFilters) async throws -> ([NetworkID], [String]) {
        try validate(filters)
        let words = try Validate.searchWords(filters.text)
        var networks = try await context.access.activeNetworks(actor)
        if let networkID = filters.networkID {
            guard networks.contains(networkID) else { throw ExchangeError.notFound("network \(networkID)") }
            networks = [networkID]
        }
        return (networks, words)
    }
}
