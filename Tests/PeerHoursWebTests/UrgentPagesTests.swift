import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import PeerHoursWeb
import Testing

extension CoordinatorWorld {
    static let urgentNote = "Bad night shift, struggling <i>today</i>"

    /// Ben named north's wellbeing lead by Nia.
    func withLead() async throws {
        try await fixture.domain.urgent.appointLead(Actor(memberID: MemberID(nia)), networkID: north.id, memberID: MemberID(ben))
    }

    /// Rae's open urgent request in north, asked through the domain.
    func raeAsks() async throws -> UrgentRequest {
        try await fixture.domain.urgent.raise(Actor(memberID: MemberID(rae)), networkID: north.id,
                                              UrgentRequestDraft(note: Self.urgentNote, contact: "07700 900123"))
    }

    static let benEmail = "ben@example.org"
}

@Suite struct UrgentPagesTests {
    // Proves the member's route: every signed-in page links to /urgent in its header; the page
    // names the network's lead, shows the 999/111 statement and the signposting with the form;
    // sending leads to a confirmation that repeats the signposting and lists the open request
    // with its status; asking again is refused (409); withdrawing leaves no open request.
    @Test func memberAsksAndWithdraws() async throws {
        let world = try await CoordinatorWorld.make()
        try await world.withLead()
        try await world.test(as: CoordinatorWorld.raeEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            #expect(try await browser.get("/").html.contains(#"<a href="/urgent""#))
            let page = try await browser.get("/urgent")
            #expect(page.status == .ok && page.html.contains("<h1>Need to talk to someone soon?</h1>"))
            #expect(page.html.contains("Ben Supporter, the network&#39;s wellbeing lead, will read it"))
            #expect(page.html.contains("call 999") && page.html.contains("116 123") && page.html.contains(#"name="note""#))
            #expect(page.html.contains(#"<input type="hidden" name="network" value="\#(world.north.id.rawValue)">"#))
            let csrf = try #require(page.csrfToken)
            let key = try #require(PageResponse.firstMatch(#"name="key" value="([^"]*)""#, in: page.html))
            let form = [("csrf", csrf), ("key", key), ("network", String(world.north.id.rawValue)),
                        ("note", CoordinatorWorld.urgentNote), ("contact", "")]
            let sent = try await browser.post("/urgent", form)
            #expect(sent.status == .seeOther && sent.location == "/urgent/sent")
            #expect(try await browser.post("/urgent", form).location == "/urgent/sent", "the same form again finds the first")
            let confirmation = try await browser.get("/urgent/sent")
            #expect(confirmation.html.contains("<h1>Your request has been sent</h1>") && confirmation.html.contains("116 123"))
            #expect(confirmation.html.contains("Waiting for a wellbeing lead") && confirmation.html.contains("Withdraw this request"))
            #expect(!confirmation.html.contains(#"name="note""#))
            let again = try await browser.post("/urgent", [("csrf", csrf), ("key", FormKey.generate()), ("note", "again")])
            #expect(again.status == .conflict && again.html.contains("already have an open request"))
            let own = try await world.fixture.domain.urgent.ownRequests(Actor(memberID: MemberID(world.rae)))
            #expect(own.count == 1 && own[0].note == CoordinatorWorld.urgentNote && own[0].contact == nil)
            let withdrawn = try await browser.post(UrgentPaths.withdraw(own[0].id), [("csrf", csrf)])
            #expect(withdrawn.status == .seeOther && withdrawn.location == "/urgent?withdrawn=1")
            let after = try await browser.get("/urgent?withdrawn=1")
            #expect(after.html.contains("Your request is withdrawn") && !after.html.contains("Withdraw this request"))
        }
    }

    // Proves the lead's route: the home page shows the count waiting with a link to the queue;
    // the queue names who asked and how long ago; the request shows the note (escaped) and how
    // to reach them; acknowledge, arrange (a bad day refused at its field) and close each go
    // through the domain and say so.
    @Test func leadAnswers() async throws {
        let world = try await CoordinatorWorld.make()
        try await world.withLead()
        let asked = try await world.raeAsks()
        let page = UrgentPaths.request(asked.id)
        try await world.test(as: CoordinatorWorld.benEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let home = try await browser.get("/")
            #expect(home.html.contains(#"<a href="\#(UrgentPaths.queue(world.north.id))">1 waiting for a wellbeing lead in Network north</a>"#))
            let queue = try await browser.get(UrgentPaths.queue(world.north.id))
            #expect(queue.status == .ok && queue.html.contains(#"<a href="\#(page)">Rae Requester</a>"#))
            #expect(queue.html.contains("Asked ") && !queue.html.contains("struggling"))
            let shown = try await browser.get(page)
            #expect(shown.html.contains("Bad night shift, struggling &lt;i&gt;today&lt;/i&gt;") && shown.html.contains("07700 900123"))
            let csrf = try #require(shown.csrfToken)
            #expect(try await browser.post(page + "/acknowledge", [("csrf", csrf)]).location == page + "?done=acknowledge")
            #expect(try await browser.get(page + "?done=acknowledge").html.contains("You have taken this request"))
            let bad = try await browser.post(page + "/arrange", [("csrf", csrf), ("day", "next tuesday"), ("time", "14:00")])
            #expect(bad.status == .unprocessableContent && bad.html.contains(##"href="#field-day""##) && bad.html.contains(#"value="next tuesday""#))
            let tomorrow = world.fixture.domain.now().addingTimeInterval(86_400)
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "Europe/London")!
            let day = calendar.dateComponents([.year, .month, .day], from: tomorrow)
            let dayText = String(format: "%04d-%02d-%02d", day.year!, day.month!, day.day!)
            let arranged = try await browser.post(page + "/arrange", [("csrf", csrf), ("day", dayText), ("time", "14:30")])
            #expect(arranged.location == page + "?done=arrange")
            #expect(try await browser.post(page + "/close", [("csrf", csrf), ("minutes", "30")]).location == page + "?done=close")
        }
        let closed = try await world.fixture.domain.urgent.request(Actor(memberID: MemberID(world.ben)), id: asked.id)
        #expect(closed.status == .closed && closed.heldMinutes == 30 && closed.conversationAt != nil)
    }

    // Proves the refusals: a coordinator who is not a lead gets 403 for the queue and 404 for a
    // request; a coordinator of another network 404; the member who asked is sent to /urgent;
    // a step without its CSRF token is 403 and changes nothing; signed out, /urgent still shows
    // the statement and the signposting with a way to sign in, and the queue redirects.
    @Test func refusals() async throws {
        let world = try await CoordinatorWorld.make()
        try await world.withLead()
        let asked = try await world.raeAsks()
        let page = UrgentPaths.request(asked.id)
        for (email, queueStatus) in [(CoordinatorWorld.niaEmail, HTTPResponse.Status.forbidden), (CoordinatorWorld.solEmail, .notFound)] {
            try await world.test(as: email) { browser, _ in
                var browser = browser  // a local copy: #expect cannot capture an inout parameter
                let queue = try await browser.get(UrgentPaths.queue(world.north.id)), shown = try await browser.get(page)
                #expect(queue.status == queueStatus && shown.status == .notFound, "\(email)")
            }
        }
        try await world.test(as: CoordinatorWorld.raeEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let own = try await browser.get(page)
            #expect(own.location == "/urgent")
        }
        try await world.test(as: CoordinatorWorld.benEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let unprotected = try await browser.post(page + "/acknowledge", [])
            #expect(unprotected.status == .forbidden)
        }
        #expect(try await world.fixture.domain.urgent.ownRequests(Actor(memberID: MemberID(world.rae)))[0].status == .waiting)
        try await world.test(as: nil) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let signedOut = try await browser.get("/urgent")
            #expect(signedOut.status == .ok && signedOut.html.contains("call 999") && signedOut.html.contains("Sign in to ask"))
            #expect(!signedOut.html.contains(#"name="note""#))
            #expect(try await browser.get(UrgentPaths.queue(world.north.id)).location == "/sign-in")
        }
    }

    // Proves the coordinators' page: linked from the network's home; names a lead from the
    // active members, sets the escalation time (a time out of range refused at its field),
    // removes the lead; a plain member 403, a coordinator of another network 404.
    @Test func coordinatorNamesLeads() async throws {
        let world = try await CoordinatorWorld.make()
        let wellbeing = UrgentPaths.wellbeing(world.north.id)
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            #expect(try await browser.get(world.home).html.contains(#"<a href="\#(wellbeing)">"#))
            let page = try await browser.get(wellbeing)
            #expect(page.status == .ok && page.html.contains("No one yet"))
            #expect(page.html.contains(#"<option value="\#(world.ben)">Ben Supporter</option>"#))
            let csrf = try #require(page.csrfToken)
            let appointed = try await browser.post(UrgentPaths.appoint(world.north.id), [("csrf", csrf), ("member", String(world.ben))])
            #expect(appointed.location == wellbeing + "?done=appointed")
            let withLead = try await browser.get(wellbeing + "?done=appointed")
            #expect(withLead.html.contains(#"<p class="account-person-name">Ben Supporter</p>"#))
            let bad = try await browser.post(UrgentPaths.settings(world.north.id), [("csrf", csrf), ("escalationHours", "100")])
            #expect(bad.status == .unprocessableContent && bad.html.contains(##"href="#field-escalationHours""##))
            let saved = try await browser.post(UrgentPaths.settings(world.north.id), [("csrf", csrf), ("escalationHours", "2")])
            #expect(saved.location == wellbeing + "?done=saved")
            let removed = try await browser.post(UrgentPaths.remove(world.north.id, MemberID(world.ben)), [("csrf", csrf)])
            #expect(removed.location == wellbeing + "?done=removed")
        }
        let nia = Actor(memberID: MemberID(world.nia))
        #expect(try await world.fixture.domain.urgent.settings(nia, networkID: world.north.id).escalationWorkingMinutes == 120)
        #expect(try await world.fixture.domain.urgent.leads(nia, networkID: world.north.id).isEmpty)
        for (email, refusal) in [(CoordinatorWorld.raeEmail, HTTPResponse.Status.forbidden), (CoordinatorWorld.solEmail, .notFound)] {
            try await world.test(as: email) { browser, _ in
                var browser = browser  // a local copy: #expect cannot capture an inout parameter
                #expect(try await browser.get(wellbeing).status == refusal, "\(email)")
                let csrf = try #require(try await browser.get("/account/networks").csrfToken)
                let posted = try await browser.post(UrgentPaths.appoint(world.north.id), [("csrf", csrf), ("member", String(world.rae))])
                #expect(posted.status == refusal, "\(email)")
            }
        }
    }

    // Proves how long a request has waited reads in words: never "0 h", hours and minutes under
    // a day, days after.
    @Test func waitedInWords() throws {
        let words = try MessageCatalogues.load(directories: [WordsTests.shippedCatalogues]).defaultWords
        let start = Date(timeIntervalSince1970: 1_783_015_200)
        #expect(WebApp.waitedText(from: start, to: start.addingTimeInterval(20), words: words) == "1 min")
        #expect(WebApp.waitedText(from: start, to: start.addingTimeInterval(200 * 60), words: words) == "3 h 20 min")
        #expect(WebApp.waitedText(from: start, to: start.addingTimeInterval(2 * 86_400 + 60), words: words) == "2 days")
    }

    // Proves a day and a time are read in the lead's zone, and that anything else is refused.
    @Test func dayAndTime() {
        let summer = UrgentStepForm.instant(day: "2026-07-02", time: "19:00", timeZone: "Europe/London")
        #expect(summer == Date(timeIntervalSince1970: 1_783_015_200))
        for (day, time) in [("2026-02-30", "10:00"), ("2026-07-02", "25:00"), ("02/07/2026", "10:00"), ("2026-07-02", "ten")] {
            #expect(UrgentStepForm.instant(day: day, time: time, timeZone: "Europe/London") == nil, "\(day) \(time)")
        }
    }
}
