import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
@testable import PeerHoursWeb
import Testing

/// The coordinator world with matching to do in north: Ben and Cal offer coaching on burnout
/// all week; Rae (with a private description) and Ada each ask for coaching on burnout; the
/// clock then moves 8 days on, so both requests wait in the follow-up lists.
struct MatchingWorld {
    static let adaDescription = "Private words about my rota"
    let world: CoordinatorWorld
    let cal: Int64
    let ada: Int64
    let raeRequest: SupportRequest
    let benOffer: Offer

    static func make() async throws -> MatchingWorld {
        let world = try await CoordinatorWorld.make()
        let fixture = world.fixture, admin = world.admin, north = world.north
        let cal = try await fixture.member("cal@example.org", displayName: "Cal Coach", in: north, by: admin)
        let ada = try await fixture.member("ada@example.org", displayName: "Ada <i>Asker</i>", in: north, by: admin)
        let benOffer = try await offer(fixture, world.ben, north)
        _ = try await offer(fixture, cal, north)
        let raeRequest = try await request(fixture, world.rae, north, CoordinatorWorld.privateDescription)
        _ = try await request(fixture, ada, north, adaDescription)
        fixture.ledgerClock.advance(seconds: 8 * 86_400)
        return MatchingWorld(world: world, cal: cal, ada: ada, raeRequest: raeRequest, benOffer: benOffer)
    }

    static func offer(_ fixture: AppFixture, _ supporter: Int64, _ network: Network) async throws -> Offer {
        try await fixture.domain.offers.createOffer(Actor(memberID: MemberID(supporter)), networkID: network.id, OfferDetails(
            title: "Coaching after nights", kinds: ["coaching"], topics: ["burnout"],
            availability: (1...7).map { AvailabilityWindow(weekday: $0, startMinute: 0, endMinute: 1440) },
            timeZone: "Europe/London", modes: [.video], languages: ["en"], capacityHoursPerMonth: 2))
    }

    static func request(_ fixture: AppFixture, _ requester: Int64, _ network: Network, _ description: String) async throws
        -> SupportRequest
    {
        try await fixture.domain.requests.createRequest(Actor(memberID: MemberID(requester)), networkID: network.id, RequestDetails(
            kind: "coaching", topics: ["burnout"], timeZone: "Europe/London", mode: .video, language: "en",
            durationMinutes: 60, description: description))
    }

    var matching: String { CoordinatorPaths.matching(world.north.id) }
    func run(_ id: MatchingRunID) -> String { CoordinatorPaths.matchingRun(world.north.id, id) }
    var propose: String { CoordinatorPaths.proposeMatch(world.north.id, raeRequest.id) }

    /// The proposals Rae and Ada see for their requests.
    func seenByRequesters() async throws -> [MatchingProposal] {
        var seen: [MatchingProposal] = []
        let requests = try await world.fixture.domain.requests.myRequests(Actor(memberID: MemberID(world.rae))).items
            + world.fixture.domain.requests.myRequests(Actor(memberID: MemberID(ada))).items
        for request in requests {
            seen += try await world.fixture.domain.matching.proposals(Actor(memberID: request.requesterID), requestID: request.id).items
        }
        return seen
    }
}

@Suite struct CoordinatorMatchingPageTests {
    // Proves the runs list starts empty with its button; starting a run (CSRF, PRG) lands on its
    // review page, which names both people of each proposal (escaped), the kind and topics and the
    // reasons in words, never a private description, with a Drop button each and "Send 2
    // proposals"; nothing has reached the requesters; the list then shows the run as waiting.
    @Test func startAndReviewARun() async throws {
        let scene = try await MatchingWorld.make()
        try await scene.world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let empty = try await browser.get(scene.matching)
            #expect(empty.status == .ok && empty.html.contains("<h1>Matching runs for Network north</h1>"))
            #expect(empty.html.contains("No matching run has been made yet."))
            let started = try await browser.post(scene.matching, [("csrf", empty.csrfToken ?? "")])
            #expect(started.status == .seeOther)
            let review = try await browser.get(started.location ?? "")
            #expect(review.status == .ok && review.html.contains("<h1>Matching run of "))
            #expect(review.html.contains("Rae Requester with ") && review.html.contains("Ada &lt;i&gt;Asker&lt;/i&gt; with "))
            #expect(review.html.contains("Ben Supporter") && review.html.contains("Cal Coach"))
            #expect(review.html.contains("<dd>Coaching</dd>") && review.html.contains("<dd>burnout</dd>"))
            #expect(review.html.contains("<li>speaks English</li>") && review.html.contains("<li>shares ‘burnout’</li>"))
            #expect(!review.html.contains(CoordinatorWorld.privateDescription) && !review.html.contains(MatchingWorld.adaDescription))
            #expect(review.html.components(separatedBy: ">Drop<").count - 1 == 2)
            #expect(review.html.contains("Send 2 proposals"))
            let list = try await browser.get(scene.matching)
            #expect(list.html.contains("Waiting for your review: not sent yet") && list.html.contains("Pairings proposed: 2, of open requests: 2"))
            #expect(list.html.contains("Started by Nia &lt;b&gt;Coordinator&lt;/b&gt;"))
        }
        #expect(try await scene.seenByRequesters().isEmpty)
    }

    // Proves dropping one proposal and sending the rest: each a POST with its CSRF token
    // answered by a redirect (PRG); the page then says what was dropped and what was sent; the
    // requester of the sent one sees it, the other sees nothing; a second send or drop is
    // refused with a 409 page saying why; the home page links to the runs.
    @Test func dropOneAndSendTheRest() async throws {
        let scene = try await MatchingWorld.make()
        let run = try await scene.world.fixture.domain.matching.runMatching(
            Actor(memberID: MemberID(scene.world.nia)), networkID: scene.world.north.id, review: true)
        #expect(run.proposals.count == 2)
        let dropped = run.proposals[0], kept = run.proposals[1]
        let drop = CoordinatorPaths.dropProposal(scene.world.north.id, run.id, dropped.id)
        let send = CoordinatorPaths.sendMatchingRun(scene.world.north.id, run.id)
        try await scene.world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let home = try await browser.get(scene.world.home)
            #expect(home.html.contains(#"<a href="\#(scene.matching)">Matching runs"#))
            let page = try await browser.get(scene.run(run.id))
            let csrf = page.csrfToken ?? ""
            #expect(try await browser.post(drop, []).status == .forbidden)
            let afterDrop = try await browser.post(drop, [("csrf", csrf)])
            #expect(afterDrop.status == .seeOther)
            let told = try await browser.get(afterDrop.location ?? "")
            #expect(told.html.contains("was dropped. It will not be sent.") && told.html.contains("Send 1 proposal"))
            #expect(told.html.contains("Dropped: not sent"))
            let again = try await browser.post(drop, [("csrf", csrf)])
            #expect(again.status == .conflict && again.html.contains("That proposal is no longer waiting for review."))
            #expect(try await browser.post(send, []).status == .forbidden)
            let sent = try await browser.post(send, [("csrf", csrf)])
            #expect(sent.status == .seeOther)
            let result = try await browser.get(sent.location ?? "")
            #expect(result.html.contains("Sent 1 of the run&#39;s proposals.") || result.html.contains("Sent 1 of the run"))
            #expect(result.html.contains("This run was sent ") && result.html.contains("Sent: waiting for the person"))
            #expect(!result.html.contains(">Drop<") && !result.html.contains("Send 1 proposal"))
            let twice = try await browser.post(send, [("csrf", csrf)])
            #expect(twice.status == .conflict && twice.html.contains("This run has been sent already"))
            let list = try await browser.get(scene.matching)
            #expect(list.html.contains(": 1 sent, 1 dropped, 0 skipped"))
        }
        #expect(try await scene.seenByRequesters().map(\.id) == [kept.id])
    }

    // Proves the pages refuse whoever is not the network's coordinator: signed out, a GET goes
    // to sign-in and a POST is 403; another network's coordinator gets 404 and a plain member
    // 403 on every page and action; nothing is changed.
    @Test func refusedToOthers() async throws {
        let scene = try await MatchingWorld.make()
        let run = try await scene.world.fixture.domain.matching.runMatching(
            Actor(memberID: MemberID(scene.world.nia)), networkID: scene.world.north.id, review: true)
        let north = scene.world.north.id
        let pages = [scene.matching, scene.run(run.id), scene.propose]
        let posts = [scene.matching, CoordinatorPaths.sendMatchingRun(north, run.id),
                     CoordinatorPaths.dropProposal(north, run.id, run.proposals[0].id), scene.propose]
        try await scene.world.test(as: nil) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            for page in pages {
                let answer = try await browser.get(page)
                #expect(answer.status == .seeOther && answer.location == "/sign-in", "\(page)")
            }
            let csrf = try await browser.get("/sign-in").csrfToken ?? ""
            for post in posts { #expect(try await browser.post(post, [("csrf", csrf)]).status == .forbidden, "\(post)") }
        }
        for (email, status) in [(CoordinatorWorld.solEmail, HTTPResponse.Status.notFound), (CoordinatorWorld.raeEmail, .forbidden)] {
            try await scene.world.test(as: email) { browser, _ in
                var browser = browser  // a local copy: #expect cannot capture an inout parameter
                let csrf = try await browser.get("/").csrfToken ?? ""
                for page in pages { #expect(try await browser.get(page).status == status, "\(email) \(page)") }
                for post in posts {
                    #expect(try await browser.post(post, [("csrf", csrf), ("offer", "1")]).status == status, "\(email) \(post)")
                }
            }
        }
        let after = try await scene.world.fixture.domain.matching.matchingRun(Actor(memberID: MemberID(scene.world.nia)), run.id)
        #expect(after.sentAt == nil && after.proposals.allSatisfy { $0.status == .drafted })
        #expect(try await scene.seenByRequesters().isEmpty)
    }

    // Proves hostile ids and text are 4xx, never 500, with nothing echoed unescaped: ids that are
    // not numbers, a run or request of another network under north's path, a proposal of another
    // run, and an offer field holding markup.
    @Test func hostileInput() async throws {
        let scene = try await MatchingWorld.make()
        let fixture = scene.world.fixture
        let southRequest = try await MatchingWorld.request(fixture, scene.world.sol, scene.world.south, "south words")
        let southRun = try await fixture.domain.matching.runMatching(
            Actor(memberID: MemberID(scene.world.sol)), networkID: scene.world.south.id, review: true)
        let run = try await fixture.domain.matching.runMatching(
            Actor(memberID: MemberID(scene.world.nia)), networkID: scene.world.north.id, review: true)
        let other = try await fixture.domain.matching.runMatching(
            Actor(memberID: MemberID(scene.world.nia)), networkID: scene.world.north.id, review: true)
        let north = scene.world.north.id
        try await scene.world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let csrf = try await browser.get(scene.matching).csrfToken ?? ""
            for path in [scene.matching + "/runs/abc", scene.matching + "/runs/0", scene.matching + "/runs/99999999999999999999",
                         scene.run(southRun.id), CoordinatorPaths.proposeMatch(north, southRequest.id),
                         scene.matching + "/requests/%3Cscript%3E"] {
                let status = try await browser.get(path).status
                #expect(status == .notFound, "\(path)")
            }
            let stranger = CoordinatorPaths.dropProposal(north, run.id, other.proposals[0].id)
            #expect(try await browser.post(stranger, [("csrf", csrf)]).status == .notFound)
            #expect(try await browser.post(scene.matching + "/runs/abc/send", [("csrf", csrf)]).status == .notFound)
            let markup = try await browser.post(scene.propose, [("csrf", csrf), ("offer", "<script>alert(1)</script>")])
            #expect(markup.status == .unprocessableContent && !markup.html.contains("<script>alert"))
        }
    }

    // Proves proposing a match from the follow-ups: the waiting request links to its page, which
    // shows the request's kind and topics (never its description) and the suggestions by name
    // with reasons; no choice or a stale one is a 422 with the message at the field and in the
    // summary; a choice is proposed (PRG), said so, listed as proposed, reaches the requester,
    // and is audited; the same pair again is a 422.
    @Test func proposeAMatchFromFollowUps() async throws {
        let scene = try await MatchingWorld.make()
        try await scene.world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let followUps = try await browser.get(scene.world.followUps)
            #expect(followUps.html.contains(#"<a href="\#(scene.propose)">Propose a match"#))
            let page = try await browser.get(scene.propose)
            #expect(page.status == .ok && page.html.contains("<h1>Propose a match for Rae Requester</h1>"))
            #expect(page.html.contains("<dd>Coaching</dd>") && page.html.contains(#"<label class="radio-label" for="field-offer">"#))
            #expect(page.html.contains("Ben Supporter") && page.html.contains("Cal Coach") && page.html.contains("<li>speaks English</li>"))
            #expect(!page.html.contains(CoordinatorWorld.privateDescription))
            let csrf = page.csrfToken ?? ""
            let none = try await browser.post(scene.propose, [("csrf", csrf)])
            #expect(none.status == .unprocessableContent && none.html.contains(##"<a href="#field-offer">Choose a supporter to propose</a>"##))
            #expect(none.html.contains(#"id="field-offer-error""#))
            let stale = try await browser.post(scene.propose, [("csrf", csrf), ("offer", "99999")])
            #expect(stale.status == .unprocessableContent && stale.html.contains("no longer among the suggestions"))
            #expect(try await browser.post(scene.propose, [("offer", String(scene.benOffer.id.rawValue))]).status == .forbidden)
            let proposed = try await browser.post(scene.propose, [("csrf", csrf), ("offer", String(scene.benOffer.id.rawValue))])
            #expect(proposed.status == .seeOther)
            let told = try await browser.get(proposed.location ?? "")
            #expect(told.html.contains("Ben Supporter was proposed to Rae Requester."))
            #expect(told.html.contains("Ben Supporter: Sent: waiting for the person"))
            let again = try await browser.post(scene.propose, [("csrf", csrf), ("offer", String(scene.benOffer.id.rawValue))])
            #expect(again.status == .unprocessableContent && again.html.contains("has been proposed already"))
            #expect(again.html.contains(#"value="\#(scene.benOffer.id.rawValue)" aria-describedby"#))
        }
        let seen = try await scene.seenByRequesters()
        #expect(seen.map(\.offerID) == [scene.benOffer.id] && seen[0].status == .open)
        let trail = try await scene.world.fixture.domain.audit.trail(scene.world.admin, networkID: scene.world.north.id)
        #expect(trail.items.contains { $0.action == .matchProposed })
    }
}
