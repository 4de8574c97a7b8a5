import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import PeerHoursWeb
import Testing

@Suite struct SearchPageTests {
    // Proves the search shows active offers of the member's networks as cards (who, their
    // profession and organisation, when they are free, languages, how), each with a link to ask
    // for a session; filters narrow it; paused offers and other networks' offers are not found.
    @Test func findingSupport() async throws {
        let world = try await ListingsWorld.make()
        let domain = world.fixture.domain
        let coaching = try await domain.offers.createOffer(world.ben, networkID: world.north.id, ListingsWorld.offerDetails())
        let mentoring = try await domain.offers.createOffer(
            world.ben, networkID: world.north.id,
            ListingsWorld.offerDetails(title: "Mentoring <new> leads", kinds: ["mentoring"], topics: ["leadership"], modes: [.phone],
                                       languages: ["cy"]))
        let paused = try await domain.offers.createOffer(world.ben, networkID: world.north.id,
                                                         ListingsWorld.offerDetails(title: "Paused offer"))
        _ = try await domain.offers.setOfferStatus(world.ben, paused.id, .paused)
        _ = try await domain.offers.createOffer(world.carol, networkID: world.south.id, ListingsWorld.offerDetails(title: "Southern coaching"))
        let own = try await domain.offers.createOffer(world.amina, networkID: world.north.id, ListingsWorld.offerDetails(title: "My own"))
        try await world.test(as: ListingsWorld.aminaEmail) { browser, _ in
            let all = try await browser.get("/search")
            #expect(all.status == .ok)
            #expect(all.html.contains("Ben Brown") && all.html.contains("Practice nurse at Riverside Surgery"))
            #expect(all.html.contains(#"href="/sessions/new?offer=\#(coaching.id.rawValue)">Ask Ben Brown for a session"#))
            #expect(all.html.contains("Tuesday, 18:00 to 20:00") && all.html.contains("Video call"))
            #expect(all.html.contains("Mentoring &lt;new&gt; leads") && !all.html.contains("Mentoring <new>"))
            #expect(!all.html.contains("Paused offer") && !all.html.contains("Southern coaching"))
            #expect(all.html.contains("Your own offer") && !all.html.contains("/sessions/new?offer=\(own.id.rawValue)"))

            let filtered = try await browser.get("/search?kind=mentoring&language=cy&mode=phone&topic=Leadership")
            #expect(filtered.status == .ok && filtered.html.contains("/sessions/new?offer=\(mentoring.id.rawValue)"))
            #expect(!filtered.html.contains("/sessions/new?offer=\(coaching.id.rawValue)"))
            #expect(filtered.html.contains(#"<option value="mentoring" selected>"#) && filtered.html.contains(#"value="Leadership""#))
            let words = try await browser.get("/search?q=coach")
            #expect(words.html.contains("/sessions/new?offer=\(coaching.id.rawValue)") && !words.html.contains("Mentoring &lt;new"))
            let none = try await browser.get("/search?kind=career_guidance")
            #expect(none.status == .ok && none.html.contains("No offers match."))
        }
    }

    // Proves typed mistakes are shown at their field (422) and forged values are 400 pages.
    @Test func searchMistakesAndForgedValues() async throws {
        let world = try await ListingsWorld.make()
        try await world.test(as: ListingsWorld.aminaEmail) { browser, _ in
            let topic = try await browser.get("/search?topic=%3Cscript%3E")
            #expect(topic.status == .unprocessableContent && topic.summaryLinks(to: "topic"))
            #expect(topic.html.contains(#"value="&lt;script&gt;""#))
            let text = try await browser.get("/search?q=" + Array(repeating: "word", count: 9).joined(separator: "+"))
            #expect(text.status == .unprocessableContent && text.summaryLinks(to: "q"))
            for query in ["kind=juggling", "mode=telepathy", "language=Klingon!", "cursor=forged"] {
                #expect(try await browser.get("/search?" + query).status == .badRequest, "\(query)")
            }
        }
    }

    // Proves the next page keeps the filters.
    @Test func resultsArePagedWithTheirFilters() async throws {
        let world = try await ListingsWorld.make()
        for number in 1...21 {
            _ = try await world.fixture.domain.offers.createOffer(
                world.ben, networkID: world.north.id, ListingsWorld.offerDetails(title: "Coaching number \(number)"))
        }
        try await world.test(as: ListingsWorld.aminaEmail) { browser, _ in
            let first = try await browser.get("/search?kind=coaching")
            let next = try #require(PageResponse.firstMatch(#"<a href="([^"]*)">Next page</a>"#, in: first.html))
            #expect(next.hasPrefix("/search?kind=coaching&amp;cursor="))
            let second = try await browser.get(next.replacingOccurrences(of: "&amp;", with: "&"))
            #expect(second.status == .ok && second.html.contains("Coaching number 21”"))
        }
    }
}

@Suite struct SuggestionsPageTests {
    // Proves the suggestions for a request are ranked cards with reasons in words (shared
    // times in the request's zone, language, topics) and never the matcher's numbers; each
    // links to ask for a session on the request; on request, why others near the top were left out.
    @Test func suggestionsWithReasonsAndExclusions() async throws {
        let world = try await ListingsWorld.make()
        let domain = world.fixture.domain
        let offer = try await domain.offers.createOffer(world.ben, networkID: world.north.id, ListingsWorld.offerDetails())
        _ = try await domain.offers.createOffer(world.amina, networkID: world.north.id, ListingsWorld.offerDetails(title: "Mine"))
        let request = try await domain.requests.createRequest(world.amina, networkID: world.north.id, ListingsWorld.requestDetails())
        let path = "/support/requests/\(request.id.rawValue)/suggestions"
        try await world.test(as: ListingsWorld.aminaEmail) { browser, _ in
            let page = try await browser.get(path)
            #expect(page.status == .ok)
            #expect(page.html.contains("Ben Brown") && page.html.contains("Suggestion 1"))
            #expect(page.html.contains("free when you are: Tuesday, 18:00 to 20:00"))
            #expect(page.html.contains("speaks English") && page.html.contains("shares ‘burnout’"))
            #expect(page.html.contains(
                #"href="/sessions/new?offer=\#(offer.id.rawValue)&amp;request=\#(request.id.rawValue)">Ask Ben Brown for a session"#))
            #expect(!page.html.contains("topicOverlap") && !page.html.contains("score"))
            #expect(page.html.contains(#"href="\#(path)?explain=1#left-out""#))
            let explained = try await browser.get(path + "?explain=1")
            #expect(explained.status == .ok)
            #expect(explained.html.contains("<strong>Your own offer</strong>: this is your own offer"))
        }
    }

    // Proves a request that asks for someone from elsewhere leaves out colleagues of the same
    // organisation, and says so in words when asked.
    @Test func leftOutForTheOrganisation() async throws {
        let world = try await ListingsWorld.make()
        let domain = world.fixture.domain
        _ = try await domain.offers.createOffer(world.ben, networkID: world.north.id, ListingsWorld.offerDetails())
        var details = ListingsWorld.requestDetails()
        details.excludeOwnOrganisation = true
        let request = try await domain.requests.createRequest(world.amina, networkID: world.north.id, details)
        try await world.test(as: ListingsWorld.aminaEmail) { browser, _ in
            let page = try await browser.get("/support/requests/\(request.id.rawValue)/suggestions?explain=1")
            #expect(page.status == .ok && page.html.contains("Nobody can be suggested for this request at the moment."))
            #expect(page.html.contains("<strong>Ben Brown</strong>: works in your organisation, and you asked for someone from elsewhere"))
        }
    }

    // Proves only the requester (and the network's coordinators, as the API allows) see the
    // suggestions: another member is told the request does not exist; a withdrawn request says
    // nobody is suggested.
    @Test func onlyTheRequesterSeesSuggestions() async throws {
        let world = try await ListingsWorld.make()
        let request = try await world.fixture.domain.requests.createRequest(world.amina, networkID: world.north.id,
                                                                            ListingsWorld.requestDetails())
        let path = "/support/requests/\(request.id.rawValue)/suggestions"
        for email in [ListingsWorld.benEmail, ListingsWorld.carolEmail] {
            try await world.test(as: email) { browser, _ in
                let answer = try await browser.get(path)
                #expect(answer.status == .notFound)
            }
        }
        _ = try await world.fixture.domain.requests.withdrawRequest(world.amina, request.id)
        try await world.test(as: ListingsWorld.aminaEmail) { browser, _ in
            let page = try await browser.get(path)
            #expect(page.status == .ok && page.html.contains("This request is no longer open, so nobody is suggested for it."))
        }
    }
}

@Suite struct ListingWordsTests {
    // Proves every key the listings pages build from parts is in the en-GB catalogue.
    @Test func everyBuiltKeyIsInTheCatalogue() throws {
        let catalogue = try MessageCatalogues.load(directories: [WordsTests.shippedCatalogues]).defaultWords.messages
        var keys: [String] = []
        keys += ["coaching", "mentoring", "peer_support", "reflective_practice", "career_guidance"].map { "kind_" + $0 }
        keys += SessionMode.allCases.map { "mode_" + $0.rawValue }
        keys += (1...7).map { "weekday_\($0)" }
        keys += OfferStatus.allCases.map { "offerStatus_" + $0.rawValue }
        keys += RequestStatus.allCases.map { "requestStatus_" + $0.rawValue }
        keys += OfferVisibility.allCases.flatMap { ["offerVisibilityOption_" + $0.rawValue, "offerVisibilityText_" + $0.rawValue] }
        keys += ["capacity", "self", "excludedMember", "ownOrganisation", "kind", "language", "mode", "visibility", "blockedPair",
                 "disputedPair", "availability"].map { "exclusion_" + $0 }
        let offerFields = ["title", "kinds[0]", "topics[1]", "availability[2].endMinute", "timeZone", "modes", "area", "languages[0]",
                           "capacityHoursPerMonth", "visibility", "unknown"]
        keys += offerFields.map { "offerError_" + OfferValues.field(forDomainField: $0) }
        let requestFields = ["kind", "topics[0]", "preferredWindows[1].weekday", "timeZone", "mode", "area", "language",
                             "durationMinutes", "description", "excludedMemberIDs[0]"]
        keys += requestFields.map { "requestError_" + RequestValues.field(forDomainField: $0) }
        keys += ["offerTitle", "offerTopics", "listingArea", "offerOtherLanguages", "offerCapacity", "requestTopics",
                 "requestDescription", "searchTopic", "searchText"].map { $0 + "Label" }
        keys += ["listingNetwork", "offerVisibility", "requestKind", "requestMode", "requestDuration"].map { $0 + "Legend" }
        // Keys chosen by a condition.
        keys += ["requestDescriptionHeading", "requestDescriptionHeadingOther", "offerEditHeading", "offerNewHeading",
                 "offerSaveButton", "offerCreateButton", "offerPauseButton", "offerResumeButton", "offerPauseExplanation",
                 "offerResumeExplanation", "searchCount", "searchCountMore", "listingError_noNetwork", "listingError_network"]
        let missing = keys.filter { catalogue[$0] == nil }
        #expect(missing.isEmpty, "missing from en-GB: \(missing)")
        // A kind added after the catalogue still reads as words.
        let words = try MessageCatalogues.load(directories: [WordsTests.shippedCatalogues]).defaultWords
        #expect(ListingWords.kind("group_reflection", words: words) == "Group reflection")
    }

    // Proves times are read as people type them, and windows move to another zone by the
    // clock of the week they fall in, splitting at midnight.
    @Test func timesAndZones() {
        #expect(ListingWords.minute("9") == 540 && ListingWords.minute("09:30") == 570 && ListingWords.minute("9.30") == 570)
        #expect(ListingWords.minute("0930") == 570 && ListingWords.minute("24:00") == 1440)
        #expect(ListingWords.minute("24:01") == nil && ListingWords.minute("teatime") == nil && ListingWords.minute("9:5") == nil)
        #expect(ListingWords.minute("１２:00") == nil)
        let summer = Date(timeIntervalSince1970: 1_782_000_000) // June 2026
        let moved = ListingWords.convert([AvailabilityWindow(weekday: 1, startMinute: 23 * 60, endMinute: 24 * 60)],
                                         from: "Europe/London", to: "Europe/Paris", now: summer)
        #expect(moved == [AvailabilityWindow(weekday: 2, startMinute: 0, endMinute: 60)])
        let split = ListingWords.convert([AvailabilityWindow(weekday: 7, startMinute: 22 * 60, endMinute: 24 * 60)],
                                         from: "Europe/London", to: "Europe/Paris", now: summer)
        #expect(split == [AvailabilityWindow(weekday: 7, startMinute: 23 * 60, endMinute: 1440),
                          AvailabilityWindow(weekday: 1, startMinute: 0, endMinute: 60)])
        #expect(ListingWords.topics(" Burnout ,Return  to work,, burnout") == ["burnout", "return-to-work"])
    }
}
