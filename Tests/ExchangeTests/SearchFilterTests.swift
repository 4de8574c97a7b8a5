import Exchange
import Foundation
import Ledger
import Testing

/// `SearchFilters` is the one definition of what a search filter means; the lists of one's own
/// offers and requests apply it before they page, and another supporter's offers are narrowed
/// by the search query.
@Suite struct SearchFilterTests {
    static let offer = Offer(
        id: OfferID(1), supporterID: MemberID(7), networkID: NetworkID(3), details: OfferDetails(
            title: "Coaching", kinds: ["coaching", "peer_support"], topics: ["burnout", "rota"], availability: World.allWeek,
            timeZone: "Europe/London", modes: [.video, .phone], area: nil, languages: ["en", "cy"], capacityHoursPerMonth: 2),
        status: .active, createdAt: Date(timeIntervalSince1970: 0))

    static let request = SupportRequest(
        id: RequestID(1), requesterID: MemberID(8), networkID: NetworkID(3), details: RequestDetails(
            kind: "coaching", topics: ["burnout"], timeZone: "Europe/London", mode: .video, language: "cy"),
        status: .open, createdAt: Date(timeIntervalSince1970: 0))

    /// Proves each filter on an offer is met by any one of the offer's kinds, topics, languages
    /// and modes, and that network and supporter must be equal; an empty filter admits all.
    @Test(arguments: [
        (SearchFilters(), true),
        (SearchFilters(kind: "peer_support"), true), (SearchFilters(kind: "mentoring"), false),
        (SearchFilters(topic: "rota"), true), (SearchFilters(topic: "sleep"), false),
        (SearchFilters(language: "cy"), true), (SearchFilters(language: "fr"), false),
        (SearchFilters(mode: .phone), true), (SearchFilters(mode: .inPerson), false),
        (SearchFilters(networkID: NetworkID(3)), true), (SearchFilters(networkID: NetworkID(4)), false),
        (SearchFilters(supporterID: MemberID(7)), true), (SearchFilters(supporterID: MemberID(8)), false),
    ])
    func offerFilters(filters: SearchFilters, admitted: Bool) {
        #expect(filters.admits(Self.offer) == admitted)
    }

    /// Proves a request's kind, language and mode must equal the filter's, its topics hold the
    /// topic, and its network is the one asked for; a supporter filter does not apply to a
    /// request (its lister is the requester, not a supporter).
    @Test(arguments: [
        (SearchFilters(), true),
        (SearchFilters(kind: "coaching"), true), (SearchFilters(kind: "peer_support"), false),
        (SearchFilters(topic: "burnout"), true), (SearchFilters(topic: "rota"), false),
        (SearchFilters(language: "cy"), true), (SearchFilters(language: "en"), false),
        (SearchFilters(mode: .video), true), (SearchFilters(mode: .phone), false),
        (SearchFilters(networkID: NetworkID(3)), true), (SearchFilters(networkID: NetworkID(4)), false),
        (SearchFilters(supporterID: MemberID(8)), true), (SearchFilters(supporterID: MemberID(99)), true),
    ])
    func requestFilters(filters: SearchFilters, admitted: Bool) {
        #expect(filters.admits(Self.request) == admitted)
    }

    /// Proves one's own offers narrowed by a filter come in full pages: of video, phone, video,
    /// phone, video offers, pages of two video ones hold two, then one, with a cursor only
    /// between them; a text is refused (own lists are not searched by words).
    @Test func ownOffersFilteredFillThePage() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let nurse = try await world.member("Nia", in: network)
        var video: [OfferID] = []
        for (index, mode) in [SessionMode.video, .phone, .video, .phone, .video].enumerated() {
            let offer = try await world.offer(nurse, in: network, title: "Offer \(index)", modes: [mode])
            if mode == .video { video.append(offer.id) }
        }
        let offers = world.domain.offers
        let first = try await offers.myOffers(nurse, SearchFilters(mode: .video), page: PageRequest(size: 2))
        #expect(first.items.map(\.id) == Array(video.prefix(2)))
        let second = try await offers.myOffers(nurse, SearchFilters(mode: .video), page: PageRequest(cursor: first.nextCursor, size: 2))
        #expect(second.items.map(\.id) == [video[2]])
        #expect(second.nextCursor == nil)
        #expect(await refusal { _ = try await offers.myOffers(nurse, SearchFilters(text: "nights")) }?.validationField == "text")
    }

    /// Proves one's own requests narrowed by a filter come in full pages: of three requests of
    /// kinds coaching, peer support, coaching, a page of two coaching ones holds both, no cursor.
    @Test func ownRequestsFilteredFillThePage() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        _ = try await world.domain.networks.addSupportKind(world.admin, "coaching")
        let gp = try await world.member("Gus", in: network)
        var coaching: [RequestID] = []
        for kind in ["coaching", "peer_support", "coaching"] {
            let request = try await world.request(gp, in: network, kind: kind)
            if kind == "coaching" { coaching.append(request.id) }
        }
        let page = try await world.domain.requests.myRequests(gp, SearchFilters(kind: "coaching"), page: PageRequest(size: 2))
        #expect(page.items.map(\.id) == coaching)
        #expect(page.nextCursor == nil)
    }

    /// Proves another supporter's offers are narrowed in the search query: with the other
    /// supporter's offers after two of someone else's, a page of two holds both of theirs.
    @Test func anotherSupportersOffersFillThePage() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let first = try await world.member("Fay", in: network)
        let second = try await world.member("Sam", in: network)
        let searcher = try await world.member("Rita", in: network)
        for _ in 0..<2 { _ = try await world.offer(first, in: network) }
        let theirs = [try await world.offer(second, in: network).id, try await world.offer(second, in: network).id]
        let page = try await world.domain.search.searchOffers(
            searcher, SearchFilters(supporterID: second.memberID), page: PageRequest(size: 2))
        #expect(page.items.map(\.id) == theirs)
        #expect(page.nextCursor == nil)
    }
}
