import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
@testable import PeerHoursWeb
import Testing

@Suite struct AdministerPagesTests {
    static func form(_ csrf: String, slug: String = "east-gp", name: String = "East GP wellbeing",
                     changing: [String: String] = [:]) -> [(String, String)] {
        [("csrf", csrf), ("name", name), ("slug", slug), ("floorHours", "10"), ("ceilingHours", ""), ("welcomeHours", "2"),
         ("autoConfirmDays", "7"), ("groupPayment", "community")].map { ($0.0, changing[$0.0] ?? $0.1) }
    }

    // Proves an administrator's way through: "Your networks" links to /administer, which lists
    // every network by name with its short name, active members and coordinators by name
    // (escaped); the create form makes a network through the domain (303 to its page, which says
    // it has no coordinator and how to bring one in); a member accepts an invitation to it and
    // the administrator appoints them from the network's active members by name (303, a notice),
    // after which they coordinate it.
    @Test func createAndAppoint() async throws {
        let world = try await CoordinatorWorld.make()
        try await world.test(as: AppFixture.adminEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let seen = try await browser.get("/account/networks")
            #expect(seen.html.contains(#"href="/administer""#))
            let list = try await browser.get(AdministerPaths.networks)
            #expect(list.status == .ok && list.html.contains("<h1>Every network</h1>"))
            #expect(list.html.contains(#"<a href="\#(AdministerPaths.network(world.north.id))">Network north</a>"#))
            #expect(list.html.contains("<td class=\"numeric\" data-label=\"Active members\">3</td>"))
            #expect(list.html.contains("Nia &lt;b&gt;Coordinator&lt;/b&gt;") && list.html.contains("Sol South"))
            let form = try await browser.get(AdministerPaths.newNetwork)
            #expect(form.status == .ok && form.html.contains(#"name="slug""#) && form.html.contains(#"value="10""#))
            let created = try await browser.post(AdministerPaths.newNetwork, Self.form(form.csrfToken ?? "", changing: ["welcomeHours": "3"]))
            #expect(created.status == .seeOther)
            let page = try await browser.get(created.location ?? "")
            #expect(page.html.contains("<h1>East GP wellbeing</h1>") && page.html.contains("The network is created."))
            #expect(page.html.contains("None yet") && page.html.contains("invite them from the network&#39;s invitations page"))
        }
        let east = try #require(try await world.fixture.domain.networks.networks(world.admin).items.first { $0.slug == "east-gp" })
        #expect(east.policy.welcomeGrantMinutes == 180)
        let eve = try await world.fixture.member("eve@example.org", displayName: "Eve <i>East</i>", in: east, by: world.admin)
        try await world.test(as: AppFixture.adminEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let page = try await browser.get(AdministerPaths.network(east.id))
            #expect(page.html.contains(#"<option value="\#(eve)">Eve &lt;i&gt;East&lt;/i&gt;</option>"#))
            let appointed = try await browser.post(AdministerPaths.appoint(east.id), [("csrf", page.csrfToken ?? ""), ("member", String(eve))])
            #expect(appointed.status == .seeOther)
            let seen = try await browser.get(appointed.location ?? "")
            #expect(seen.html.contains("Eve &lt;i&gt;East&lt;/i&gt; is now a coordinator"))
        }
        let membership = try await world.fixture.domain.memberships.membership(world.admin, memberID: MemberID(eve), networkID: east.id)
        #expect(membership?.isActiveCoordinator == true)
    }

    // Proves each mistake of the create form at its field (422, input kept, nothing created):
    // a short name the domain refuses, one taken by another network, an empty name, a policy
    // figure out of range.
    @Test(arguments: [
        ("slug", "East GP!", "Enter a short name of 3 to 40"), ("slug", "north", "Another network has this short name"),
        ("slug", "", "Enter a short name"), ("name", "", "Enter a name"), ("name", String(repeating: "n", count: 101), "Enter a name"),
        ("welcomeHours", "11", "Enter a welcome grant from 0 to 10 hours"), ("floorHours", "ten", "Enter hours as a number"),
    ]) func createMistakes(_ field: String, _ value: String, _ message: String) async throws {
        let world = try await CoordinatorWorld.make()
        try await world.test(as: AppFixture.adminEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let csrf = try #require(try await browser.get(AdministerPaths.newNetwork).csrfToken)
            let page = try await browser.post(AdministerPaths.newNetwork, Self.form(csrf, changing: [field: value]))
            #expect(page.status == .unprocessableContent)
            #expect(page.html.contains("<title>Error:") && page.html.contains(message))
            #expect(page.html.contains(##"href="#field-\##(field)""##))
            if field != "slug" || value != "East GP!" { #expect(page.html.contains(#"value="\#(value)""#)) }
        }
        #expect(try await world.fixture.domain.networks.networks(world.admin).items.count == 2)
    }

    // Proves appointing someone who is not an active member of the network (a member of another
    // network, an id that is no one, not a number) is refused at the field (422), nothing changed.
    @Test func appointMistakes() async throws {
        let world = try await CoordinatorWorld.make()
        try await world.test(as: AppFixture.adminEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let page = try await browser.get(AdministerPaths.network(world.north.id))
            #expect(page.html.contains(">Rae Requester</option>") && !page.html.contains(">Sol South</option>"))
            for member in [String(world.sol), "424242", "<b>x</b>", ""] {
                let refused = try await browser.post(AdministerPaths.appoint(world.north.id), [("csrf", page.csrfToken ?? ""), ("member", member)])
                #expect(refused.status == .unprocessableContent && refused.html.contains("Choose one of the network&#39;s active members"), "\(member)")
                #expect(!refused.html.contains("<b>x</b>"))
            }
        }
        let sol = try await world.fixture.domain.memberships.membership(world.admin, memberID: MemberID(world.sol), networkID: world.north.id)
        #expect(sol == nil)
    }

    // Proves every /administer page and form is a 404 to anyone who is not an administrator
    // (a coordinator, a plain member), signed out a redirect to sign-in (a post 403), a post
    // without its CSRF token 403, a network id that is no network 404; nothing is created.
    @Test func refusals() async throws {
        let world = try await CoordinatorWorld.make()
        let pages = [AdministerPaths.networks, AdministerPaths.newNetwork, AdministerPaths.network(world.north.id)]
        for email in [CoordinatorWorld.niaEmail, CoordinatorWorld.raeEmail] {
            try await world.test(as: email) { browser, _ in
                var browser = browser  // a local copy: #expect cannot capture an inout parameter
                let networksPage = try await browser.get("/account/networks")
                #expect(!(networksPage.html.contains(#"href="/administer""#)))
                for path in pages {
                    let seen = try await browser.get(path)
                    #expect(seen.status == .notFound, "\(email) \(path)")
                }
                let csrf = try #require(try await browser.get("/account/networks").csrfToken)
                let created = try await browser.post(AdministerPaths.newNetwork, Self.form(csrf))
                #expect(created.status == .notFound)
                let appoint = try await browser.post(AdministerPaths.appoint(world.north.id), [("csrf", csrf), ("member", String(world.rae))])
                #expect(appoint.status == .notFound)
            }
        }
        try await world.test(as: nil) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            for path in pages {
                let seen = try await browser.get(path)
                #expect(seen.location == "/sign-in", "\(path)")
            }
            let csrf = try await browser.get("/sign-in").csrfToken ?? ""
            let seen = try await browser.post(AdministerPaths.newNetwork, Self.form(csrf))
            #expect(seen.status == .forbidden)
        }
        try await world.test(as: AppFixture.adminEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let seen = try await browser.post(AdministerPaths.newNetwork, Array(Self.form("").dropFirst()))
            #expect(seen.status == .forbidden)
            for id in ["424242", "abc", "-3"] {
                let seen = try await browser.get("/administer/networks/" + id)
                #expect(seen.status == .notFound, "\(id)")
            }
        }
        #expect(try await world.fixture.domain.networks.networks(world.admin).items.count == 2)
        let rae = try await world.fixture.domain.memberships.membership(world.admin, memberID: MemberID(world.rae), networkID: world.north.id)
        #expect(rae?.role != .coordinator)
    }
}
