import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import PeerHoursWeb
import Testing

@Suite struct AccountNetworksTests {
    static func actor(_ id: Int64) -> Actor { Actor(memberID: MemberID(id), isAdministrator: false) }

    // Proves the networks page: each network with the member's role, status and balance in
    // words; a partner network under an active agreement with its kinds, the monthly limit on the
    // member's side and the agreement's state; a proposal not yet accepted is not shown; a
    // network name with HTML in it shows escaped.
    @Test func networksAndPartners() async throws {
        let fixture = try await AppFixture.web()
        let admin = try await fixture.administrator()
        let north = try await fixture.network("north", by: admin)
        let south = try await fixture.domain.networks.createNetwork(admin, NetworkDraft(slug: "south", name: "South <b>nurses</b>"))
        let east = try await fixture.network("east", by: admin)
        let rae = try await fixture.member("rae@example.org", displayName: "Rae", in: north, by: admin)
        let nia = try await fixture.member("nia@example.org", displayName: "Nia", in: north, by: admin)
        let sol = try await fixture.member("sol@example.org", displayName: "Sol", in: south, by: admin)
        let eve = try await fixture.member("eve@example.org", displayName: "Eve", in: east, by: admin)
        for (member, network) in [(nia, north), (sol, south), (eve, east)] {
            _ = try await fixture.domain.memberships.appointCoordinator(admin, memberID: MemberID(member), networkID: network.id)
        }
        let now = fixture.domain.now()
        let terms = AgreementTerms(kinds: ["peer_support", "reflective_practice"], proposerMayReceiveMinutes: 600,
                                   partnerMayReceiveMinutes: 600, proposerMonthlySessionQuota: 4,
                                   startsOn: now, endsOn: now.addingTimeInterval(200 * 86400))
        let agreement = try await fixture.domain.agreements.propose(Self.actor(nia), from: north.id, to: south.id, terms)
        _ = try await fixture.domain.agreements.accept(Self.actor(sol), agreement.id)
        _ = try await fixture.domain.agreements.propose(Self.actor(eve), from: east.id, to: north.id, terms)
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("rae@example.org", AppFixture.password)
            let page = try await browser.get("/account/networks")
            #expect(page.status == .ok)
            #expect(page.html.contains("<h2>Network north</h2>"))
            #expect(page.html.contains("<dd>Member</dd>") && page.html.contains("<dd>Active</dd>"))
            #expect(page.html.contains("You have "))
            #expect(page.html.contains("<h4>South &lt;b&gt;nurses&lt;/b&gt;</h4>"))
            #expect(page.html.contains("<dd>Peer support, Reflective practice</dd>"))
            #expect(page.html.contains("can have up to 4 sessions a month"))
            #expect(PageResponse.firstMatch(#"In force until ([A-Za-z]+ [0-9]+ [A-Za-z]+ [0-9]{4})</dd>"#, in: page.html) != nil)
            #expect(!page.html.contains("Network east"))
            #expect(!page.html.contains("<b>nurses"))

            _ = try await fixture.domain.agreements.suspend(Self.actor(sol), agreement.id)
            let paused = try await browser.get("/account/networks")
            #expect(paused.html.contains("Paused by the networks"))

            // From the other side: no limit on south's members.
            var solBrowser = Browser(client)
            try await solBrowser.signIn("sol@example.org", AppFixture.password)
            let fromSouth = try await solBrowser.get("/account/networks")
            #expect(fromSouth.html.contains("<h4>Network north</h4>") && fromSouth.html.contains("No monthly limit"))
            #expect(fromSouth.html.contains("Coordinator"))
            _ = rae
        }
    }

    // Proves a member whose membership is suspended sees the network and their status, but not
    // its partners; a member with no partner networks is told so; signed out, the page sends
    // the visitor to sign in.
    @Test func suspendedMembersAndNoPartners() async throws {
        let fixture = try await AppFixture.web()
        let admin = try await fixture.administrator()
        let north = try await fixture.network("north", by: admin)
        let rae = try await fixture.member("rae@example.org", displayName: "Rae", in: north, by: admin)
        _ = try await fixture.member("tom@example.org", displayName: "Tom", in: north, by: admin)
        try await fixture.application().test(.router) { client in
            var visitor = Browser(client)
            let away = try await visitor.get("/account/networks")
            #expect(away.status == .seeOther && away.location == "/sign-in")

            var tom = Browser(client)
            try await tom.signIn("tom@example.org", AppFixture.password)
            #expect(try await tom.get("/account/networks").html.contains("This network has no partner networks at the moment."))

            var browser = Browser(client)
            try await browser.signIn("rae@example.org", AppFixture.password)
            _ = try await fixture.domain.memberships.suspend(admin, memberID: MemberID(rae), networkID: north.id)
            let page = try await browser.get("/account/networks")
            #expect(page.status == .ok)
            #expect(page.html.contains("<dd>Suspended. A coordinator of the network can tell you why.</dd>"))
            #expect(page.html.contains("once your membership is active"))
            #expect(!page.html.contains("Your hours"))
        }
    }

    // Proves every key the page builds from parts (roles, statuses, the shipped support kinds)
    // is in en-GB, and a kind added since shows as its name.
    @Test func everyBuiltKeyIsInTheCatalogue() throws {
        let words = try MessageCatalogues.load(directories: [WordsTests.shippedCatalogues]).defaultWords
        for role in NetworkRole.allCases { #expect(words.messages["networksRole_" + role.rawValue] != nil) }
        for status in MembershipStatus.allCases { #expect(words.messages["networksStatus_" + status.rawValue] != nil) }
        for kind in ["coaching", "mentoring", "peer_support", "reflective_practice", "career_guidance"] {
            #expect(words.messages["networksKind_" + kind] != nil, "\(kind)")
        }
        #expect(WebApp.kindWords("night_shift_debrief", words) == "night shift debrief")
    }
}
