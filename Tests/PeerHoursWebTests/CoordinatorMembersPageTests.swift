import AppTestSupport
import Exchange
import Foundation
import Ledger
import HTTPTypes
import HummingbirdTesting
import Identity
@testable import PeerHoursWeb
import Testing

@Suite struct CoordinatorMembersPageTests {
    /// The north network of `CoordinatorWorld` with Sol of south invited to it (waiting for
    /// approval), a completed session Rae with Ben, and an open request of Rae's with a private
    /// description.
    static func world() async throws -> CoordinatorWorld {
        let world = try await CoordinatorWorld.make()
        let fixture = world.fixture
        _ = try await fixture.domain.memberships.invite(world.admin, memberID: MemberID(world.sol), networkID: world.north.id)
        let session = try await fixture.acceptedExchange(requester: MemberID(world.rae), supporter: MemberID(world.ben), in: world.north)
        fixture.ledgerClock.advance(seconds: 2 * 86_400)
        for member in [world.rae, world.ben] {
            _ = try await fixture.domain.exchanges.confirm(Actor(memberID: MemberID(member)), session.id, minutesGiven: 60)
        }
        _ = try await fixture.domain.requests.createRequest(
            Actor(memberID: MemberID(world.rae)), networkID: world.north.id,
            RequestDetails(kind: "coaching", topics: ["burnout"],
                           preferredWindows: [AvailabilityWindow(weekday: 2, startMinute: 17 * 60, endMinute: 21 * 60)],
                           timeZone: "Europe/London", mode: .video, language: "en", durationMinutes: 60,
                           description: CoordinatorWorld.privateDescription))
        return world
    }

    static func trail(_ world: CoordinatorWorld) async throws -> [AuditEvent] {
        try await world.fixture.domain.audit.trail(world.admin, networkID: world.north.id, page: PageRequest(size: 100)).items
    }

    static func status(_ world: CoordinatorWorld, _ member: Int64) async throws -> MembershipStatus? {
        try await world.fixture.domain.memberships.membership(world.admin, memberID: MemberID(member), networkID: world.north.id)?.status
    }

    // Proves every word these pages build from parts (per status, role, action and kind of
    // statement line) is in the shipped en-GB catalogue, so no page shows a bare key.
    @Test func builtKeysAreInTheCatalogue() throws {
        let words = try MessageCatalogues.load(directories: [WordsTests.shippedCatalogues]).defaultWords.messages
        var keys = MembershipStatus.allCases.flatMap { ["coordinateMembersStatus_" + $0.rawValue, "coordinateMembersFilter_" + $0.rawValue] }
        keys += ["coordinateMembersFilter_all"] + NetworkRole.allCases.map { "coordinateMemberRole_" + $0.rawValue }
        keys += MemberAction.allCases.flatMap {
            [$0.doneKey, "coordinateMemberActionHeading_" + $0.rawValue, "coordinateMemberActionButton_" + $0.rawValue]
        }
        keys += ["given", "received", "groupSession", "welcome", "other"].map { "coordinateMemberWhat_" + $0 }
        keys += ["coordinateMemberReasonLabel", "coordinateMemberReasonHint"]
        keys += RosterSort.allCases.map { "coordinateMembersSort_" + $0.rawValue }
        #expect(keys.filter { words[$0] == nil } == [])
    }

    // Proves the members list: every membership by display name (escaped) with profession,
    // organisation, status, balance, hours given and received and last session, linking to the
    // member's page; the status filter narrows it (an unknown status, sort, order or cursor is the
    // 400 page); a page read is one audit event, not one per member; the network home links to it.
    @Test func listShowsMembersAndFilters() async throws {
        let world = try await Self.world()
        let members = CoordinatorPaths.members(world.north.id)
        let before = try await Self.trail(world).count
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let home = try await browser.get(world.home)
            #expect(home.html.contains(#"<a href="\#(members)">Members</a>"#))
            let page = try await browser.get(members)
            #expect(page.status == .ok)
            #expect(page.html.contains("<h1>Members of Network north</h1>"))
            let rae = CoordinatorPaths.member(world.north.id, MemberID(world.rae))
            #expect(page.html.contains(#"<th scope="row"><a href="\#(rae)">Rae Requester</a></th><td>Practice nurse</td><td>Riverside Surgery</td><td>Active</td>"#))
            #expect(page.html.contains("<td>None</td><td>1 h</td>"), "Rae received an hour and gave none")
            #expect(page.html.contains("Ben Supporter"))
            #expect(page.html.contains("Nia &lt;b&gt;Coordinator&lt;/b&gt;") && !page.html.contains("<b>Coordinator"))
            #expect(page.html.contains(#"Sol South</a></th><td>Practice nurse</td><td>Riverside Surgery</td><td>Waiting for approval</td><td>No account yet</td><td>None</td><td>None</td><td>None yet</td>"#))
            #expect(page.html.contains(#"<th scope="col" aria-sort="ascending">Name</th>"#))
            #expect(!page.html.contains(CoordinatorWorld.privateDescription))

            let waiting = try await browser.get(members + "?status=invited")
            #expect(waiting.status == .ok && waiting.html.contains("Sol South") && !waiting.html.contains("Rae Requester"))
            #expect(waiting.html.contains(#"<option value="invited" selected>Waiting for approval</option>"#))
            #expect(waiting.html.contains("1 member"))
            let left = try await browser.get(members + "?status=left")
            #expect(left.html.contains("No members to show."))
            for bad in ["?status=banned", "?sort=salary", "?order=sideways", "?cursor=nonsense"] {
                let refused = try await browser.get(members + bad)
                #expect(refused.status == .badRequest, "\(bad)")
            }
        }
        let events = try await Self.trail(world).dropFirst(before)
        #expect(events.filter { $0.action == .balanceViewed }.isEmpty, "no per-member balance reads")
        #expect(events.contains { $0.action == .networkBalancesViewed && $0.actorID == MemberID(world.nia) && $0.detail == "members list" })
    }

    // Proves finding a member by part of their name (any case, accents folded; a space sent as `+`), sorting by a
    // figure in either order (aria-sort on that column), the next page keeping the query, and a
    // search too long shown at its field (422) rather than run.
    @Test func listSearchesAndSorts() async throws {
        let world = try await Self.world()
        let members = CoordinatorPaths.members(world.north.id)
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let found = try await browser.get(members + "?q=R%C3%81E")
            #expect(found.status == .ok && found.html.contains("Rae Requester") && !found.html.contains("Ben Supporter"))
            #expect(found.html.contains(#"value="RÁE""#))
            let whole = try await browser.get(members + "?q=rae+requester")  // as a browser sends a space
            #expect(whole.html.contains("1 member") && whole.html.contains(#"value="rae requester""#))
            let plus = try await browser.get(members + "?q=rae%2Brequester")  // a plus typed into the box
            #expect(plus.html.contains("0 members"))
            let nobody = try await browser.get(members + "?q=zz")
            #expect(nobody.html.contains("0 members") && nobody.html.contains("No members to show."))

            let byGiven = try await browser.get(members + "?sort=given&order=desc")
            #expect(byGiven.html.contains(#"<th scope="col" aria-sort="descending">Given</th>"#))
            let ben = try #require(byGiven.html.range(of: "Ben Supporter")), rae = try #require(byGiven.html.range(of: "Rae Requester"))
            #expect(ben.lowerBound < rae.lowerBound, "Ben gave the most")
            let byReceived = try await browser.get(members + "?sort=received&order=desc")
            let rae2 = try #require(byReceived.html.range(of: "Rae Requester")), ben2 = try #require(byReceived.html.range(of: "Ben Supporter"))
            #expect(rae2.lowerBound < ben2.lowerBound, "Rae received the most")

            let long = try await browser.get(members + "?q=" + String(repeating: "x", count: 101))
            #expect(long.status == .unprocessableContent && long.html.contains("Enter a name of 100 characters or fewer"))
            #expect(long.html.contains(#"aria-invalid="true""#))
        }
    }

    // Proves the member page: profile, membership, balance and the statement's movements in a
    // coordinator's words — never the private description of their request, nor anything from
    // their messages; the view is audited as a statement view.
    @Test func memberPageShowsStatementWithoutPrivateContent() async throws {
        let world = try await Self.world()
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let rae = try await browser.get(CoordinatorPaths.member(world.north.id, MemberID(world.rae)))
            #expect(rae.status == .ok)
            #expect(rae.html.contains("<h1>Rae Requester</h1>"))
            #expect(rae.html.contains("<dt>Profession</dt><dd>Practice nurse</dd>"))
            #expect(rae.html.contains("<dt>Status</dt><dd>Active</dd>"))
            #expect(rae.html.contains("Balance:"))
            #expect(rae.html.contains("Support received in a session"))
            #expect(!rae.html.contains(CoordinatorWorld.privateDescription) && !rae.html.contains("burnout"))
            #expect(rae.html.contains("Suspend this member"))
            let ben = try await browser.get(CoordinatorPaths.member(world.north.id, MemberID(world.ben)))
            #expect(ben.html.contains("Support given in a session"))
            let sol = try await browser.get(CoordinatorPaths.member(world.north.id, MemberID(world.sol)))
            #expect(sol.status == .ok && sol.html.contains("No account yet") && sol.html.contains("Approve this member"))
        }
        let viewed = try await Self.trail(world).filter { $0.action == .statementViewed }
        #expect(viewed.contains { $0.actorID == MemberID(world.nia) && $0.subjectMemberID == MemberID(world.rae) })
    }

    // Proves suspend, reinstate and approve from the member page: a reason is required (blank →
    // 422 at the field, nothing changed; too long → 422), each done action says so and records
    // the reason in the audit trail; an action the status no longer allows is 409; without the
    // CSRF token 403.
    @Test func actionsNeedAReasonAndAreAudited() async throws {
        let world = try await Self.world()
        let raePage = CoordinatorPaths.member(world.north.id, MemberID(world.rae))
        let suspend = CoordinatorPaths.memberAction(world.north.id, MemberID(world.rae), .suspend)
        let reinstate = CoordinatorPaths.memberAction(world.north.id, MemberID(world.rae), .reinstate)
        let approve = CoordinatorPaths.memberAction(world.north.id, MemberID(world.sol), .approve)
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let csrf = try await browser.get(raePage).csrfToken ?? ""
            let checked1 = try await browser.post(suspend, [("reason", "No token")]).status; #expect(checked1 == .forbidden)
            let checked2 = try await browser.post(suspend, [("csrf", "wrong"), ("reason", "Bad token")]).status; #expect(checked2 == .forbidden)
            let blank = try await browser.post(suspend, [("csrf", csrf), ("reason", "  \n ")])
            #expect(blank.status == .unprocessableContent)
            #expect(blank.html.contains("Enter a reason") && blank.html.contains(#"aria-invalid="true""#))
            let long = try await browser.post(suspend, [("csrf", csrf), ("reason", String(repeating: "x", count: 501))])
            #expect(long.status == .unprocessableContent && long.html.contains("Keep the reason to 500 characters or fewer"))
            let checked3 = try await Self.status(world, world.rae); #expect(checked3 == .active)

            let suspended = try await browser.post(suspend, [("csrf", csrf), ("reason", "Missed three sessions")])
            #expect(suspended.status == .seeOther && suspended.location == raePage + "?done=suspend")
            let checked4 = try await Self.status(world, world.rae); #expect(checked4 == .suspended)
            let told = try await browser.get(suspended.location ?? "")
            #expect(told.html.contains("Rae Requester is suspended.") && told.html.contains("Reinstate this member"))
            let stale = try await browser.post(approve.replacingOccurrences(of: "/\(world.sol)/", with: "/\(world.rae)/"),
                                               [("csrf", csrf), ("reason", "Approve an active member")])
            #expect(stale.status == .conflict && stale.html.contains("The membership changed meanwhile"))
            let reinstated = try await browser.post(reinstate, [("csrf", csrf), ("reason", "Talked it through")])
            #expect(reinstated.status == .seeOther && reinstated.location == raePage + "?done=reinstate")
            let checked5 = try await Self.status(world, world.rae); #expect(checked5 == .active)
            let approved = try await browser.post(approve, [("csrf", csrf), ("reason", "Known to the team")])
            #expect(approved.status == .seeOther)
            let checked6 = try await Self.status(world, world.sol); #expect(checked6 == .active)
        }
        let events = try await Self.trail(world).filter { [.membershipSuspended, .membershipReinstated, .membershipApproved].contains($0.action) }
        #expect(events.map(\.detail) == ["Missed three sessions", "Talked it through", "Known to the team"])
        #expect(events.allSatisfy { $0.actorID == MemberID(world.nia) })
    }

    // Proves the refusals: a plain member of the network 403 (pages and actions, nothing
    // changed), a coordinator of another network 404, a member not in the network and an unknown
    // member 404, signed out a redirect to sign-in (an action 403).
    @Test func refusals() async throws {
        let world = try await Self.world()
        let members = CoordinatorPaths.members(world.north.id)
        let ben = CoordinatorPaths.member(world.north.id, MemberID(world.ben))
        let suspend = CoordinatorPaths.memberAction(world.north.id, MemberID(world.ben), .suspend)
        let east = try await world.fixture.network("east", by: world.admin)
        let eve = try await world.fixture.member("eve@example.org", displayName: "Eve East", in: east, by: world.admin)
        _ = try await world.fixture.domain.memberships.appointCoordinator(world.admin, memberID: MemberID(eve), networkID: east.id)
        for (email, refusal) in [(CoordinatorWorld.raeEmail, HTTPResponse.Status.forbidden), ("eve@example.org", .notFound)] {
            try await world.test(as: email) { browser, _ in
                var browser = browser  // a local copy: #expect cannot capture an inout parameter
                let checked7 = try await browser.get(members).status; #expect(checked7 == refusal)
                let checked8 = try await browser.get(ben).status; #expect(checked8 == refusal)
                let csrf = try await browser.get("/").csrfToken ?? ""
                let checked9 = try await browser.post(suspend, [("csrf", csrf), ("reason", "Not theirs to do")]).status; #expect(checked9 == refusal)
                let checked10 = try await browser.post(suspend, [("csrf", csrf), ("reason", "")]).status; #expect(checked10 == refusal)
            }
        }
        let checked11 = try await Self.status(world, world.ben); #expect(checked11 == .active)
        let sam = try await world.fixture.member("sam@example.org", displayName: "Sam South", in: world.south, by: world.admin)
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let checked12 = try await browser.get(CoordinatorPaths.member(world.north.id, MemberID(sam))).status; #expect(checked12 == .notFound)
            let checked13 = try await browser.get(CoordinatorPaths.member(world.north.id, MemberID(424_242))).status; #expect(checked13 == .notFound)
            let checked14 = try await browser.get(members + "/not-a-number").status; #expect(checked14 == .notFound)
            let checked15 = try await browser.get(CoordinatorPaths.member(world.south.id, MemberID(world.sol))).status; #expect(checked15 == .notFound)
        }
        try await world.test(as: nil) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            for path in [members, ben] {
                let page = try await browser.get(path)
                #expect(page.status == .seeOther && page.location == "/sign-in", "\(path)")
            }
            let csrf = try await browser.get("/sign-in").csrfToken ?? ""
            let checked16 = try await browser.post(suspend, [("csrf", csrf), ("reason", "Signed out")]).status; #expect(checked16 == .forbidden)
        }
    }
}
