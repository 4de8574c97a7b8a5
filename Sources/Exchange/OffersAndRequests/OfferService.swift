import Foundation
import Ledger

/// Offers of support: created, changed, paused and resumed by their supporter.
public final class OfferService: Sendable {
    let context: ServiceContext
    let searchService: SearchService
    let memberships: any MembershipRepository
    let offers: any OfferRepository
    let supportKinds: any SupportKindRepository
    let members: any MemberRepository

    init(context: ServiceContext, searchService: SearchService, memberships: any MembershipRepository,
         offers: any OfferRepository, supportKinds: any SupportKindRepository, members: any MemberRepository) {
        self.members = members
        self.context = context
        self.searchService = searchService
        self.memberships = memberships
        self.offers = offers
        self.supportKinds = supportKinds
    }

    private var listing: ListingSteps { ListingSteps(context: context, supportKinds: supportKinds) }

    /// An active member of the network offers support there. A retry of a keyed creation
    /// answers the offer the first attempt created.
    public func createOffer(_ actor: Actor, networkID: NetworkID, _ details: OfferDetails) async throws -> Offer {
        try await listing.create(
            actor, .offer, networkID: networkID, load: { try await load(OfferID($0)) },
            validate: { try Validate.offer(details, vocabulary: $0) },
            insert: { now, keyed in
                try await offers.insertOffer(supporterID: actor.memberID, networkID: networkID, details: details, at: now,
                                             keyed: keyed)
            })
    }

    /// Anyone with a membership of the offer's network.
    /// The supporter, members of the offer's network, and — for an active offer visible to
    /// partners — active members of a network whose agreement in force with it covers one of
    /// its kinds (as search shows it to them); anyone else is told it does not exist.
    public func offer(_ actor: Actor, _ id: OfferID) async throws -> Offer {
        let offer = try await load(id)
        if offer.supporterID == actor.memberID { return offer }
        if try await memberships.membership(memberID: actor.memberID, networkID: offer.networkID) != nil { return offer }
        if offer.status == .active, offer.details.visibility == .partners {
            let networks = try await context.access.activeNetworks(actor)
            let scopes = try await searchService.partnerScopes(of: networks)
            if scopes.contains(where: { $0.networkID == offer.networkID && !Set($0.kinds).isDisjoint(with: offer.details.kinds) }) {
                return offer
            }
        }
        throw ExchangeError.notFound("network \(offer.networkID)")
    }

    /// Who gives the support an offer the actor can see (a partner network's offer included):
    /// the same refusal as `offer(_:_:)` otherwise.
    public func supporter(_ actor: Actor, of id: OfferID) async throws -> Member {
        let offer = try await offer(actor, id)
        guard let member = try await members.member(offer.supporterID) else { throw ExchangeError.notFound("offer \(id)") }
        return member
    }

    public func updateOffer(_ actor: Actor, _ id: OfferID, _ details: OfferDetails) async throws -> Offer {
        var offer = try await owned(actor, id)
        try Validate.offer(details, vocabulary: try await supportKinds.supportKinds())
        offer.details = details
        try await offers.updateOffer(offer)
        return offer
    }

    /// Pauses (`paused`) or resumes (`active`) an offer; paused offers are not found by search.
    public func setOfferStatus(_ actor: Actor, _ id: OfferID, _ status: OfferStatus) async throws -> Offer {
        var offer = try await owned(actor, id)
        offer.status = status
        try await offers.updateOffer(offer)
        return offer
    }

    /// One's own offers in every status, in id order, narrowed by `filters` (not by words: a
    /// text is refused); a page is full whenever that many more match.
    public func myOffers(_ actor: Actor, _ filters: SearchFilters = SearchFilters(),
                         page: PageRequest = PageRequest()) async throws -> Page<Offer> {
        try await listing.mine(filters, page: page, list: "my-offers") { after, limit in
            try await offers.offers(supporterID: actor.memberID, afterID: after.map { OfferID($0) }, limit: limit)
        }
    }

    private func load(_ id: OfferID) async throws -> Offer {
        guard let offer = try await offers.offer(id) else { throw ExchangeError.notFound("offer \(id)") }
        return offer
    }

    /// The offer when the actor is its supporter and still an active member of its network.
    private func owned(_ actor: Actor, _ id: OfferID) async throws -> Offer {
        let offer = try await load(id)
        guard offer.supporterID == actor.memberID else {
            _ = try await context.access.membership(actor, in: offer.networkID)
            throw ExchangeError.forbidden("only the offer's supporter may change it")
        }
        _ = try await context.access.requireActiveMember(actor, in: offer.networkID)
        return offer
    }
}
