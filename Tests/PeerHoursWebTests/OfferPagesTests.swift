import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import PeerHoursWeb
import Testing

@Suite struct OfferPagesTests {
    static func validFields(_ csrf: String, title: String = "Coaching for GPs") -> [(String, String)] {
        [("csrf", csrf), ("title", title), ("kinds[]", "coaching"), ("kinds[]", "peer_support"),
         ("topics", "Burnout, Return to work"), ("from[d1]", "09:00"), ("to[d1]", "12:00"), ("from[d3]", "18:00"),
         ("to[d3]", "20:30"), ("from[d5]", ""), ("to[d5]", ""), ("timeZone", "Europe/London"), ("modes[]", "video"),
         ("modes[]", "phone"), ("area", ""), ("languages[]", "en"), ("otherLanguages", "ml"), ("capacity", "4"),
         ("visibility", "partners")]
    }

    // Proves the empty list says so in words, and that the form creates the offer the member
    // typed (times, topics, languages as the domain keeps them), then shows it on its page and
    // in the list.
    @Test func offeringSupportThroughTheForm() async throws {
        let world = try await ListingsWorld.make()
        try await world.test(as: ListingsWorld.aminaEmail) { browser, _ in
            let empty = try await browser.get("/support/offers")
            #expect(empty.status == .ok && empty.html.contains("You have not offered support yet."))
            #expect(empty.html.contains(#"href="/support/offers/new""#))
            let form = try await browser.get("/support/offers/new")
            #expect(form.status == .ok)
            #expect(form.html.contains(#"name="kinds[]" type="checkbox" value="coaching""#))
            #expect(form.html.contains(#"name="from[d1]" type="time""#) && form.html.contains(#"name="to[d7]" type="time""#))
            #expect(form.html.contains(#"<option value="Europe/London" selected>"#))
            #expect(form.html.contains(#"type="hidden" name="network" value="\#(world.north.id.rawValue)""#))
            let created = try await browser.post("/support/offers/new", Self.validFields(form.csrfToken ?? ""))
            #expect(created.status == .seeOther)
            let offers = try await world.fixture.domain.offers.myOffers(world.amina).items
            let offer = try #require(offers.first)
            #expect(created.location == "/support/offers/\(offer.id.rawValue)")
            #expect(offer.details.kinds == ["coaching", "peer_support"] && offer.details.topics == ["burnout", "return-to-work"])
            #expect(offer.details.availability == [AvailabilityWindow(weekday: 1, startMinute: 540, endMinute: 720),
                                                   AvailabilityWindow(weekday: 3, startMinute: 1080, endMinute: 1230)])
            #expect(offer.details.languages == ["en", "ml"] && offer.details.modes == [.video, .phone])
            #expect(offer.details.capacityHoursPerMonth == 4 && offer.details.visibility == .partners && offer.networkID == world.north.id)
            let page = try await browser.get(created.location ?? "")
            #expect(page.status == .ok)
            #expect(page.html.contains("<h1>Coaching for GPs</h1>") && page.html.contains("Coaching and Peer support"))
            #expect(page.html.contains("Monday, 09:00 to 12:00") && page.html.contains("Wednesday, 18:00 to 20:30"))
            #expect(page.html.contains("Up to 4 h a month") && page.html.contains("English and Malayalam"))
            #expect(page.html.contains("Pause this offer") && page.html.contains("Open to requests"))
            let list = try await browser.get("/support/offers")
            #expect(list.html.contains(#"<a href="/support/offers/\#(offer.id.rawValue)">Coaching for GPs</a>"#))
        }
    }

    // Proves every mistake comes back at once (422) at its field and in the summary, with what
    // was typed kept (escaped), and nothing is created.
    @Test func formMistakesAreShownAtTheirFields() async throws {
        let world = try await ListingsWorld.make()
        try await world.test(as: ListingsWorld.aminaEmail) { browser, _ in
            let csrf = try await browser.get("/support/offers/new").csrfToken ?? ""
            let empty = try await browser.post("/support/offers/new", [("csrf", csrf), ("title", "<script>x</script>")])
            #expect(empty.status == .unprocessableContent)
            #expect(empty.html.contains("<title>Error: Offer support"))
            for field in ["kinds", "availability", "modes", "capacity"] { #expect(empty.summaryLinks(to: field), "\(field)") }
            #expect(!empty.summaryLinks(to: "title"))
            #expect(empty.html.contains("value=\"&lt;script&gt;x&lt;/script&gt;\"") && !empty.html.contains("<script>x"))

            var fields = Self.validFields(csrf, title: String(repeating: "a", count: 5000))
            fields = fields.map { $0.0 == "to[d1]" ? ("to[d1]", "08:00") : $0 }
            fields = fields.map { $0.0 == "capacity" ? ("capacity", "41") : $0 }
            fields = fields.map { $0.0 == "topics" ? ("topics", "ok, x") : $0 }
            fields += [("modes[]", "in_person"), ("from[d6]", "9"), ("to[d6]", "")]
            let wrong = try await browser.post("/support/offers/new", fields)
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.html.contains("Enter a short title, up to 120 characters"))
            #expect(wrong.html.contains("The end time on Monday must be after the start time"))
            #expect(wrong.html.contains("Enter where you could meet in person"))
            #expect(wrong.html.contains("Enter the hours you can give each month as a whole number from 1 to 40"))
            #expect(wrong.html.contains("Enter up to 10 topics"))
            #expect(wrong.html.contains(#"aria-describedby="field-capacity-hint field-capacity-error""#))
            #expect(wrong.html.contains(#"value="ok, x""#) && wrong.html.contains(#"value="in_person" checked"#))

            let unknown = try await browser.post("/support/offers/new",
                                                 Self.validFields(csrf) + [("kinds[]", "juggling"), ("languages[]", "xx")])
            #expect(unknown.status == .unprocessableContent && unknown.summaryLinks(to: "kinds") && unknown.summaryLinks(to: "languages"))
            let badTimes = try await browser.post("/support/offers/new",
                                                  Self.validFields(csrf).map { $0.0 == "from[d3]" ? ("from[d3]", "teatime") : $0 })
            #expect(badTimes.html.contains("Enter the times on Wednesday like 09:00 or 17:30"))
            let badZone = try await browser.post("/support/offers/new",
                                                 Self.validFields(csrf).map { $0.0 == "timeZone" ? ("timeZone", "Mars/Olympus") : $0 })
            #expect(badZone.status == .unprocessableContent && badZone.summaryLinks(to: "timeZone"))
            #expect(try await world.fixture.domain.offers.myOffers(world.amina).items.isEmpty)
        }
    }

    // Proves a form without its token, with a wrong one, or from another origin is refused and
    // creates or changes nothing; signed out, the pages send to sign-in and the posts are refused.
    @Test func formsAreProtected() async throws {
        let world = try await ListingsWorld.make()
        let offer = try await world.fixture.domain.offers.createOffer(world.amina, networkID: world.north.id, ListingsWorld.offerDetails())
        try await world.test(as: ListingsWorld.aminaEmail) { browser, client in
            let noToken = try await browser.post("/support/offers/new", Array(Self.validFields("").dropFirst()))
            #expect(noToken.status == .forbidden)
            let wrong = try await browser.post("/support/offers/new", Self.validFields("wrong"))
            #expect(wrong.status == .forbidden)
            let csrf = try await browser.get("/support/offers/new").csrfToken ?? ""
            let elsewhere = try await browser.post("/support/offers/new", Self.validFields(csrf), origin: "https://evil.example")
            #expect(elsewhere.status == .forbidden)
            #expect(try await browser.post("/support/offers/\(offer.id.rawValue)/status", [("status", "paused")]).status == .forbidden)
            #expect(try await browser.post("/support/offers/\(offer.id.rawValue)/edit", Self.validFields("bad", title: "Changed")).status
                == .forbidden)
            #expect(try await world.fixture.domain.offers.myOffers(world.amina).items.map(\.details) == [offer.details])

            var visitor = Browser(client)
            for path in ["/support/offers", "/support/offers/new", "/support/offers/\(offer.id.rawValue)",
                         "/support/offers/\(offer.id.rawValue)/edit"] {
                let answer = try await visitor.get(path)
                #expect(answer.status == .seeOther && answer.location == "/sign-in", "\(path)")
            }
            #expect(try await visitor.post("/support/offers/new", Self.validFields(csrf)).status == .forbidden)
            #expect(try await visitor.post("/support/offers/\(offer.id.rawValue)/status", [("csrf", csrf), ("status", "paused")]).status
                == .forbidden)
            #expect(try await world.fixture.domain.offers.myOffers(world.amina).items.map(\.details) == [offer.details])
        }
    }

    // Proves the owner edits the offer through the same form, prefilled, and pauses and
    // resumes it with the button on its page.
    @Test func editingPausingAndResuming() async throws {
        let world = try await ListingsWorld.make()
        let offer = try await world.fixture.domain.offers.createOffer(world.amina, networkID: world.north.id, ListingsWorld.offerDetails())
        let path = "/support/offers/\(offer.id.rawValue)"
        try await world.test(as: ListingsWorld.aminaEmail) { browser, _ in
            let form = try await browser.get(path + "/edit")
            #expect(form.status == .ok)
            #expect(form.html.contains(#"value="Coaching for GPs""#) && form.html.contains(#"value="coaching" checked"#))
            #expect(form.html.contains(#"name="from[d2]" type="time" value="18:00""#) && form.html.contains(#"value="burnout""#))
            #expect(form.html.contains("Network: <strong>Network north</strong>"))
            let csrf = form.csrfToken ?? ""
            let mistake = try await browser.post(path + "/edit", [("csrf", csrf), ("title", "")])
            #expect(mistake.status == .unprocessableContent && mistake.summaryLinks(to: "title"))
            let saved = try await browser.post(path + "/edit", Self.validFields(csrf, title: "Peer support after nights"))
            #expect(saved.status == .seeOther && saved.location == path)
            #expect(try await world.fixture.domain.offers.offer(world.amina, offer.id).details.title == "Peer support after nights")

            let page = try await browser.get(path)
            #expect(page.html.contains(#"<input type="hidden" name="status" value="paused">"#))
            let paused = try await browser.post(path + "/status", [("csrf", page.csrfToken ?? ""), ("status", "paused")])
            #expect(paused.status == .seeOther && paused.location == path)
            #expect(try await world.fixture.domain.offers.offer(world.amina, offer.id).status == .paused)
            let pausedPage = try await browser.get(path)
            #expect(pausedPage.html.contains("Resume this offer") && pausedPage.html.contains("Paused"))
            _ = try await browser.post(path + "/status", [("csrf", csrf), ("status", "active")])
            #expect(try await world.fixture.domain.offers.offer(world.amina, offer.id).status == .active)
            #expect(try await browser.post(path + "/status", [("csrf", csrf), ("status", "deleted")]).status == .badRequest)
        }
    }

    // Proves another member of the network sees the offer as a searcher does (with whom to
    // ask) but may not change it (403, as the API answers), and a member of another network is
    // told it does not exist (404); nothing changes.
    @Test func othersMayNotChangeAnOffer() async throws {
        let world = try await ListingsWorld.make()
        let offer = try await world.fixture.domain.offers.createOffer(world.amina, networkID: world.north.id, ListingsWorld.offerDetails())
        let path = "/support/offers/\(offer.id.rawValue)"
        try await world.test(as: ListingsWorld.benEmail) { browser, _ in
            let page = try await browser.get(path)
            #expect(page.status == .ok)
            #expect(page.html.contains("Amina Rahman") && page.html.contains("Practice nurse at Riverside Surgery"))
            #expect(page.html.contains(#"href="/sessions/new?offer=\#(offer.id.rawValue)">Ask Amina Rahman for a session"#))
            #expect(!page.html.contains("Pause this offer") && !page.html.contains("/edit"))
            let csrf = page.csrfToken ?? ""
            #expect(try await browser.get(path + "/edit").status == .forbidden)
            #expect(try await browser.post(path + "/edit", OfferPagesTests.validFields(csrf, title: "Mine now")).status == .forbidden)
            #expect(try await browser.post(path + "/status", [("csrf", csrf), ("status", "paused")]).status == .forbidden)
        }
        try await world.test(as: ListingsWorld.carolEmail) { browser, _ in
            #expect(try await browser.get(path).status == .notFound)
            #expect(try await browser.get(path + "/edit").status == .notFound)
            let csrf = try await browser.get("/support/offers").csrfToken ?? ""
            #expect(try await browser.post(path + "/status", [("csrf", csrf), ("status", "paused")]).status == .notFound)
        }
        let after = try await world.fixture.domain.offers.offer(world.amina, offer.id)
        #expect(after.details == offer.details && after.status == .active)
    }

    // Proves ids that are not ids, unknown ids and a forged cursor are 4xx pages, never a 500.
    @Test func hostileAddressesAreClearRefusals() async throws {
        let world = try await ListingsWorld.make()
        try await world.test(as: ListingsWorld.aminaEmail) { browser, _ in
            for path in ["/support/offers/abc", "/support/offers/0", "/support/offers/-3", "/support/offers/99999",
                         "/support/offers/9007199254740993", "/support/offers/abc/edit", "/support/offers/12345/edit"] {
                #expect(try await browser.get(path).status == .notFound, "\(path)")
            }
            #expect(try await browser.get("/support/offers?cursor=not-a-cursor").status == .badRequest)
            let csrf = try await browser.get("/support/offers/new").csrfToken ?? ""
            #expect(try await browser.post("/support/offers/abc/status", [("csrf", csrf), ("status", "paused")]).status == .notFound)
            #expect(try await browser.post("/support/offers/new", [("csrf", csrf), ("kinds", "not-an-array")]).status == .badRequest)
        }
    }

    // Proves a long list comes a page at a time with a "Next page" link that continues it.
    @Test func longListsArePaged() async throws {
        let world = try await ListingsWorld.make()
        for number in 1...21 {
            _ = try await world.fixture.domain.offers.createOffer(
                world.amina, networkID: world.north.id, ListingsWorld.offerDetails(title: "Offer number \(number)"))
        }
        try await world.test(as: ListingsWorld.aminaEmail) { browser, _ in
            let first = try await browser.get("/support/offers")
            #expect(first.html.contains("Offer number 20<") && !first.html.contains("Offer number 21<"))
            let next = try #require(PageResponse.firstMatch(#"<a href="([^"]*)">Next page</a>"#, in: first.html))
            let second = try await browser.get(next.replacingOccurrences(of: "&amp;", with: "&"))
            #expect(second.status == .ok && second.html.contains("Offer number 21<") && !second.html.contains("Next page"))
        }
    }
}
