import AppTestSupport
import Exchange
import Foundation
import Ledger
import HTTPTypes
import HummingbirdTesting
import Identity
@testable import PeerHoursWeb
import Testing

/// Two networks: north (Nia coordinates; Rae and Ben are members; Sol of south is invited to
/// north and waits for approval) and south (Sol coordinates).
struct CoordinatorWorld {
    static let niaEmail = "nia@example.org", raeEmail = "rae@example.org", solEmail = "sol@example.org"
    static let privateDescription = "Struggling after nights on the ward"

    let fixture: AppFixture
    let admin: Actor
    let north: Network
    let south: Network
    let nia: Int64
    let rae: Int64
    let ben: Int64
    let sol: Int64

    static func make(_ given: AppFixture? = nil) async throws -> CoordinatorWorld {
        let fixture: AppFixture
        if let given { fixture = given } else { fixture = try await AppFixture.web() }
        let admin = try await fixture.administrator()
        let north = try await fixture.network("north", by: admin)
        let south = try await fixture.network("south", by: admin)
        let nia = try await fixture.member(niaEmail, displayName: "Nia <b>Coordinator</b>", in: north, by: admin)
        let rae = try await fixture.member(raeEmail, displayName: "Rae Requester", in: north, by: admin)
        let ben = try await fixture.member("ben@example.org", displayName: "Ben Supporter", in: north, by: admin)
        let sol = try await fixture.member(solEmail, displayName: "Sol South", in: south, by: admin)
        _ = try await fixture.domain.memberships.appointCoordinator(admin, memberID: MemberID(nia), networkID: north.id)
        _ = try await fixture.domain.memberships.appointCoordinator(admin, memberID: MemberID(sol), networkID: south.id)
        return CoordinatorWorld(fixture: fixture, admin: admin, north: north, south: south, nia: nia, rae: rae, ben: ben, sol: sol)
    }

    /// Sol invited to north (waiting for approval), an accepted session Rae with Ben, and an open
    /// request of Rae's with a private description; then the domain's clock moves 8 days on, so
    /// the session is past its time and the request has waited more than a week.
    func withFollowUps() async throws {
        _ = try await fixture.domain.memberships.invite(admin, memberID: MemberID(sol), networkID: north.id)
        _ = try await fixture.acceptedExchange(requester: MemberID(rae), supporter: MemberID(ben), in: north)
        _ = try await fixture.domain.requests.createRequest(
            Actor(memberID: MemberID(rae)), networkID: north.id,
            RequestDetails(kind: "coaching", topics: ["burnout", "sleep"],
                           preferredWindows: [AvailabilityWindow(weekday: 2, startMinute: 17 * 60, endMinute: 21 * 60)],
                           timeZone: "Europe/London", mode: .video, language: "en", durationMinutes: 60,
                           description: Self.privateDescription))
        fixture.ledgerClock.advance(seconds: 8 * 86_400)
    }

    func test(as email: String?, _ body: @escaping @Sendable (inout Browser, any TestClientProtocol) async throws -> Void) async throws {
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            if let email { #expect(try await browser.signIn(email, AppFixture.password).status == .seeOther) }
            try await body(&browser, client)
        }
    }

    var home: String { CoordinatorPaths.home(north.id) }
    var invitations: String { CoordinatorPaths.invitations(north.id) }
    var followUps: String { CoordinatorPaths.followUps(north.id) }
}

@Suite struct CoordinatorHomeTests {
    // Proves the network home: what needs the coordinator now, by display name (escaped) — the
    // member waiting for approval, the session past its time (both names, how long ago), the
    // request waiting over a week (requester, kind) — each list linking to act on it; never the
    // request's private description. Without a report store the month's figures say why they
    // are missing.
    @Test func homeShowsWhatNeedsThemByName() async throws {
        let world = try await CoordinatorWorld.make()
        try await world.withFollowUps()
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let page = try await browser.get(world.home)
            #expect(page.status == .ok)
            #expect(page.html.contains("<h1>Coordinate Network north</h1>"))
            #expect(page.html.contains("1 member is waiting for approval."))
            #expect(page.html.contains(#"<p class="account-person-name">Sol South</p>"#))
            #expect(page.html.contains(#"action="\#(CoordinatorPaths.approveMember(world.north.id, MemberID(world.sol)))""#))
            #expect(page.html.contains("1 session is past its time and not confirmed by both people."))
            #expect(page.html.contains("<li>Rae Requester with Ben Supporter, 6 days ago</li>"))
            #expect(page.html.contains("<li>Rae Requester: Coaching, waiting 8 days</li>"))
            #expect(page.html.contains(#"href="\#(world.followUps)#unconfirmed""#))
            #expect(page.html.contains(#"href="\#(world.followUps)#unmatched""#))
            #expect(page.html.contains(#"href="\#(world.invitations)""#))
            #expect(page.html.contains(#"href="\#(CoordinatorPaths.report(world.north.id))""#))
            #expect(page.html.contains("This server does not keep reports"))
            #expect(!page.html.contains(CoordinatorWorld.privateDescription))
            #expect(!page.html.contains("<b>Coordinator"))
        }
    }

    // Proves the month's figures come from the network's report: with nobody active yet the
    // count is 0 (nothing is learnt about nobody); after one completed session between two
    // members both figures are withheld (fewer than five people) and the page says why; the
    // views are in the network's audit trail.
    @Test func monthFiguresFromTheReport() async throws {
        let world = try await CoordinatorWorld.make(try await AppFixture(members: .exchange, ledger: .sqlite))
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let page = try await browser.get(world.home)
            #expect(page.status == .ok)
            #expect(page.html.contains("<dt>Members active in the last 30 days</dt><dd>0</dd>"))
            #expect(page.html.contains("<dt>Hours given this month</dt>"))
            #expect(!page.html.contains("fewer than five people is withheld"))
            #expect(page.html.contains("Nobody is waiting for approval."))
            #expect(page.html.contains("Every past session has been confirmed."))
        }
        let session = try await world.fixture.acceptedExchange(requester: MemberID(world.rae), supporter: MemberID(world.ben), in: world.north)
        world.fixture.ledgerClock.advance(seconds: 2 * 86_400)
        for member in [world.rae, world.ben] {
            _ = try await world.fixture.domain.exchanges.confirm(Actor(memberID: MemberID(member)), session.id, minutesGiven: 60)
        }
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let page = try await browser.get(world.home)
            #expect(page.html.contains("<dt>Members active in the last 30 days</dt><dd>Withheld</dd>"))
            #expect(page.html.contains("<dt>Hours given this month</dt><dd>Withheld</dd>"))
            #expect(page.html.contains("fewer than five people is withheld"))
        }
        let trail = try await world.fixture.domain.audit.trail(world.admin, networkID: world.north.id)
        #expect(trail.items.filter { $0.action == .reportViewed }.count == 2)
    }

    // Proves approving a member waiting for approval from the home page: refused without the
    // CSRF token (403), by a plain member (403) and by a coordinator of another network (404),
    // nothing changing; done by the coordinator, who is told so by name; a second approval is
    // explained (409).
    @Test func approveAWaitingMember() async throws {
        let world = try await CoordinatorWorld.make()
        try await world.withFollowUps()
        let east = try await world.fixture.network("east", by: world.admin)
        let eve = try await world.fixture.member("eve@example.org", displayName: "Eve East", in: east, by: world.admin)
        _ = try await world.fixture.domain.memberships.appointCoordinator(world.admin, memberID: MemberID(eve), networkID: east.id)
        let approve = CoordinatorPaths.approveMember(world.north.id, MemberID(world.sol))
        let status: @Sendable () async throws -> MembershipStatus? = {
            try await world.fixture.domain.memberships.membership(world.admin, memberID: MemberID(world.sol), networkID: world.north.id)?.status
        }
        for (email, refusal) in [(CoordinatorWorld.raeEmail, HTTPResponse.Status.forbidden), ("eve@example.org", .notFound)] {
            try await world.test(as: email) { browser, _ in
                var browser = browser  // a local copy: #expect cannot capture an inout parameter
                let csrf = try await browser.get("/").csrfToken ?? ""
                let refused = try await browser.post(approve, [("csrf", csrf)])
                #expect(refused.status == refusal)
            }
        }
        #expect(try await status() == .invited)
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let home = try await browser.get(world.home)
            let unprotected = try await browser.post(approve, [])
            #expect(unprotected.status == .forbidden)
            #expect(try await status() == .invited)
            let approved = try await browser.post(approve, [("csrf", home.csrfToken ?? "")])
            #expect(approved.status == .seeOther && approved.location == world.home + "?approved=\(world.sol)")
            #expect(try await status() == .active)
            let told = try await browser.get(approved.location ?? "")
            #expect(told.html.contains("Sol South is now an active member of the network."))
            #expect(told.html.contains("Nobody is waiting for approval."))
            let again = try await browser.post(approve, [("csrf", home.csrfToken ?? "")])
            #expect(again.status == .conflict && again.html.contains("That member is no longer waiting for approval."))
        }
    }

    // Proves the way in: a coordinator's networks page links to coordinating their network; a
    // plain member's does not.
    @Test func networksPageLinksACoordinatorIn() async throws {
        let world = try await CoordinatorWorld.make()
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let page = try await browser.get("/account/networks")
            #expect(page.html.contains(#"<a href="\#(world.home)">Coordinate Network north</a>"#))
        }
        try await world.test(as: CoordinatorWorld.raeEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let page = try await browser.get("/account/networks")
            #expect(page.status == .ok && !page.html.contains("/coordinate/"))
        }
    }

    // Proves every coordinator page refuses as the API does: a plain member of the network 403,
    // a coordinator of another network and an unknown network 404, a non-numeric id 404, and
    // signed out a redirect to sign-in; a POST without being signed in is 403.
    @Test func refusalsPerPage() async throws {
        let world = try await CoordinatorWorld.make()
        let pages = [world.home, world.invitations, world.followUps]
        try await world.test(as: CoordinatorWorld.raeEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            for path in pages { let status8 = try await browser.get(path).status; #expect(status8 == .forbidden, "\(path)") }
        }
        try await world.test(as: CoordinatorWorld.solEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            for path in pages { let status9 = try await browser.get(path).status; #expect(status9 == .notFound, "\(path)") }
            let status10 = try await browser.get(CoordinatorPaths.home(world.south.id)).status; #expect(status10 == .ok)
        }
        try await world.test(as: AppFixture.adminEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let status11 = try await browser.get(world.home).status; #expect(status11 == .ok)
            let status12 = try await browser.get("/coordinate/networks/999").status; #expect(status12 == .notFound)
            let status13 = try await browser.get("/coordinate/networks/north").status; #expect(status13 == .notFound)
        }
        try await world.test(as: nil) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            for path in pages {
                let page = try await browser.get(path)
                #expect(page.status == .seeOther && page.location == "/sign-in", "\(path)")
            }
            let csrf = try await browser.get("/sign-in").csrfToken ?? ""
            let status14 = try await browser.post(world.invitations, [("csrf", csrf), ("emails", "x@example.org")]).status; #expect(status14 == .forbidden)
        }
    }
}
