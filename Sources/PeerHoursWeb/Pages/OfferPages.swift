import Exchange
import Foundation
import Hummingbird

/// An offer as the pages show it, in a list (a card) or on its own page.
struct OfferSummary: Sendable {
    var href: String
    var title: String
    var kinds: String
    var topics: String?
    var status: String
    var isPaused: Bool
    var capacity: String
    var times: [String]
    var timesNote: String
    var modes: String
    var area: String?
    var languages: String
    var visibility: String
    var networkName: String?

    init(_ offer: Offer, networkName: String?, viewerZone: String, words: Words) {
        let details = offer.details
        href = ListingPaths.offer(offer.id)
        title = details.title
        kinds = ListingWords.list(details.kinds.map { ListingWords.kind($0, words: words) }, words: words)
        topics = details.topics.isEmpty ? nil : ListingWords.topicsText(details.topics)
        status = words["offerStatus_" + offer.status.rawValue]
        isPaused = offer.status == .paused
        capacity = words.format("offerCapacityText", [
            "hours": HoursText.text(minutes: Int64(details.capacityHoursPerMonth) * 60, words: words),
        ])
        times = ListingWords.times(details.availability, from: details.timeZone, in: viewerZone, words: words)
        timesNote = words.format("timesNote", ["zone": viewerZone.replacingOccurrences(of: "_", with: " ")])
        modes = ListingWords.list(details.modes.map { ListingWords.mode($0, words: words) }, words: words)
        area = details.area
        languages = ListingWords.list(details.languages.map { ListingWords.language($0, words: words) }, words: words)
        visibility = words["offerVisibilityText_" + details.visibility.rawValue]
        self.networkName = networkName
    }
}

/// `/support/offers`: the member's own offers, a page at a time.
struct OfferListView: Sendable {
    var offers: [OfferSummary]
    var hasOffers: Bool
    var nextPage: String?
    var newOfferHref = ListingPaths.newOffer

    init(offers: [OfferSummary], nextPage: String?) {
        self.offers = offers
        hasOffers = !offers.isEmpty
        self.nextPage = nextPage
    }
}

/// `/support/offers/{id}`: one offer; its owner may change it, others may ask for a session.
struct OfferPageView: Sendable {
    struct Supporter: Sendable {
        var name: String
        var about: String
        var askHref: String
        var askText: String
    }

    var offer: OfferSummary
    var isOwner: Bool
    var editHref: String
    var statusAction: String
    var statusValue: String
    var statusButton: String
    var statusExplanation: String
    var supporter: Supporter?

    init(offer: Offer, summary: OfferSummary, isOwner: Bool, supporter profile: MemberProfile?, words: Words) {
        self.offer = summary
        self.isOwner = isOwner
        editHref = ListingPaths.editOffer(offer.id)
        statusAction = ListingPaths.offerStatus(offer.id)
        let pausing = offer.status == .active
        statusValue = (pausing ? OfferStatus.paused : OfferStatus.active).rawValue
        statusButton = words[pausing ? "offerPauseButton" : "offerResumeButton"]
        statusExplanation = words[pausing ? "offerPauseExplanation" : "offerResumeExplanation"]
        if !isOwner {
            let name = profile?.displayName ?? words["listingPartnerSupporter"]
            supporter = Supporter(
                name: name,
                about: profile.map { words.format("listingAbout", ["profession": $0.profession, "organisation": $0.organisation]) }
                    ?? "",
                askHref: ListingPaths.askForSession(offer: offer.id), askText: words.format("listingAsk", ["name": name]))
        }
    }
}

struct OfferStatusForm: Decodable, Sendable {
    var status: String?
    var csrf: String?
}

extension WebApp {
    /// Europe/London until members have a time-zone setting.
    var viewerZone: String { ListingWords.defaultTimeZone }

    /// A network's name when `actor` may read it (a partner network's may not be).
    func networkName(_ actor: Actor, of listing: some Listing) async throws -> String? {
        do {
            return try await exchange.networks.network(actor, listing.networkID).name
        } catch ExchangeError.notFound, ExchangeError.forbidden {
            return nil
        }
    }

    func showOffers<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let page = try await listing { try await exchange.offers.myOffers(signedIn.actor, page: pageRequest(request)) }
        let several = try await activeNetworks(signedIn).count > 1
        var summaries: [OfferSummary] = []
        for offer in page.items {
            var name: String?
            if several { name = try await networkName(signedIn.actor, of: offer) }
            summaries.append(OfferSummary(offer, networkName: name, viewerZone: viewerZone, words: visit.words))
        }
        let view = OfferListView(offers: summaries, nextPage: page.nextCursor.map { ListingPaths.nextPage(ListingPaths.offers, cursor: $0) })
        return try await self.page("offers-list", view, visit: visit)
    }

    func showOffer<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request, preparingForms: true)
        let id = OfferID(try pathID(context))
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let offer = try await exchange.offers.offer(signedIn.actor, id)
        let isOwner = offer.supporterID == signedIn.actor.memberID
        var profile: MemberProfile?
        if !isOwner { profile = try await supporterProfile(signedIn.actor, of: offer.id) }
        let network = try await networkName(signedIn.actor, of: offer)
        let summary = OfferSummary(offer, networkName: network, viewerZone: viewerZone, words: visit.words)
        let view = OfferPageView(offer: offer, summary: summary, isOwner: isOwner, supporter: profile, words: visit.words)
        return try await page("offers-show", view, visit: visit)
    }

    func showNewOffer<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let networks = try await activeNetworks(signedIn)
        let kinds = try await exchange.networks.supportKinds(signedIn.actor)
        var values = OfferValues()
        if networks.count == 1 { values.network = String(networks[0].id.rawValue) }
        let view = OfferFormView(action: ListingPaths.newOffer, editing: false, cancelHref: ListingPaths.offers, values: values,
                                 networks: networks, fixedNetwork: nil, kindsInUse: kinds, words: visit.words, errors: FormErrors())
        return try await page("offers-form", view, visit: visit)
    }

    func createOffer<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        let form = try await decodeForm(OfferForm.self, request, context: context)
        try FormProtection.check(request, presentedToken: form.csrf, visit: visit, publicOrigin: configuration.publicOrigin)
        guard let signedIn = visit.signedIn else { throw WebRefusal.forbidden }
        let networks = try await activeNetworks(signedIn)
        let kinds = try await exchange.networks.supportKinds(signedIn.actor)
        let values = OfferValues(form)
        var (network, details, errors, invalidRows) = values.details(networks: networks, kindsInUse: kinds, words: visit.words)
        if let network, let details {
            do {
                let offer = try await exchange.offers.createOffer(signedIn.actor, networkID: network.id, details)
                return redirect(ListingPaths.offer(offer.id), visit: visit)
            } catch ExchangeError.validation(let error) {
                let field = OfferValues.field(forDomainField: error.field)
                errors.add(field, visit.words["offerError_" + field])
            }
        }
        let view = OfferFormView(action: ListingPaths.newOffer, editing: false, cancelHref: ListingPaths.offers, values: values,
                                 networks: networks, fixedNetwork: nil, kindsInUse: kinds, words: visit.words, errors: errors,
                                 invalidRows: invalidRows)
        return try await page("offers-form", view, visit: visit, status: .unprocessableContent)
    }

    /// The offer when the signed-in member is its supporter; another member who may see it is
    /// refused (as the domain refuses them a change), anyone else is told it does not exist.
    private func ownOffer(_ signedIn: Visit.SignedIn, _ id: OfferID) async throws -> Offer {
        let offer = try await exchange.offers.offer(signedIn.actor, id)
        guard offer.supporterID == signedIn.actor.memberID else { throw WebRefusal.forbidden }
        return offer
    }

    func showEditOffer<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        let id = OfferID(try pathID(context))
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let offer = try await ownOffer(signedIn, id)
        let network = try await exchange.networks.network(signedIn.actor, offer.networkID)
        let kinds = try await exchange.networks.supportKinds(signedIn.actor)
        let view = OfferFormView(action: ListingPaths.editOffer(id), editing: true, cancelHref: ListingPaths.offer(id),
                                 values: OfferValues(offer), networks: [network], fixedNetwork: network, kindsInUse: kinds,
                                 words: visit.words, errors: FormErrors())
        return try await page("offers-form", view, visit: visit)
    }

    func updateOffer<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        let form = try await decodeForm(OfferForm.self, request, context: context)
        try FormProtection.check(request, presentedToken: form.csrf, visit: visit, publicOrigin: configuration.publicOrigin)
        let id = OfferID(try pathID(context))
        guard let signedIn = visit.signedIn else { throw WebRefusal.forbidden }
        let offer = try await ownOffer(signedIn, id)
        let network = try await exchange.networks.network(signedIn.actor, offer.networkID)
        let kinds = try await exchange.networks.supportKinds(signedIn.actor)
        var values = OfferValues(form)
        values.network = String(network.id.rawValue)
        var (_, details, errors, invalidRows) = values.details(networks: [network], kindsInUse: kinds, words: visit.words)
        if let details {
            do {
                _ = try await exchange.offers.updateOffer(signedIn.actor, id, details)
                return redirect(ListingPaths.offer(id), visit: visit)
            } catch ExchangeError.validation(let error) {
                let field = OfferValues.field(forDomainField: error.field)
                errors.add(field, visit.words["offerError_" + field])
            }
        }
        let view = OfferFormView(action: ListingPaths.editOffer(id), editing: true, cancelHref: ListingPaths.offer(id),
                                 values: values, networks: [network], fixedNetwork: network, kindsInUse: kinds,
                                 words: visit.words, errors: errors, invalidRows: invalidRows)
        return try await page("offers-form", view, visit: visit, status: .unprocessableContent)
    }

    /// Pauses or resumes the offer (the button on its page); the domain refuses anyone but its supporter.
    func changeOfferStatus<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        let form = try await decodeForm(OfferStatusForm.self, request, context: context)
        try FormProtection.check(request, presentedToken: form.csrf, visit: visit, publicOrigin: configuration.publicOrigin)
        let id = OfferID(try pathID(context))
        guard let signedIn = visit.signedIn else { throw WebRefusal.forbidden }
        guard let status = form.status.flatMap(OfferStatus.init(rawValue:)) else { throw WebRefusal.badRequest }
        _ = try await exchange.offers.setOfferStatus(signedIn.actor, id, status)
        return redirect(ListingPaths.offer(id), visit: visit)
    }
}
