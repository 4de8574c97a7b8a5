import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import PeerHoursWeb
import Testing

@Suite struct RequestPagesTests {
    static func validFields(_ csrf: String, description: String = "I keep waking at 4am before clinics.") -> [(String, String)] {
        [("csrf", csrf), ("kind", "coaching"), ("topics", "Burnout, sleep"), ("mode", "video"), ("area", ""),
         ("language", "en"), ("duration", "45"), ("from[d2]", "18:00"), ("to[d2]", "20:00"), ("timeZone", "Europe/London"),
         ("excludeOwnOrganisation[]", "yes"), ("description", description)]
    }

    // Proves the form creates the request as typed, and its page shows the owner the private
    // description with who can read it; the list never shows the description.
    @Test func askingForSupportThroughTheForm() async throws {
        let world = try await ListingsWorld.make()
        try await world.test(as: ListingsWorld.aminaEmail) { browser, _ in
            let empty = try await browser.get("/support/requests")
            #expect(empty.status == .ok && empty.html.contains("You have not asked for support yet."))
            let form = try await browser.get("/support/requests/new")
            #expect(form.status == .ok)
            #expect(form.html.contains("Only you, and the person who supports you in a session on this request, can read this. Coordinators cannot."))
            #expect(form.html.contains(#"name="duration" type="radio" value="60" checked"#) && form.html.contains("1 h 30 min"))
            #expect(form.html.contains(#"name="excludeOwnOrganisation[]" type="checkbox" value="yes""#))
            let created = try await browser.post("/support/requests/new", Self.validFields(form.csrfToken ?? ""))
            #expect(created.status == .seeOther)
            let request = try #require(try await world.fixture.domain.requests.myRequests(world.amina).items.first)
            #expect(created.location == "/support/requests/\(request.id.rawValue)")
            let details = request.details
            #expect(details.kind == "coaching" && details.topics == ["burnout", "sleep"] && details.mode == .video)
            #expect(details.durationMinutes == 45 && details.excludeOwnOrganisation && details.language == "en")
            #expect(details.preferredWindows == [AvailabilityWindow(weekday: 2, startMinute: 1080, endMinute: 1200)])
            #expect(details.description == "I keep waking at 4am before clinics.")
            let page = try await browser.get(created.location ?? "")
            #expect(page.html.contains("<h1>Coaching: burnout, sleep</h1>") && page.html.contains("45 min"))
            #expect(page.html.contains("I keep waking at 4am before clinics.") && page.html.contains("Coordinators cannot."))
            #expect(page.html.contains("Tuesday, 18:00 to 20:00") && page.html.contains("Not someone from my own organisation"))
            #expect(page.html.contains(#"href="/support/requests/\#(request.id.rawValue)/suggestions""#))
            let list = try await browser.get("/support/requests")
            #expect(list.html.contains("Coaching: burnout, sleep") && !list.html.contains("4am"))
        }
    }

    // Proves mistakes come back at once at their fields (422) with the input kept, escaped, and
    // nothing is created.
    @Test func formMistakesAreShownAtTheirFields() async throws {
        let world = try await ListingsWorld.make()
        try await world.test(as: ListingsWorld.aminaEmail) { browser, _ in
            let csrf = try await browser.get("/support/requests/new").csrfToken ?? ""
            let empty = try await browser.post("/support/requests/new", [("csrf", csrf), ("description", "<b>help</b>")])
            #expect(empty.status == .unprocessableContent)
            for field in ["kind", "mode", "language", "duration", "timeZone"] { #expect(empty.summaryLinks(to: field), "\(field)") }
            #expect(empty.html.contains("&lt;b&gt;help&lt;/b&gt;") && !empty.html.contains("<b>help"))
            var fields = Self.validFields(csrf, description: String(repeating: "x", count: 2001))
            fields = fields.map { $0.0 == "duration" ? ("duration", "500") : $0 }
            fields = fields.map { $0.0 == "mode" ? ("mode", "in_person") : $0 }
            fields = fields.map { $0.0 == "to[d2]" ? ("to[d2]", "") : $0 }
            let wrong = try await browser.post("/support/requests/new", fields)
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.html.contains("Write at most 2,000 characters about what you would like help with"))
            #expect(wrong.html.contains("Choose how long a session you would like"))
            #expect(wrong.html.contains("Enter where you could meet in person"))
            #expect(wrong.html.contains("Enter both a start and an end time for Tuesday, or leave both empty"))
            #expect(wrong.html.contains(#"value="in_person" checked"#))
            #expect(try await world.fixture.domain.requests.myRequests(world.amina).items.isEmpty)
        }
    }

    // Proves withdrawing: refused without a token and to anyone but the requester (nothing
    // changes), done for the requester, and explained (409) when the request is no longer open.
    @Test func withdrawingARequest() async throws {
        let world = try await ListingsWorld.make()
        let request = try await world.fixture.domain.requests.createRequest(world.amina, networkID: world.north.id,
                                                                            ListingsWorld.requestDetails())
        let path = "/support/requests/\(request.id.rawValue)"
        try await world.test(as: ListingsWorld.benEmail) { browser, _ in
            let page = try await browser.get(path)
            #expect(page.status == .ok && page.html.contains("Coaching: burnout"))
            #expect(!page.html.contains("Struggling after nights") && !page.html.contains("Withdraw this request"))
            #expect(try await browser.post(path + "/withdraw", [("csrf", page.csrfToken ?? "")]).status == .forbidden)
        }
        try await world.test(as: ListingsWorld.carolEmail) { browser, _ in
            #expect(try await browser.get(path).status == .notFound)
            let csrf = try await browser.get("/support/requests").csrfToken ?? ""
            #expect(try await browser.post(path + "/withdraw", [("csrf", csrf)]).status == .notFound)
        }
        try await world.test(as: ListingsWorld.aminaEmail) { browser, client in
            let page = try await browser.get(path)
            #expect(page.html.contains("Withdrawing closes this request for good"))
            #expect(try await browser.post(path + "/withdraw", []).status == .forbidden)
            #expect(try await browser.post(path + "/withdraw", [("csrf", "wrong")]).status == .forbidden)
            var visitor = Browser(client)
            #expect(try await visitor.post(path + "/withdraw", [("csrf", page.csrfToken ?? "")]).status == .forbidden)
            #expect(try await world.fixture.domain.requests.request(world.amina, request.id).status == .open)
            let withdrawn = try await browser.post(path + "/withdraw", [("csrf", page.csrfToken ?? "")])
            #expect(withdrawn.status == .seeOther && withdrawn.location == path)
            #expect(try await world.fixture.domain.requests.request(world.amina, request.id).status == .withdrawn)
            let after = try await browser.get(path)
            #expect(after.html.contains("Withdrawn") && !after.html.contains(#"action="\#(path)/withdraw""#))
        }
    }

    // Proves a request that is no longer open cannot be withdrawn and says why (409).
    @Test func withdrawingAClosedRequestSaysWhy() async throws {
        let world = try await ListingsWorld.make()
        let request = try await world.fixture.domain.requests.createRequest(world.amina, networkID: world.north.id,
                                                                            ListingsWorld.requestDetails())
        _ = try await world.fixture.domain.requests.closeRequest(world.amina, request.id)
        try await world.test(as: ListingsWorld.aminaEmail) { browser, _ in
            let csrf = try await browser.get("/support/requests").csrfToken ?? ""
            let answer = try await browser.post("/support/requests/\(request.id.rawValue)/withdraw", [("csrf", csrf)])
            #expect(answer.status == .conflict && answer.html.contains("This request is no longer open"))
            #expect(try await world.fixture.domain.requests.request(world.amina, request.id).status == .closed)
        }
    }

    // Proves signed-out visitors are sent to sign in, and hostile addresses are 4xx pages.
    @Test func signedOutAndHostileAddresses() async throws {
        let world = try await ListingsWorld.make()
        try await world.fixture.application().test(.router) { client in
            var visitor = Browser(client)
            for path in ["/support/requests", "/support/requests/new", "/support/requests/1", "/support/requests/1/suggestions",
                         "/search"] {
                let answer = try await visitor.get(path)
                #expect(answer.status == .seeOther && answer.location == "/sign-in", "\(path)")
            }
            #expect(try await visitor.post("/support/requests/new", Self.validFields("x")).status == .forbidden)
        }
        try await world.test(as: ListingsWorld.aminaEmail) { browser, _ in
            for path in ["/support/requests/abc", "/support/requests/0", "/support/requests/424242", "/support/requests/x/suggestions"] {
                let answer = try await browser.get(path)
                #expect(answer.status == .notFound, "\(path)")
            }
            let forged = try await browser.get("/support/requests?cursor=zzz")
            #expect(forged.status == .badRequest)
        }
    }
}
