import AppTestSupport
import Exchange
import Foundation
import Ledger
import HTTPTypes
import HummingbirdTesting
import Identity
@testable import PeerHoursWeb
import Testing

@Suite struct CoordinatorDisputesPageTests {
    static let raeReason = "Ben <script>did not</script> come"
    static let benSide = "I waited on video for 30 minutes"

    /// `CoordinatorWorld` with an accepted session Rae with Ben, now past; Rae has disputed it.
    static func disputed() async throws -> (CoordinatorWorld, ExchangeID) {
        let world = try await CoordinatorWorld.make()
        let fixture = world.fixture
        let session = try await fixture.acceptedExchange(requester: MemberID(world.rae), supporter: MemberID(world.ben), in: world.north)
        fixture.ledgerClock.advance(seconds: 2 * 86_400)
        _ = try await fixture.domain.exchanges.dispute(Actor(memberID: MemberID(world.rae)), session.id, reason: raeReason)
        return (world, session.id)
    }

    static func trail(_ world: CoordinatorWorld) async throws -> [AuditEvent] {
        try await world.fixture.domain.audit.trail(world.admin, networkID: world.north.id, page: PageRequest(size: 100)).items
    }

    // Proves every word these pages build from parts (per status and outcome) is in the shipped
    // catalogue, and the new audit action has its words.
    @Test func builtKeysAreInTheCatalogue() throws {
        let words = try MessageCatalogues.load(directories: [WordsTests.shippedCatalogues]).defaultWords.messages
        var keys = ExchangeStatus.allCases.map { "coordinateDisputeStatus_" + $0.rawValue }
        keys += ["post", "void"].map { "coordinateDisputeOutcome_" + $0 }
        keys += AccountKind.allCases.map { "coordinateCorrectionAccount_" + $0.rawValue }
        keys += ["coordinateDisputesNone", "coordinateDisputesOne", "coordinateDisputesSome", "coordinateDisputesMore", "coordinateDisputesLink"]
        keys += ["sessionsDone_answer", "sessionsRefusedNow_answer", "sessionsAnswerReasonLabel", "sessionsAnswerReasonHint"]
        keys += ["coordinateCorrectionBetween", "coordinateCorrectionMovement", "coordinateCorrectionEffect", "coordinateDisputeLine"]
        keys += ["auditEvent_exchange_dispute_viewed", "auditAction_exchange_dispute_viewed"]
        #expect(keys.filter { words[$0] == nil } == [])
    }

    // Proves journey (c)'s heart: the other person gives their side from the session page (a
    // mistake first; the one who disputed has no such form); the network home lists the dispute
    // with a link; the list names both people and who disputed; the dispute's page shows the
    // session's facts and both sides (escaped), never the request's description, and the read is
    // audited; the resolve form's mistakes come back at their fields with the input kept; a
    // resolution completes the session for the minutes chosen.
    @Test func answerReadBothSidesAndResolve() async throws {
        let (world, id) = try await Self.disputed()
        let session = SessionPaths.exchange(id)
        try await world.test(as: "ben@example.org") { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let page = try await browser.get(session)
            #expect(page.html.contains("Your side") && page.html.contains(#"action="\#(session)/answer""#))
            let csrf = page.csrfToken ?? ""
            let blank = try await browser.post(session + "/answer", [("csrf", csrf), ("reason", " ")])
            #expect(blank.status == .unprocessableContent && blank.html.contains("Enter what happened"))
            let noToken = try await browser.post(session + "/answer", [("reason", Self.benSide)])
            #expect(noToken.status == .forbidden)
            let sent = try await browser.post(session + "/answer", [("csrf", csrf), ("reason", Self.benSide)])
            #expect(sent.status == .seeOther && sent.location == session + "?done=answer")
            let after = try await browser.get(session)
            #expect(after.html.contains("You have given your side") && !after.html.contains(#"\#(session)/answer""#))
            #expect(!after.html.contains(Self.benSide))
            let twice = try await browser.post(session + "/answer", [("csrf", csrf), ("reason", "Something else")])
            #expect(twice.status == .conflict)
        }
        try await world.test(as: CoordinatorWorld.raeEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let page = try await browser.get(session)
            #expect(!page.html.contains("/answer") && !page.html.contains("did not"))
            let own = try await browser.post(session + "/answer", [("csrf", page.csrfToken ?? ""), ("reason", "Me too")])
            #expect(own.status == .forbidden)
        }
        let dispute = CoordinatorPaths.dispute(world.north.id, id)
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let home = try await browser.get(world.home)
            #expect(home.html.contains("1 session is disputed and waits for a coordinator."))
            #expect(home.html.contains(#"<a href="\#(dispute)">Rae Requester with Ben Supporter: disputed by Rae Requester"#))
            let list = try await browser.get(CoordinatorPaths.disputes(world.north.id))
            #expect(list.status == .ok && list.html.contains(#"<a href="\#(dispute)">Rae Requester with Ben Supporter</a>"#))
            #expect(list.html.contains("<td>Rae Requester</td>") && list.html.contains("<td>Given</td>"))
            #expect(!list.html.contains("did not"))
            let page = try await browser.get(dispute)
            #expect(page.status == .ok && page.html.contains("<h1>Dispute: Rae Requester with Ben Supporter</h1>"))
            #expect(page.html.contains("Ben &lt;script&gt;did not&lt;/script&gt; come") && !page.html.contains("<script>did"))
            #expect(page.html.contains(Self.benSide) && page.html.contains("Rae Requester&#39;s side"))
            #expect(page.html.contains("<dt>Booked for</dt><dd>1 h</dd>"))
            let csrf = page.csrfToken ?? ""
            let resolve = CoordinatorPaths.resolveDispute(world.north.id, id)
            let noOutcome = try await browser.post(resolve, [("csrf", csrf), ("minutes", "45"), ("reason", "Half")])
            #expect(noOutcome.status == .unprocessableContent && noOutcome.html.contains("Choose whether to complete or cancel"))
            #expect(noOutcome.html.contains(">Half</textarea>"))
            let badMinutes = try await browser.post(resolve, [("csrf", csrf), ("outcome", "post"), ("minutes", "61"), ("reason", "Half")])
            #expect(badMinutes.status == .unprocessableContent && badMinutes.html.contains("Enter whole minutes from 1 to 60"))
            let noReason = try await browser.post(resolve, [("csrf", csrf), ("outcome", "void"), ("minutes", "60"), ("reason", "")])
            #expect(noReason.status == .unprocessableContent && noReason.html.contains("Enter your reason for this decision"))
            let noToken = try await browser.post(resolve, [("outcome", "void"), ("minutes", "60"), ("reason", "x")])
            #expect(noToken.status == .forbidden)
            let done = try await browser.post(resolve, [("csrf", csrf), ("outcome", "post"), ("minutes", "45"), ("reason", "They met late")])
            #expect(done.status == .seeOther && done.location == dispute + "?done=resolved")
            let resolved = try await browser.get(dispute + "?done=resolved")
            #expect(resolved.html.contains("The dispute is resolved.") && resolved.html.contains("completed it for 45 min"))
            #expect(!resolved.html.contains(resolve))
            let again = try await browser.post(resolve, [("csrf", csrf), ("outcome", "void"), ("minutes", "60"), ("reason", "Again")])
            #expect(again.status == .conflict)
            let empty = try await browser.get(CoordinatorPaths.disputes(world.north.id))
            #expect(empty.html.contains("No session is disputed."))
        }
        let exchange = try await world.fixture.domain.exchanges.exchange(Actor(memberID: MemberID(world.nia)), id)
        #expect(exchange.status == .completed && exchange.settledMinutes == 45)
        let trail = try await Self.trail(world)
        #expect(trail.contains { $0.action == .disputeViewed && $0.actorID == MemberID(world.nia) && $0.subjectID == id.rawValue })
        #expect(trail.contains { $0.action == .disputeResolved })
    }

    // Proves a coordinator who is one of the two people reads neither side and has no resolve
    // form, and a resolution they post anyway is refused on the page (403), nothing changed.
    @Test func partyCoordinatorIsRefusedResolving() async throws {
        let (world, id) = try await Self.disputed()
        _ = try await world.fixture.domain.memberships.appointCoordinator(world.admin, memberID: MemberID(world.ben), networkID: world.north.id)
        let dispute = CoordinatorPaths.dispute(world.north.id, id)
        try await world.test(as: "ben@example.org") { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let page = try await browser.get(dispute)
            #expect(page.status == .ok && page.html.contains("You are one of the two people in this session"))
            #expect(!page.html.contains("did not") && !page.html.contains("Resolve the dispute</button>"))
            let refused = try await browser.post(CoordinatorPaths.resolveDispute(world.north.id, id),
                                                 [("csrf", page.csrfToken ?? ""), ("outcome", "post"), ("minutes", "60"), ("reason", "Mine")])
            #expect(refused.status == .forbidden && refused.html.contains("another coordinator must resolve it"))
        }
        let exchange = try await world.fixture.domain.exchanges.exchange(Actor(memberID: MemberID(world.nia)), id)
        #expect(exchange.status == .disputed)
    }

    // Proves the refusals: a plain member 403 and another network's coordinator 404 on the list,
    // the dispute and its resolution; signed out a redirect (POST 403); hostile and unknown ids,
    // an exchange never disputed, 404 — never a 500.
    @Test func refusals() async throws {
        let (world, id) = try await Self.disputed()
        let list = CoordinatorPaths.disputes(world.north.id), dispute = CoordinatorPaths.dispute(world.north.id, id)
        let resolve = CoordinatorPaths.resolveDispute(world.north.id, id)
        let fields: @Sendable (String) -> [(String, String)] = { csrf in [("csrf", csrf), ("outcome", "void"), ("minutes", "60"), ("reason", "Not theirs")] }
        for (email, refusal) in [(CoordinatorWorld.raeEmail, HTTPResponse.Status.forbidden), (CoordinatorWorld.solEmail, .notFound)] {
            try await world.test(as: email) { browser, _ in
                var browser = browser  // a local copy: #expect cannot capture an inout parameter
                let one = try await browser.get(list).status; #expect(one == refusal)
                let two = try await browser.get(dispute).status; #expect(two == refusal)
                let csrf = try await browser.get("/").csrfToken ?? ""
                let three = try await browser.post(resolve, fields(csrf)).status; #expect(three == refusal)
            }
        }
        let other = try await world.fixture.acceptedExchange(requester: MemberID(world.ben), supporter: MemberID(world.rae), in: world.north)
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            for path in [list + "/abc", list + "/-1", list + "/99999999", CoordinatorPaths.dispute(world.north.id, other.id),
                         CoordinatorPaths.dispute(world.south.id, id), list + "/1e3"] {
                let status = try await browser.get(path).status
                #expect([.notFound, .badRequest].contains(status), "\(path)")
            }
            let badCursor = try await browser.get(list + "?cursor=%3Cscript%3E").status
            #expect(badCursor == .badRequest)
        }
        try await world.test(as: nil) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            for path in [list, dispute] {
                let page = try await browser.get(path)
                #expect(page.status == .seeOther && page.location == "/sign-in", "\(path)")
            }
            let csrf = try await browser.get("/sign-in").csrfToken ?? ""
            let post = try await browser.post(resolve, fields(csrf)).status; #expect(post == .forbidden)
        }
        let exchange = try await world.fixture.domain.exchanges.exchange(Actor(memberID: MemberID(world.nia)), id)
        #expect(exchange.status == .disputed)
    }
}
