import Foundation
import Ledger
import Logging

/// What an offer and a request really share: a member's listing in one network, described by
/// the facets a searcher filters on. An offer lists several kinds, languages and modes; a request
/// names one of each — `facets` puts both in one shape, so a filter means the same for both.
public protocol Listing: Sendable {
    /// The member who listed it: the offer's supporter, the request's requester.
    var listedBy: MemberID { get }
    var networkID: NetworkID { get }
    var facets: ListingFacets { get }
    /// Its position in id order, for cursors.
    var position: Int64 { get }
    /// Whether the lister is a supporter (an offer): only then does a `supporterID` filter apply.
    static var listedBySupporter: Bool { get }
}

/// A listing's searchable facets: it has a facet when the value is among these.
public struct ListingFacets: Sendable, Hashable {
    public var kinds: [String]
    public var topics: [String]
    public var languages: [String]
    public var modes: [SessionMode]
}

extension Offer: Listing {
    public static var listedBySupporter: Bool { true }
    public var listedBy: MemberID { supporterID }
    public var position: Int64 { id.rawValue }
    public var facets: ListingFacets {
        ListingFacets(kinds: details.kinds, topics: details.topics, languages: details.languages, modes: details.modes)
    }
}

extension SupportRequest: Listing {
    public static var listedBySupporter: Bool { false }
    public var listedBy: MemberID { requesterID }
    public var position: Int64 { id.rawValue }
    public var facets: ListingFacets {
        ListingFacets(kinds: [details.kind], topics: details.topics, languages: [details.language], modes: [details.mode])
    }
}

/// The steps every listing takes alike: a keyed creation by an active member, validated against
/// the vocabulary of support kinds, and the lister's own list narrowed by filters.
struct ListingSteps: Sendable {
    let context: ServiceContext
    let supportKinds: any SupportKindRepository

    /// Creates a listing in `networkID` for `actor`: a retry of a keyed creation answers what the
    /// first attempt created (`load`), before any rule is checked; otherwise the actor must be an
    /// active member there and `validate` must pass against the kinds in use.
    func create<Item: Listing>(
        _ actor: Actor, _ resource: KeyedResource, networkID: NetworkID,
        load: (Int64) async throws -> Item,
        validate: ([String]) throws -> Void,
        insert: (_ now: Date, _ keyed: KeyedCreation?) async throws -> Item
    ) async throws -> Item {
        if let earlier = try await context.earlierCreation(actor, resource) { return try await load(earlier) }
        _ = try await context.access.requireActiveMember(actor, in: networkID)
        try validate(try await supportKinds.supportKinds())
        let now = context.now()
        let item = try await insert(now, context.creationRecord(actor, resource, at: now))
        context.logger.info("\(resource.rawValue) created",
                            metadata: ["\(resource.rawValue)": "\(item.position)", "network": "\(networkID)"])
        return item
    }

    /// The actor's own listings in every status, in id order, narrowed by `filters` (not by
    /// words: a text is refused); a page is full whenever that many more match.
    func mine<Item: Listing>(
        _ filters: SearchFilters, page: PageRequest, list: String,
        fetch: (_ afterPosition: Int64?, _ limit: Int) async throws -> [Item]
    ) async throws -> Page<Item> {
        try filters.requireNoText()
        return try await Cursor.filledPage(
            page, list: list, position: { (item: Item) in item.position }, fetch: fetch, admits: { filters.admits($0) })
    }
}
