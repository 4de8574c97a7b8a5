import Exchange
import Foundation
import Ledger
import Testing

@Suite struct SearchTests {
    // Proves offer search filters by kind, topic, language, mode and network, finds words in
    // titles and topics (as prefixes) with FTS5, hides paused offers and networks the searcher
    // does not belong to, and refuses a network filter outside the searcher's networks.
    @Test func offerFiltersAndText() async throws {
        let world = try await World()
        defer { world.remove() }
        let a = try await world.network("network-a")
        let b = try await world.network("network-b")
        let searcher = try await world.member("Sam", in: a)
        let nurse = try await world.member("Nia", in: a)
        let outsider = try await world.member("Olu", in: b)
        let coaching = try await world.offer(nurse, in: a, title: "Leadership coaching for new partners", kinds: ["coaching"],
                                             topics: ["leadership"], languages: ["en", "cy"])
        let peer = try await world.offer(nurse, in: a, title: "Talking after difficult shifts", kinds: ["peer_support"],
                                         topics: ["night-shifts", "burnout"], modes: [.phone, .inPerson])
        let paused = try await world.offer(nurse, in: a, title: "Paused coaching", kinds: ["coaching"])
        _ = try await world.domain.offers.setOfferStatus(nurse, paused.id, .paused)
        _ = try await world.offer(outsider, in: b, title: "Leadership coaching elsewhere", kinds: ["coaching"])
        let search = world.domain.search

        func ids(_ filters: SearchFilters) async throws -> [OfferID] {
            try await search.searchOffers(searcher, filters).items.map(\.id)
        }
        #expect(try await ids(SearchFilters()) == [coaching.id, peer.id])
        #expect(try await ids(SearchFilters(kind: "coaching")) == [coaching.id])
        #expect(try await ids(SearchFilters(topic: "burnout")) == [peer.id])
        #expect(try await ids(SearchFilters(language: "cy")) == [coaching.id])
        #expect(try await ids(SearchFilters(mode: .inPerson)) == [peer.id])
        #expect(try await ids(SearchFilters(text: "leader")) == [coaching.id])
        #expect(try await ids(SearchFilters(text: "NIGHT")) == [peer.id])
        #expect(try await ids(SearchFilters(text: "difficult shift")) == [peer.id])
        #expect(try await ids(SearchFilters(text: "leader* \"coaching\" (")) == [coaching.id])
        #expect(try await ids(SearchFilters(kind: "coaching", text: "shifts")) == [])
        #expect(try await ids(SearchFilters(networkID: a.id)) == [coaching.id, peer.id])
        #expect(await refusal { _ = try await search.searchOffers(searcher, SearchFilters(networkID: b.id)) }?.isNotFound == true)
        #expect(await refusal { _ = try await search.searchOffers(searcher, SearchFilters(topic: "Not A Tag")) }?.validationField == "topic")
    }

    // Proves request search never matches words of the private description, matches topics,
    // returns results redacted, and leaves out the searcher's own requests and requests whose
    // exclusions name the searcher or the searcher's organisation.
    @Test func requestSearchRespectsPrivacyAndExclusions() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let supporter = try await world.member("Sue", in: network, organisation: "Hillside Surgery")
        let colleague = try await world.member("Cal", in: network, organisation: "Hillside Surgery")
        let gp = try await world.member("Grace", in: network)
        let visible = try await world.request(gp, in: network, topics: ["menopause"], description: "confidential zebra")
        _ = try await world.request(gp, in: network, topics: ["menopause"], excluded: [supporter.memberID])
        _ = try await world.request(colleague, in: network, topics: ["menopause"], excludeOwnOrganisation: true)
        _ = try await world.request(supporter, in: network, topics: ["menopause"])
        let search = world.domain.search

        let all = try await search.searchRequests(supporter, SearchFilters())
        #expect(all.items.map(\.id) == [visible.id])
        #expect(all.items.first?.details.description == nil)
        #expect(try await search.searchRequests(supporter, SearchFilters(text: "zebra")).items.isEmpty)
        #expect(try await search.searchRequests(supporter, SearchFilters(text: "confidential")).items.isEmpty)
        #expect(try await search.searchRequests(supporter, SearchFilters(text: "meno")).items.map(\.id) == [visible.id])
        #expect(try await search.searchRequests(supporter, SearchFilters(kind: "coaching")).items.isEmpty)
        _ = try await world.domain.requests.withdrawRequest(gp, visible.id)
        #expect(try await search.searchRequests(supporter, SearchFilters()).items.isEmpty)
    }

    // Proves cursor pagination over 23 offers with pages of 5 returns every offer exactly once
    // in order, that an offer added mid-way appears at the end without shifting earlier pages,
    // and that a cursor of another list or a garbled one is refused.
    @Test func paginationHasNoGapsOrRepeats() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let searcher = try await world.member("Sam", in: network)
        let nurse = try await world.member("Nia", in: network)
        var created: [OfferID] = []
        for index in 0..<23 { created.append(try await world.offer(nurse, in: network, title: "Offer \(index)").id) }
        var seen: [OfferID] = []
        var cursor: String?
        var pages = 0
        repeat {
            let page = try await world.domain.search.searchOffers(searcher, SearchFilters(), page: PageRequest(cursor: cursor, size: 5))
            seen += page.items.map(\.id)
            cursor = page.nextCursor
            pages += 1
            if pages == 2 { created.append(try await world.offer(nurse, in: network, title: "Late offer").id) }
        } while cursor != nil && pages < 10
        #expect(seen == created)
        #expect(pages == 5)

        let mine = try await world.domain.offers.myOffers(nurse, page: PageRequest(size: 5))
        let foreign = try #require(mine.nextCursor)
        #expect(await refusal { _ = try await world.domain.search.searchOffers(searcher, SearchFilters(), page: PageRequest(cursor: foreign)) }?.validationField == "cursor")
        #expect(await refusal { _ = try await world.domain.search.searchOffers(searcher, SearchFilters(), page: PageRequest(cursor: "%%%")) }?.validationField == "cursor")
        #expect(await refusal { _ = try await world.domain.search.searchOffers(searcher, SearchFilters(), page: PageRequest(size: 101)) }?.validationField == "pageSize")
    }
}
