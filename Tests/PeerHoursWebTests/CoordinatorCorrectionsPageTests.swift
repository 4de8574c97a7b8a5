import AppTestSupport
import Exchange
import Foundation
import Ledger
import HTTPTypes
import HummingbirdTesting
import Identity
@testable import PeerHoursWeb
import Testing

@Suite struct CoordinatorCorrectionsPageTests {
    /// `CoordinatorWorld` with a completed hour: Rae was supported by Ben. Answers the transfer
    /// that paid Ben.
    static func world() async throws -> (CoordinatorWorld, TransferID) {
        let world = try await CoordinatorWorld.make()
        let fixture = world.fixture
        let session = try await fixture.acceptedExchange(requester: MemberID(world.rae), supporter: MemberID(world.ben), in: world.north)
        fixture.ledgerClock.advance(seconds: 2 * 86_400)
        for member in [world.rae, world.ben] {
            _ = try await fixture.domain.exchanges.confirm(Actor(memberID: MemberID(member)), session.id, minutesGiven: 60)
        }
        let ben = Actor(memberID: MemberID(world.ben))
        let line = try await fixture.domain.accounts.statement(ben, memberID: ben.memberID, networkID: world.north.id).items
            .last { $0.isCorrectable && $0.direction == .credit }
        return (world, try #require(line).transferID)
    }

    // Proves a correction from the coordinator's view of a member: each correctable movement has
    // a "Correct" link; the form says between whom it moved by name and defaults to all of it;
    // each mistake (minutes out of range, no reason) comes back at its field with the input kept;
    // more than what is left is a form error from the ledger, not a 500; the correction then
    // shows with its reason on both members' own statements and on the coordinator's view, and in
    // the network's list of corrections (reason escaped).
    @Test func correctFromTheMemberPage() async throws {
        let (world, transferID) = try await Self.world()
        let benPage = CoordinatorPaths.member(world.north.id, MemberID(world.ben))
        let form = CoordinatorPaths.newCorrection(world.north.id, transfer: transferID, member: MemberID(world.ben))
        let post = CoordinatorPaths.newCorrectionRoute(world.north.id)
        let reason = "Ended <b>early</b>"
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let member = try await browser.get(benPage)
            #expect(member.html.contains(#"<a href="\#(form.replacingOccurrences(of: "&", with: "&amp;"))">Correct"#))
            let page = try await browser.get(form)
            #expect(page.status == .ok && page.html.contains("1 h moved from Rae Requester to Ben Supporter"))
            #expect(page.html.contains(#"value="60""#))
            let csrf = page.csrfToken ?? "", key = PageResponse.firstMatch(#"name="formKey" value="([^"]*)""#, in: page.html) ?? ""
            let base = [("csrf", csrf), ("formKey", key), ("transfer", String(transferID.rawValue)), ("member", String(world.ben))]
            let zero = try await browser.post(post, base + [("minutes", "0"), ("reason", reason)])
            #expect(zero.status == .unprocessableContent && zero.html.contains("Enter whole minutes from 1 to 60"))
            #expect(zero.html.contains("Ended &lt;b&gt;early&lt;/b&gt;</textarea>"))
            let blank = try await browser.post(post, base + [("minutes", "20"), ("reason", "  ")])
            #expect(blank.status == .unprocessableContent && blank.html.contains("Enter the reason for the correction"))
            let noToken = try await browser.post(post, Array(base.dropFirst()) + [("minutes", "20"), ("reason", reason)])
            #expect(noToken.status == .forbidden)
            let made = try await browser.post(post, base + [("minutes", "20"), ("reason", reason)])
            #expect(made.status == .seeOther && made.location == benPage + "?corrected=1")
            let replay = try await browser.post(post, base + [("minutes", "20"), ("reason", reason)])
            #expect(replay.status == .seeOther)
            let told = try await browser.get(benPage + "?corrected=1")
            #expect(told.html.contains("The correction is made.") && told.html.contains("Correction by a coordinator: Ended &lt;b&gt;early"))
            let fresh = try await browser.get(form)
            let key2 = PageResponse.firstMatch(#"name="formKey" value="([^"]*)""#, in: fresh.html) ?? ""
            let tooMuch = try await browser.post(post, [("csrf", csrf), ("formKey", key2), ("transfer", String(transferID.rawValue)),
                                                        ("member", String(world.ben)), ("minutes", "50"), ("reason", "Again")])
            #expect(tooMuch.status == .unprocessableContent && tooMuch.html.contains("more than is left"))
            let list = try await browser.get(CoordinatorPaths.corrections(world.north.id))
            #expect(list.status == .ok && list.html.contains("Ended &lt;b&gt;early&lt;/b&gt;") && !list.html.contains("<b>early"))
            #expect(list.html.contains("From Ben Supporter to Rae Requester") && list.html.contains("<td>20 min</td>"))
        }
        let corrections = try await world.fixture.domain.corrections.corrections(world.admin, networkID: world.north.id)
        #expect(corrections.items.map(\.minutes) == [20])
        for email in [CoordinatorWorld.raeEmail, "ben@example.org"] {
            try await world.test(as: email) { browser, _ in
                var browser = browser  // a local copy: #expect cannot capture an inout parameter
                let statement = try await browser.get("/statement")
                #expect(statement.html.contains("Correction by a coordinator: Ended &lt;b&gt;early&lt;/b&gt;"), "\(email)")
            }
        }
    }

    // Proves the domain's refusals are form errors: a coordinator correcting a movement into
    // their own account is told to ask another coordinator (422), nothing moved.
    @Test func ownAccountIsAFormError() async throws {
        let (world, _) = try await Self.world()
        let session = try await world.fixture.acceptedExchange(requester: MemberID(world.rae), supporter: MemberID(world.nia), in: world.north)
        world.fixture.ledgerClock.advance(seconds: 2 * 86_400)
        for member in [world.rae, world.nia] {
            _ = try await world.fixture.domain.exchanges.confirm(Actor(memberID: MemberID(member)), session.id, minutesGiven: 60)
        }
        let nia = Actor(memberID: MemberID(world.nia))
        let own = try #require(try await world.fixture.domain.accounts.statement(nia, memberID: nia.memberID, networkID: world.north.id)
            .items.last { $0.isCorrectable })
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let form = try await browser.get(CoordinatorPaths.newCorrection(world.north.id, transfer: own.transferID, member: nia.memberID))
            let refused = try await browser.post(CoordinatorPaths.newCorrectionRoute(world.north.id), [
                ("csrf", form.csrfToken ?? ""), ("transfer", String(own.transferID.rawValue)), ("member", String(world.nia)),
                ("minutes", ""), ("reason", "My own"),
            ])
            #expect(refused.status == .unprocessableContent && refused.html.contains("ask another coordinator"))
        }
        #expect(try await world.fixture.domain.corrections.corrections(world.admin, networkID: world.north.id).items.isEmpty)
    }

    // Proves the refusals: a plain member 403 and another network's coordinator 404 on the form,
    // the post and the list; signed out a redirect (POST 403); hostile or unknown transfers, and
    // one of another network, 404 — never a 500.
    @Test func refusals() async throws {
        let (world, transferID) = try await Self.world()
        let form = CoordinatorPaths.newCorrection(world.north.id, transfer: transferID, member: MemberID(world.ben))
        let post = CoordinatorPaths.newCorrectionRoute(world.north.id), list = CoordinatorPaths.corrections(world.north.id)
        let fields: @Sendable (String) -> [(String, String)] = { csrf in [("csrf", csrf), ("transfer", String(transferID.rawValue)), ("minutes", "10"), ("reason", "Not theirs")] }
        for (email, refusal) in [(CoordinatorWorld.raeEmail, HTTPResponse.Status.forbidden), (CoordinatorWorld.solEmail, .notFound)] {
            try await world.test(as: email) { browser, _ in
                var browser = browser  // a local copy: #expect cannot capture an inout parameter
                let one = try await browser.get(form).status; #expect(one == refusal)
                let two = try await browser.get(list).status; #expect(two == refusal)
                let csrf = try await browser.get("/").csrfToken ?? ""
                let three = try await browser.post(post, fields(csrf)).status; #expect(three == refusal)
            }
        }
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            for query in ["", "?transfer=abc", "?transfer=-4", "?transfer=999999", "?transfer=1&member=%3Cb%3E"] {
                let status = try await browser.get(post + query).status
                #expect(status == .notFound, "\(query)")
            }
            let southForm = try await browser.get(CoordinatorPaths.newCorrection(world.south.id, transfer: transferID, member: MemberID(world.ben)))
            #expect(southForm.status == .notFound)
            let csrf = try await browser.get(list).csrfToken ?? ""
            let hostile = try await browser.post(post, [("csrf", csrf), ("transfer", "<script>"), ("reason", "x")]).status
            #expect(hostile == .notFound)
        }
        try await world.test(as: nil) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            for path in [form, list] {
                let page = try await browser.get(path)
                #expect(page.status == .seeOther && page.location == "/sign-in", "\(path)")
            }
            let csrf = try await browser.get("/sign-in").csrfToken ?? ""
            let three = try await browser.post(post, fields(csrf)).status; #expect(three == .forbidden)
        }
        #expect(try await world.fixture.domain.corrections.corrections(world.admin, networkID: world.north.id).items.isEmpty)
    }
}
