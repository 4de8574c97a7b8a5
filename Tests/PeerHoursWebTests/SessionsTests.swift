import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
@testable import PeerHoursWeb
import Testing

/// Two members of one network — Sam Patel, who asks for support, and Dr Khan, who offers it —
/// with Dr Khan's offer and Sam's open request, set up through the domain as each of them.
struct SessionsScene {
    static let samEmail = "sam@example.org"
    static let khanEmail = "khan@example.org"
    static let allWeek = (1...7).map { AvailabilityWindow(weekday: $0, startMinute: 0, endMinute: 1440) }

    let fixture: AppFixture
    let admin: Actor
    let network: Network
    let sam: Actor
    let khan: Actor
    let offer: Offer
    let request: SupportRequest

    static func make(availability: [AvailabilityWindow] = allWeek, timeZone: String = "Europe/London",
                     description: String = "Struggling after a run of night shifts",
                     supporterName: String = "Dr Khan") async throws -> SessionsScene {
        let fixture = try await AppFixture.web()
        let admin = try await fixture.administrator()
        let network = try await fixture.network("north", by: admin)
        let sam = Actor(memberID: MemberID(try await fixture.member(samEmail, displayName: "Sam Patel", in: network, by: admin)))
        let khan = Actor(memberID: MemberID(try await fixture.member(khanEmail, displayName: supporterName, in: network, by: admin)))
        let offer = try await fixture.domain.offers.createOffer(khan, networkID: network.id, OfferDetails(
            title: "Peer support for nights", kinds: ["peer_support"], topics: ["burnout"], availability: availability,
            timeZone: timeZone, modes: [.video, .phone], languages: ["en"], capacityHoursPerMonth: 10))
        let request = try await fixture.domain.requests.createRequest(sam, networkID: network.id, RequestDetails(
            kind: "peer_support", topics: ["burnout"], timeZone: "Europe/London", mode: .video, language: "en",
            durationMinutes: 60, description: description))
        return SessionsScene(fixture: fixture, admin: admin, network: network, sam: sam, khan: khan, offer: offer, request: request)
    }

    var now: Date { fixture.domain.now() }

    /// Sam proposes a session a day from now (on the hour) through the domain, for `request` (the
    /// scene's by default: a request takes one open exchange per offer).
    func proposed(hoursAhead: Int64 = 24, for chosen: SupportRequest? = nil) async throws -> PeerExchange {
        let start = Date(timeIntervalSince1970: ((now.timeIntervalSince1970 / 3600).rounded(.down) + Double(hoursAhead)) * 3600)
        return try await fixture.domain.exchanges.propose(sam, ExchangeProposal(
            offerID: offer.id, requestID: (chosen ?? request).id, scheduledStart: start, durationMinutes: 60))
    }

    /// Another open request of Sam's.
    func anotherRequest(topic: String = "sleep") async throws -> SupportRequest {
        try await fixture.domain.requests.createRequest(sam, networkID: network.id, RequestDetails(
            kind: "peer_support", topics: [topic], timeZone: "Europe/London", mode: .phone, language: "en", durationMinutes: 45))
    }

    func accepted() async throws -> PeerExchange {
        try await fixture.domain.exchanges.accept(khan, try await proposed().id)
    }

    /// Moves the domain's clock to just after the session's end.
    func afterSession(_ exchange: PeerExchange) {
        fixture.ledgerClock.advance(seconds: Int64(exchange.scheduledEnd.timeIntervalSince(now)) + 60)
    }

    func stored(_ exchange: PeerExchange) async throws -> PeerExchange {
        try await fixture.domain.exchanges.exchange(sam, exchange.id)
    }

    /// A third member of the same network, and a member of another network, who sign in as given.
    func bystanders() async throws {
        _ = try await fixture.member("olu@example.org", displayName: "Olu Okafor", in: network, by: admin)
        let south = try await fixture.network("south", by: admin)
        _ = try await fixture.member("rhys@example.org", displayName: "Rhys Jones", in: south, by: admin)
    }
}

extension PageResponse {
    func first(_ pattern: String) -> String? { Self.firstMatch(pattern, in: html) }
    var formKey: String? { first(#"name="key" value="([^"]+)""#) }
    var firstStart: String? { first(#"name="start" type="radio" value="([0-9]+)""#) }
}

@Suite struct ProposeTests {
    // Proves the whole proposal: the offer's page link opens the form with the request chosen,
    // times in words inside the availability, a hidden key; posting creates one exchange and
    // redirects to its page with a confirmation; the same form posted again creates nothing new
    // and lands on the same exchange (the domain's keyed creation).
    @Test func proposingASessionOnceEvenWhenSentTwice() async throws {
        let scene = try await SessionsScene.make()
        try await scene.fixture.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn(SessionsScene.samEmail, AppFixture.password)
            let form = try await browser.get("/sessions/new?offer=\(scene.offer.id.rawValue)&request=\(scene.request.id.rawValue)")
            #expect(form.status == .ok)
            #expect(form.html.contains("Ask Dr Khan for a session"))
            #expect(form.html.contains("How you will meet: By video call, as in your request."))
            let start = try #require(form.firstStart)
            let key = try #require(form.formKey)
            #expect(form.first(#"<label class="radio-label" for="field-start">([^<]+)</label>"#)?.contains(", ") == true)
            let fields = [("csrf", form.csrfToken ?? ""), ("key", key), ("offer", String(scene.offer.id.rawValue)),
                          ("request", String(scene.request.id.rawValue)), ("duration", "60"), ("start", start)]
            let sent = try await browser.post("/sessions/new", fields)
            #expect(sent.status == .seeOther)
            let location = try #require(sent.location)
            #expect(location.hasPrefix("/sessions/") && location.hasSuffix("?done=proposed"))
            let again = try await browser.post("/sessions/new", fields)
            #expect(again.location == location)
            let mine = try await scene.fixture.domain.exchanges.myExchanges(scene.sam).items
            #expect(mine.count == 1)
            #expect(mine.first?.scheduledStart == Date(timeIntervalSince1970: TimeInterval(Int64(start)!)))
            #expect(mine.first?.requestID == scene.request.id && mine.first?.durationMinutes == 60)
            let page = try await browser.get(location)
            #expect(page.html.contains("Your request for a session has been sent."))
            #expect(page.html.contains("Waiting for Dr Khan to accept"))
        }
    }

    // Proves a first message goes with the proposal into the session's private thread, once
    // however often the form is sent; one too long comes back at its field, kept, and nothing is
    // proposed.
    @Test func aFirstMessageGoesToTheThread() async throws {
        let scene = try await SessionsScene.make()
        try await scene.fixture.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn(SessionsScene.samEmail, AppFixture.password)
            let form = try await browser.get("/sessions/new?offer=\(scene.offer.id.rawValue)&request=\(scene.request.id.rawValue)")
            #expect(form.html.contains("A first message (optional)"))
            let base = [("csrf", form.csrfToken ?? ""), ("key", try #require(form.formKey)),
                        ("offer", String(scene.offer.id.rawValue)), ("request", String(scene.request.id.rawValue)),
                        ("duration", "60"), ("start", try #require(form.firstStart))]
            let long = String(repeating: "x", count: 2001)
            let tooLong = try await browser.post("/sessions/new", base + [("message", long)])
            #expect(tooLong.status == .unprocessableContent)
            #expect(tooLong.html.contains(##"<a href="#field-message">Your message has 2001 characters"##))
            #expect(tooLong.html.contains(long))
            #expect(try await scene.fixture.domain.exchanges.myExchanges(scene.sam).items.isEmpty)

            let fields = base + [("message", "  Video is best for me: https://meet.example/abc  ")]
            let sent = try await browser.post("/sessions/new", fields)
            #expect(sent.status == .seeOther)
            #expect(try await browser.post("/sessions/new", fields).location == sent.location)
            let mine = try await scene.fixture.domain.exchanges.myExchanges(scene.sam).items
            #expect(mine.count == 1)
            let thread = try await scene.fixture.domain.messages.list(scene.khan, try #require(mine.first).id)
            #expect(thread.items.map(\.body) == ["Video is best for me: https://meet.example/abc"])
            #expect(thread.items.first?.authorID == scene.sam.memberID)
        }
    }

    // Proves each mistake comes back 422 at its field and in the summary with the choices kept: no
    // time chosen; a time outside the supporter's availability; and that a changed form sent
    // again under a used key is told apart, not run as another proposal.
    @Test func mistakesAreShownAtTheirField() async throws {
        let tuesdayEvening = [AvailabilityWindow(weekday: 2, startMinute: 19 * 60, endMinute: 21 * 60)]
        let scene = try await SessionsScene.make(availability: tuesdayEvening)
        try await scene.fixture.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn(SessionsScene.samEmail, AppFixture.password)
            let form = try await browser.get("/sessions/new?offer=\(scene.offer.id.rawValue)")
            #expect(form.html.contains("Tuesday") && form.html.contains("19:00\u{2013}20:00"))
            #expect(form.html.contains("20:00\u{2013}21:00"))
            #expect(!form.html.contains("18:00\u{2013}19:00") && !form.html.contains("21:00\u{2013}22:00"))
            let key = try #require(form.formKey)
            let base = [("csrf", form.csrfToken ?? ""), ("key", key), ("offer", String(scene.offer.id.rawValue)),
                        ("request", String(scene.request.id.rawValue)), ("duration", "60")]
            let missing = try await browser.post("/sessions/new", base)
            #expect(missing.status == .unprocessableContent)
            #expect(missing.html.contains(##"<a href="#field-start">Choose a time</a>"##))
            #expect(missing.html.contains(#"id="field-start-error""#))
            #expect(missing.formKey == key)
            let outside = String(Int64(scene.now.timeIntervalSince1970) + 3 * 3600 + 7)
            let refused = try await browser.post("/sessions/new", base + [("start", outside)])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.html.contains("Dr Khan is not available then. Choose another time"))
            #expect(try await scene.fixture.domain.exchanges.myExchanges(scene.sam).items.isEmpty)

            let start = try #require(form.firstStart)
            #expect(try await browser.post("/sessions/new", base + [("start", start)]).status == .seeOther)
            let other = try #require(Int64(start)) + 1800
            let reused = try await browser.post("/sessions/new", base + [("start", String(other))])
            #expect(reused.status == .unprocessableContent)
            #expect(reused.html.contains("This form was already sent with other choices"))
            #expect(reused.formKey != key)
            #expect(try await scene.fixture.domain.exchanges.myExchanges(scene.sam).items.count == 1)
        }
    }

    // Proves the form says so when the member has no open request the offer can help with (and
    // links to asking for support), refuses their own offer, and lists several requests to choose
    // from as radios before any time is shown.
    @Test func requestsToChooseFrom() async throws {
        let scene = try await SessionsScene.make()
        _ = try await scene.anotherRequest()
        try await scene.fixture.application().test(.router) { client in
            var sam = Browser(client), khan = Browser(client)
            try await sam.signIn(SessionsScene.samEmail, AppFixture.password)
            let choose = try await sam.get("/sessions/new?offer=\(scene.offer.id.rawValue)")
            #expect(choose.status == .ok)
            #expect(choose.html.contains(#"<form method="get" action="/sessions/new""#))
            #expect(choose.html.contains("Peer support about burnout, asked on") && choose.html.contains("Peer support about sleep"))
            #expect(choose.firstStart == nil)
            let times = try await sam.get("/sessions/new?offer=\(scene.offer.id.rawValue)&request=\(scene.request.id.rawValue)&duration=90")
            #expect(times.html.contains("Length: 1 h 30 min."))
            #expect(times.firstStart != nil)

            try await khan.signIn(SessionsScene.khanEmail, AppFixture.password)
            let own = try await khan.get("/sessions/new?offer=\(scene.offer.id.rawValue)")
            #expect(own.html.contains("This is your own offer"))
            #expect(own.firstStart == nil && !own.html.contains(#"action="/sessions/new""#))
            let samsOffer = try await scene.fixture.domain.offers.createOffer(scene.sam, networkID: scene.network.id, OfferDetails(
                title: "Coaching", kinds: ["coaching"], availability: SessionsScene.allWeek, timeZone: "Europe/London",
                modes: [.video], languages: ["en"], capacityHoursPerMonth: 4))
            let none = try await khan.get("/sessions/new?offer=\(samsOffer.id.rawValue)")
            #expect(none.html.contains("You have no open request this offer can help with"))
            #expect(none.html.contains(#"<a href="/support/requests/new">Ask for support</a>"#))
        }
    }

    // Proves the refusals: signed out (GET to sign-in, POST 403), a POST without or with a wrong
    // token 403 with nothing created, an offer of another network, an unknown offer and garbage
    // ids the 404 page, tampered hidden fields a 400 — never a 500.
    @Test func refusals() async throws {
        let scene = try await SessionsScene.make()
        try await scene.bystanders()
        try await scene.fixture.application().test(.router) { client in
            var visitor = Browser(client)
            let path = "/sessions/new?offer=\(scene.offer.id.rawValue)"
            #expect(try await visitor.get(path).location == "/sign-in")
            #expect(try await visitor.post("/sessions/new", [("offer", "1")]).status == .forbidden)

            var sam = Browser(client)
            try await sam.signIn(SessionsScene.samEmail, AppFixture.password)
            let form = try await sam.get(path + "&request=\(scene.request.id.rawValue)")
            let fields = [("key", form.formKey ?? ""), ("offer", String(scene.offer.id.rawValue)),
                          ("request", String(scene.request.id.rawValue)), ("duration", "60"), ("start", form.firstStart ?? "")]
            #expect(try await sam.post("/sessions/new", fields).status == .forbidden)
            #expect(try await sam.post("/sessions/new", [("csrf", "wrong")] + fields).status == .forbidden)
            #expect(try await scene.fixture.domain.exchanges.myExchanges(scene.sam).items.isEmpty)
            for garbage in ["abc", "-1", "0", "99999", "1e3", "%3Cscript%3E", "99999999999999999999"] {
                #expect(try await sam.get("/sessions/new?offer=\(garbage)").status == .notFound, "\(garbage)")
            }
            #expect(try await sam.get(path + "&request=xyz").status == .notFound)
            #expect(try await sam.get(path + "&duration=7").status == .badRequest)
            let csrf = form.csrfToken ?? ""
            for (name, value) in [("duration", "999"), ("request", "abc"), ("key", "short"), ("offer", "x")] {
                let tampered = [("csrf", csrf)] + fields.map { $0.0 == name ? (name, value) : $0 }
                let answer = try await sam.post("/sessions/new", tampered)
                #expect([.badRequest, .notFound].contains(answer.status), "\(name)")
            }

            var rhys = Browser(client)
            try await rhys.signIn("rhys@example.org", AppFixture.password)
            #expect(try await rhys.get(path).status == .notFound)
        }
    }
}

@Suite struct ExchangePageTests {
    // Proves what each person reads before acceptance: the requester the status, Dr Khan's
    // deadline in words and their own description with who can read it; the supporter the
    // accept and decline forms, and not the description (the domain keeps it until acceptance).
    @Test func beforeAcceptance() async throws {
        let scene = try await SessionsScene.make(description: "Nights <script>alert(1)</script> are hard")
        let exchange = try await scene.proposed()
        try await scene.fixture.application().test(.router) { client in
            var sam = Browser(client), khan = Browser(client)
            try await sam.signIn(SessionsScene.samEmail, AppFixture.password)
            try await khan.signIn(SessionsScene.khanEmail, AppFixture.password)
            let path = "/sessions/\(exchange.id.rawValue)"
            let mine = try await sam.get(path)
            #expect(mine.status == .ok)
            #expect(mine.html.contains("Your session with Dr Khan"))
            #expect(mine.html.contains("Dr Khan has until "))
            #expect(mine.html.contains("Nights &lt;script&gt;alert(1)&lt;/script&gt; are hard"))
            #expect(mine.html.contains("Private: only you can read this now. Dr Khan can read it once they accept."))
            #expect(mine.html.contains(#"action="\#(path)/cancel""#))
            #expect(!mine.html.contains(#"action="\#(path)/accept""#))
            let theirs = try await khan.get(path)
            #expect(theirs.html.contains("Your session with Sam Patel") && theirs.html.contains("You have until "))
            #expect(theirs.html.contains(#"action="\#(path)/accept""#) && theirs.html.contains(#"action="\#(path)/decline""#))
            #expect(!theirs.html.contains(#"action="\#(path)/cancel""#))
            #expect(!theirs.html.contains("Nights"))
            #expect(theirs.html.contains("You can read it once you accept."))
            #expect(theirs.html.contains("By video call"))
        }
    }

    // Proves accepting from the page: a one-line confirmation, the hours reserved in the domain,
    // the description now shown to the supporter with its note; the requester sees the reserve
    // and the date on which a single confirmation completes the session.
    @Test func acceptingAndWhatFollows() async throws {
        let scene = try await SessionsScene.make()
        let exchange = try await scene.proposed()
        try await scene.fixture.application().test(.router) { client in
            var khan = Browser(client), sam = Browser(client)
            try await khan.signIn(SessionsScene.khanEmail, AppFixture.password)
            let path = "/sessions/\(exchange.id.rawValue)"
            let page = try await khan.get(path)
            let accepted = try await khan.post(path + "/accept", [("csrf", page.csrfToken ?? "")])
            #expect(accepted.status == .seeOther && accepted.location == path + "?done=accept")
            #expect(try await scene.stored(exchange).status == .accepted)
            let after = try await khan.get(path + "?done=accept")
            #expect(after.html.contains("You accepted the session."))
            #expect(after.html.contains("Struggling after a run of night shifts"))
            #expect(after.html.contains("Private: only you and Sam Patel can read this."))
            #expect(after.html.contains("1 h is reserved from Sam Patel&#39;s hours") || after.html.contains("1 h is reserved from Sam Patel"))
            #expect(!after.html.contains(#"action="\#(path)/accept""#))
            try await sam.signIn(SessionsScene.samEmail, AppFixture.password)
            let requester = try await sam.get(path)
            #expect(requester.html.contains("1 h is reserved from your hours for this session."))
            #expect(requester.html.contains("If only one of you confirms, the session is confirmed automatically on "))
            #expect(requester.html.contains("Agreed"))
        }
    }

    // Proves declining and cancelling from the page, each changing the domain and confirming in
    // one line; and that an action the exchange no longer allows (declining what is cancelled)
    // shows the page as it is now with a 409, not an error page.
    @Test func decliningAndCancelling() async throws {
        let scene = try await SessionsScene.make()
        let first = try await scene.proposed()
        try await scene.fixture.application().test(.router) { client in
            var khan = Browser(client), sam = Browser(client)
            try await khan.signIn(SessionsScene.khanEmail, AppFixture.password)
            try await sam.signIn(SessionsScene.samEmail, AppFixture.password)
            let csrfKhan = try await khan.get("/").csrfToken ?? ""
            let csrfSam = try await sam.get("/").csrfToken ?? ""
            let declined = try await khan.post("/sessions/\(first.id.rawValue)/decline", [("csrf", csrfKhan)])
            #expect(declined.location == "/sessions/\(first.id.rawValue)?done=decline")
            #expect(try await scene.stored(first).status == .declined)
            #expect(try await sam.get("/sessions/\(first.id.rawValue)").html.contains("Dr Khan could not take this session."))

            let second = try await scene.proposed(hoursAhead: 30)
            let cancelled = try await sam.post("/sessions/\(second.id.rawValue)/cancel", [("csrf", csrfSam)])
            #expect(cancelled.location == "/sessions/\(second.id.rawValue)?done=cancel")
            #expect(try await scene.stored(second).status == .cancelled)
            let late = try await khan.post("/sessions/\(second.id.rawValue)/decline", [("csrf", csrfKhan)])
            #expect(late.status == .conflict)
            #expect(late.html.contains("This session can no longer be declined. Here it is as it is now."))
            #expect(late.html.contains("Cancelled"))
        }
    }

    // Proves confirming and disputing after the session: each form's mistakes come back 422 at
    // the field with the input kept; a good confirmation is stored with its minutes; a dispute
    // needs a reason, and is told to the coordinators only.
    @Test func confirmingAndDisputing() async throws {
        let scene = try await SessionsScene.make()
        let exchange = try await scene.accepted()
        scene.afterSession(exchange)
        try await scene.fixture.application().test(.router) { client in
            var sam = Browser(client), khan = Browser(client)
            try await sam.signIn(SessionsScene.samEmail, AppFixture.password)
            try await khan.signIn(SessionsScene.khanEmail, AppFixture.password)
            let path = "/sessions/\(exchange.id.rawValue)"
            let page = try await sam.get(path)
            #expect(page.html.contains(#"action="\#(path)/confirm""#) && page.html.contains(#"action="\#(path)/dispute""#))
            #expect(!page.html.contains(#"action="\#(path)/cancel""#))
            let csrf = page.csrfToken ?? ""
            let garbage = try await sam.post(path + "/confirm", [("csrf", csrf), ("minutesGiven", "an hour")])
            #expect(garbage.status == .unprocessableContent)
            #expect(garbage.html.contains(##"<a href="#field-minutesGiven">Enter the minutes given"##))
            #expect(garbage.html.contains(#"value="an hour""#))
            let tooMany = try await sam.post(path + "/confirm", [("csrf", csrf), ("minutesGiven", "90")])
            #expect(tooMany.status == .unprocessableContent)
            #expect(tooMany.html.contains("Enter a number of minutes from 1 up to the session"))
            #expect(try await scene.stored(exchange).requesterConfirmedMinutes == nil)
            let confirmed = try await sam.post(path + "/confirm", [("csrf", csrf), ("minutesGiven", "50")])
            #expect(confirmed.location == path + "?done=confirm")
            #expect(try await scene.stored(exchange).requesterConfirmedMinutes == 50)
            let theirs = try await khan.get(path)
            #expect(theirs.html.contains("Sam Patel confirmed 50 min. Confirm the time given too."))

            let khanCSRF = theirs.csrfToken ?? ""
            let empty = try await khan.post(path + "/dispute", [("csrf", khanCSRF), ("reason", "   ")])
            #expect(empty.status == .unprocessableContent)
            #expect(empty.html.contains(##"<a href="#field-reason">Enter what went wrong</a>"##))
            let long = String(repeating: "x", count: 501)
            let tooLong = try await khan.post(path + "/dispute", [("csrf", khanCSRF), ("reason", long)])
            #expect(tooLong.status == .unprocessableContent && tooLong.html.contains("Write at most 500 characters"))
            let disputed = try await khan.post(path + "/dispute", [("csrf", khanCSRF), ("reason", "We met for <b>20</b> minutes")])
            #expect(disputed.location == path + "?done=dispute")
            #expect(try await scene.stored(exchange).status == .disputed)
            let after = try await khan.get(path)
            #expect(after.html.contains("A coordinator of the network will look at the session"))
            #expect(!after.html.contains("20</b>") && !after.html.contains("We met for"))
        }
    }

    // Proves who may not: the requester posting accept (the supporter's action), a wrong token, a
    // member of the same network who is not a party (403), a member of another network, unknown
    // and non-numeric ids (404) — and that nothing changed.
    @Test func refusals() async throws {
        let scene = try await SessionsScene.make()
        try await scene.bystanders()
        let exchange = try await scene.proposed()
        try await scene.fixture.application().test(.router) { client in
            var sam = Browser(client), olu = Browser(client), rhys = Browser(client), visitor = Browser(client)
            let path = "/sessions/\(exchange.id.rawValue)"
            #expect(try await visitor.get(path).location == "/sign-in")
            #expect(try await visitor.post(path + "/cancel", []).status == .forbidden)
            try await sam.signIn(SessionsScene.samEmail, AppFixture.password)
            let csrf = try await sam.get(path).csrfToken ?? ""
            #expect(try await sam.post(path + "/accept", [("csrf", csrf)]).status == .forbidden)
            #expect(try await sam.post(path + "/cancel", [("csrf", "wrong")]).status == .forbidden)
            #expect(try await sam.post(path + "/cancel", []).status == .forbidden)
            for garbage in ["abc", "0", "-4", "999999", "1.5", "99999999999999999999999"] {
                #expect(try await sam.get("/sessions/\(garbage)").status == .notFound, "\(garbage)")
                #expect(try await sam.post("/sessions/\(garbage)/cancel", [("csrf", csrf)]).status == .notFound, "\(garbage)")
            }
            try await olu.signIn("olu@example.org", AppFixture.password)
            #expect(try await olu.get(path).status == .forbidden)
            #expect(try await olu.post(path + "/cancel", [("csrf", try await olu.get("/").csrfToken ?? "")]).status == .forbidden)
            try await rhys.signIn("rhys@example.org", AppFixture.password)
            #expect(try await rhys.get(path).status == .notFound)
            #expect(try await rhys.post(path + "/cancel", [("csrf", try await rhys.get("/").csrfToken ?? "")]).status == .notFound)
            let hostile = try await sam.get(path + "?done=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
            #expect(hostile.status == .ok && !hostile.html.contains("alert(1)"))
            #expect(try await scene.stored(exchange).status == .proposed)
        }
    }
}

@Suite struct ExchangeListTests {
    // Proves `/sessions` groups the member's exchanges: a proposal to answer under "Needs you" (for
    // the supporter), an agreed session under "Coming up", a declined one under "Past"; each a
    // link to its page with the other person's name.
    @Test func groupedLists() async throws {
        let scene = try await SessionsScene.make()
        let waiting = try await scene.proposed(hoursAhead: 48)
        let other = try await scene.anotherRequest()
        let agreed = try await scene.fixture.domain.exchanges.accept(scene.khan, try await scene.proposed(hoursAhead: 24, for: other).id)
        try await scene.fixture.application().test(.router) { client in
            var khan = Browser(client)
            try await khan.signIn(SessionsScene.khanEmail, AppFixture.password)
            let list = try await khan.get("/sessions")
            #expect(list.status == .ok)
            let needs = try #require(list.html.range(of: "Needs you</h2>"))
            let coming = try #require(list.html.range(of: "Coming up</h2>"))
            let past = try #require(list.html.range(of: "Past</h2>"))
            let waitingLink = try #require(list.html.range(of: #"href="/sessions/\#(waiting.id.rawValue)""#))
            let agreedLink = try #require(list.html.range(of: #"href="/sessions/\#(agreed.id.rawValue)""#))
            #expect(needs.upperBound < waitingLink.lowerBound && waitingLink.lowerBound < coming.lowerBound)
            #expect(coming.upperBound < agreedLink.lowerBound && agreedLink.lowerBound < past.lowerBound)
            #expect(list.html.contains("Supporting Sam Patel"))
            #expect(list.html.contains("No past sessions yet."))
        }
    }
}

@Suite struct HomeSessionsTests {
    // Proves the home page: the balance names the session its reserved hour is for; a proposal
    // needing the supporter is a link under "Needs you now"; the member's open requests and
    // offers link to their pages.
    @Test func homeShowsWhatNeedsTheMember() async throws {
        let scene = try await SessionsScene.make()
        let agreed = try await scene.accepted()
        let openRequest = try await scene.anotherRequest()
        let waiting = try await scene.proposed(hoursAhead: 72, for: openRequest)
        try await scene.fixture.application().test(.router) { client in
            var sam = Browser(client), khan = Browser(client)
            try await sam.signIn(SessionsScene.samEmail, AppFixture.password)
            let home = try await sam.get("/")
            let day = WhenWords(timeZone: "Europe/London", now: scene.now).day(agreed.scheduledStart)
            #expect(home.html.contains("You have 2 h. 1 h is reserved for a session on \(day). You can go down to \u{2212}10 h."))
            #expect(home.html.contains(#"href="/support/requests/\#(openRequest.id.rawValue)""#))
            #expect(!home.html.contains(#"href="/support/requests/\#(scene.request.id.rawValue)""#))
            #expect(home.html.contains(#"href="/sessions/\#(agreed.id.rawValue)""#))
            try await khan.signIn(SessionsScene.khanEmail, AppFixture.password)
            let theirs = try await khan.get("/")
            let needs = try #require(theirs.html.range(of: "Needs you now</h2>"))
            let link = try #require(theirs.html.range(of: #"href="/sessions/\#(waiting.id.rawValue)""#))
            #expect(needs.upperBound < link.lowerBound)
            #expect(theirs.html.contains(#"<a href="/support/offers/\#(scene.offer.id.rawValue)">Peer support for nights</a>"#))
        }
    }
}

@Suite struct SessionWordsTests {
    // Proves every catalogue key the sessions pages build from parts exists in en-GB: one per
    // action's confirmation and refusal, per way of meeting, per list group, per kind of ledger movement.
    @Test func keysBuiltFromPartsExist() async throws {
        let fixture = try await AppFixture.web()
        let web = try await WebApp(configuration: WebConfiguration(), identity: fixture.identity, exchange: fixture.domain,
                                   signUp: fixture.signUp)
        let words = web.catalogues.defaultWords
        var keys = ExchangeAction.allCases.flatMap { ["sessionsDone_" + $0.rawValue, "sessionsRefusedNow_" + $0.rawValue] }
        keys += ["sessionsDone_proposed"] + SessionMode.allCases.map { "sessionsMode_" + $0.rawValue }
        keys += ["needsYou", "upcoming", "past"].flatMap { ["sessionsGroup_" + $0, "sessionsGroupEmpty_" + $0] }
        keys += ["correction", "clearing"].map { "statementWhat_" + $0 }
        for key in keys { #expect(words.messages[key] != nil, "\(key)") }
    }

    // Proves the slots: only inside the offer's weekly window, on its own clock (a New York
    // evening is offered as New York times), one after another, never in the past.
    @Test func slotsFollowTheOffersClock() {
        let now = Date(timeIntervalSince1970: 1_790_000_000) // Monday 21 September 2026, 14:13 UTC
        let details = OfferDetails(title: "t", kinds: ["coaching"], availability: [AvailabilityWindow(weekday: 2, startMinute: 18 * 60, endMinute: 20 * 60)],
                                   timeZone: "America/New_York", modes: [.video], languages: ["en"], capacityHoursPerMonth: 4)
        let starts = SessionSlots.starts(details, durationMinutes: 60, now: now)
        let when = WhenWords(timeZone: "America/New_York", now: now)
        #expect(starts.map { when.span(start: $0, durationMinutes: 60) } == [
            "Tuesday 22 September, 18:00\u{2013}19:00", "Tuesday 22 September, 19:00\u{2013}20:00",
            "Tuesday 29 September, 18:00\u{2013}19:00", "Tuesday 29 September, 19:00\u{2013}20:00",
        ])
        #expect(SessionSlots.starts(details, durationMinutes: 180, now: now).isEmpty)
    }
}

@Suite struct StatementTests {
    /// A completed session (60 minutes moved from Sam to Dr Khan) and an agreed one (60 reserved).
    static func completedAndAgreed(_ scene: SessionsScene) async throws -> (PeerExchange, PeerExchange) {
        let done = try await scene.accepted()
        scene.afterSession(done)
        _ = try await scene.fixture.domain.exchanges.confirm(scene.sam, done.id, minutesGiven: 60)
        _ = try await scene.fixture.domain.exchanges.confirm(scene.khan, done.id, minutesGiven: 60)
        let other = try await scene.anotherRequest()
        let agreed = try await scene.fixture.domain.exchanges.accept(scene.khan, try await scene.proposed(for: other).id)
        return (try await scene.stored(done), agreed)
    }

    // Proves the statement: movements newest first in the member's words with the other person's
    // name, the kind and the running balance; the reservation listed apart with a link to its
    // session; and the supporter's side of the same session.
    @Test func movementsAndReservations() async throws {
        let scene = try await SessionsScene.make()
        let (done, agreed) = try await Self.completedAndAgreed(scene)
        #expect(done.status == .completed)
        try await scene.fixture.application().test(.router) { client in
            var sam = Browser(client), khan = Browser(client)
            try await sam.signIn(SessionsScene.samEmail, AppFixture.password)
            let page = try await sam.get("/statement")
            #expect(page.status == .ok)
            #expect(page.html.contains("Your statement: Network north"))
            let support = try #require(page.html.range(of: "Support from Dr Khan"))
            let welcome = try #require(page.html.range(of: "Welcome hours from your network"))
            #expect(support.lowerBound < welcome.lowerBound)
            #expect(page.html.contains("Peer support"))
            #expect(page.html.contains(#"data-label="Out">1 h</td>"#) && page.html.contains(#"data-label="Balance">1 h</td>"#))
            #expect(page.html.contains(#"data-label="In">2 h</td>"#) && page.html.contains(#"data-label="Balance">2 h</td>"#))
            #expect(page.html.contains(#"<a href="/sessions/\#(agreed.id.rawValue)">1 h reserved from your hours for your session with Dr Khan on"#))
            #expect(page.html.contains("You have 1 h. 1 h is reserved for sessions you have agreed."))
            #expect(page.html.contains(#"<th scope="col">Date</th>"#) && page.html.contains("<caption>"))
            try await khan.signIn(SessionsScene.khanEmail, AppFixture.password)
            let theirs = try await khan.get("/statement")
            #expect(theirs.html.contains("Support given to Sam Patel"))
            #expect(theirs.html.contains(#"data-label="In">1 h</td>"#) && theirs.html.contains(#"data-label="Balance">3 h</td>"#))
            #expect(theirs.html.contains("1 h to come to you for supporting Sam Patel on"))
        }
    }

    // Proves the CSV: text/csv in UTF-8 as an attachment, a header row, the movements newest first
    // with minutes and balances, and a name that a spreadsheet would run as a formula neutralised.
    @Test func csvDownload() async throws {
        let scene = try await SessionsScene.make(supporterName: "=HYPERLINK(\"http://x\")")
        _ = try await Self.completedAndAgreed(scene)
        try await scene.fixture.application().test(.router) { client in
            var sam = Browser(client)
            try await sam.signIn(SessionsScene.samEmail, AppFixture.password)
            let csv = try await sam.get("/statement.csv?network=\(scene.network.id.rawValue)")
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.headers[.contentDisposition] == #"attachment; filename="peerhours-statement-north.csv""#)
            let lines = csv.html.components(separatedBy: "\r\n")
            #expect(lines.first == "Date,Time (UK),What,With,Kind of support,Minutes in,Minutes out,Balance in minutes,In,Out,Balance")
            #expect(lines.count == 4 && lines[3].isEmpty)
            #expect(lines[1].hasSuffix(",\"'=HYPERLINK(\"\"http://x\"\")\",Peer support,0,60,60,,1 h,1 h"))
            #expect(lines[2].contains("Welcome hours from your network,,,120,0,120,2 h,,2 h"))
        }
    }

    // Proves the statement's pages: 20 movements a page, newest first, "Older" and "Newer" links
    // that walk the whole list without a gap or a repeat.
    @Test func pagesOlderAndNewer() async throws {
        let fixture = try await AppFixture.web()
        let web = try await WebApp(configuration: WebConfiguration(), identity: fixture.identity, exchange: fixture.domain,
                                   signUp: fixture.signUp)
        let words = web.catalogues.defaultWords
        let rows = (1...45).reversed().map { sequence in
            StatementRow(sequence: Int64(sequence), at: Date(timeIntervalSince1970: 0), day: "d", time: "t", what: "w\(sequence)",
                         otherName: "", kind: "", inMinutes: 1, outMinutes: 0, balanceMinutes: Int64(sequence), inText: "", outText: "",
                         balanceText: "")
        }
        let subject = WebApp.StatementSubject(networkID: NetworkID(7), networks: [(NetworkID(7), "North", "north")],
                                              balanceSentence: "", rows: rows, reservations: [], truncated: false)
        var seen: [Int64] = []
        var newerPaths: [String?] = []
        var view = web.statementView(subject, before: nil, words: words)
        while true {
            seen += view.rows.map(\.sequence)
            newerPaths.append(view.newerPath)
            guard let older = view.olderPath else { break }
            let before = try #require(Int64(older.components(separatedBy: "before=")[1]))
            #expect(older == "/statement?network=7&before=\(before)")
            view = web.statementView(subject, before: before, words: words)
        }
        #expect(seen == (1...45).reversed().map(Int64.init))
        #expect(view.rows.count == 5)
        #expect(newerPaths == [nil, "/statement?network=7", "/statement?network=7&before=\(rows[19].sequence)"])
    }

    // Proves the refusals: signed out, the page and the CSV go to sign-in; a network the member
    // has no account in, garbage network or page values are the 404 page, never a 500.
    @Test func refusals() async throws {
        let scene = try await SessionsScene.make()
        try await scene.bystanders()
        try await scene.fixture.application().test(.router) { client in
            var visitor = Browser(client), sam = Browser(client)
            #expect(try await visitor.get("/statement").location == "/sign-in")
            #expect(try await visitor.get("/statement.csv").location == "/sign-in")
            try await sam.signIn(SessionsScene.samEmail, AppFixture.password)
            for query in ["network=2", "network=abc", "network=-1", "network=99999", "before=x", "before=0"] {
                #expect(try await sam.get("/statement?\(query)").status == .notFound, "\(query)")
            }
            #expect(try await sam.get("/statement.csv?network=2").status == .notFound)
        }
    }
}
