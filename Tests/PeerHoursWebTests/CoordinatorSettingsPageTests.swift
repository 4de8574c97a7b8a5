import AppTestSupport
import Exchange
import Foundation
import Ledger
import HTTPTypes
import HummingbirdTesting
@testable import PeerHoursWeb
import Testing

@Suite struct CoordinatorSettingsPageTests {
    static func form(_ csrf: String, floor: String = "10", ceiling: String = "", welcome: String = "2", days: String = "7",
                     payment: String = "community") -> [(String, String)] {
        [("csrf", csrf), ("floorHours", floor), ("ceilingHours", ceiling), ("welcomeHours", welcome),
         ("autoConfirmDays", days), ("groupPayment", payment)]
    }

    // Proves the page shows the policy in words (hours as "10 h", days, how group sessions are
    // paid), the form filled with it, the coordinators by name (escaped) and who may appoint,
    // the kinds of support; and that the network's home links to it.
    @Test func showsThePolicyInWords() async throws {
        let world = try await CoordinatorWorld.make()
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let home = try await browser.get(world.home)
            #expect(home.html.contains(#"<a href="\#(world.settings)">The network&#39;s settings"#))
            let page = try await browser.get(world.settings)
            #expect(page.status == .ok)
            #expect(page.html.contains("<h1>Settings of Network north</h1>"))
            #expect(page.html.contains("<dt>A member may owe up to</dt><dd>10 h</dd>"))
            #expect(page.html.contains("<dt>A member may hold at most</dt><dd>No limit</dd>"))
            #expect(page.html.contains("<dt>Welcome grant to each new member</dt><dd>2 h</dd>"))
            #expect(page.html.contains("<dt>A session confirms itself after</dt><dd>7 days</dd>"))
            #expect(page.html.contains("From the network&#39;s community account"))
            #expect(page.html.contains(#"value="10""#) && page.html.contains("<li>Coaching</li>"))
            #expect(page.html.contains(#"<option value="community" selected>"#))
            #expect(page.html.contains("<li>Nia &lt;b&gt;Coordinator&lt;/b&gt;</li>") && !page.html.contains("<li>Rae Requester</li>"))
            #expect(page.html.contains("Only an administrator can appoint a coordinator."))
        }
    }

    // Proves a change goes through the domain (the policy stored, audited as the API's update)
    // and back to the page with a notice and the new words; hours with a fraction are minutes.
    @Test func savesAChange() async throws {
        let world = try await CoordinatorWorld.make()
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let csrf = try #require(try await browser.get(world.settings).csrfToken)
            let saved = try await browser.post(world.settings, Self.form(csrf, floor: "1.5", ceiling: "40", welcome: "3",
                                                                        days: "14", payment: "split"))
            #expect(saved.status == .seeOther && saved.location == world.settings + "?saved=1")
            let page = try await browser.get(world.settings + "?saved=1")
            #expect(page.html.contains("The network&#39;s settings are saved."))
            #expect(page.html.contains("<dd>1 h 30 min</dd>") && page.html.contains("<dd>40 h</dd>") && page.html.contains("<dd>14 days</dd>"))
            #expect(page.html.contains(#"value="1.5""#))
        }
        let policy = try await world.fixture.domain.networks.network(world.admin, world.north.id).policy
        #expect(policy.creditFloorMinutes == -90 && policy.ceilingMinutes == 40 * 60 && policy.welcomeGrantMinutes == 180)
        #expect(policy.autoConfirmDays == 14 && policy.groupSessionPayment == .split && policy.graceMinutes == NetworkPolicy().graceMinutes)
        let trail = try await world.fixture.domain.audit.trail(world.admin, networkID: world.north.id)
        #expect(trail.items.filter { $0.action == .policyUpdated }.count == 1)
    }

    // Proves each mistake is shown at its field (422, the input kept, nothing saved): hours that
    // are not a number, a number the domain refuses (welcome over 10 h, a ceiling under the
    // welcome grant, days out of range), an unknown way to pay.
    @Test(arguments: [
        ("floorHours", "ten", "Enter hours as a number"), ("floorHours", "-5", "Enter hours as a number"),
        ("floorHours", "1001", "Enter at most 1000 hours"), ("welcomeHours", "11", "Enter a welcome grant from 0 to 10 hours"),
        ("ceilingHours", "1", "Enter at least the welcome grant"), ("autoConfirmDays", "31", "from 1 to 30"),
        ("autoConfirmDays", "a week", "from 1 to 30"), ("groupPayment", "barter", "Choose how group sessions are paid"),
    ]) func mistakeAtItsField(_ field: String, _ value: String, _ message: String) async throws {
        let world = try await CoordinatorWorld.make()
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let csrf = try #require(try await browser.get(world.settings).csrfToken)
            let body = Self.form(csrf).map { $0.0 == field ? ($0.0, value) : $0 }
            let page = try await browser.post(world.settings, body)
            #expect(page.status == .unprocessableContent)
            #expect(page.html.contains("<title>Error:") && page.html.contains(message))
            #expect(page.html.contains(##"href="#field-\##(field)""##))
            if field != "groupPayment" { #expect(page.html.contains(#"value="\#(value)""#)) }
        }
        let policy = try await world.fixture.domain.networks.network(world.admin, world.north.id).policy
        #expect(policy == NetworkPolicy())
    }

    // Proves the form is protected and refused as the API refuses: without its CSRF token 403;
    // a plain member 403, a coordinator of another network 404 (to see and to save), signed out
    // a redirect to sign-in (and a save 403); nothing saved by any of them.
    @Test func refusals() async throws {
        let world = try await CoordinatorWorld.make()
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let status = try await browser.post(world.settings, Array(Self.form("").dropFirst())).status
            #expect(status == .forbidden)
        }
        for (email, refusal) in [(CoordinatorWorld.raeEmail, HTTPResponse.Status.forbidden), (CoordinatorWorld.solEmail, .notFound)] {
            try await world.test(as: email) { browser, _ in
                var browser = browser  // a local copy: #expect cannot capture an inout parameter
                let seen = try await browser.get(world.settings).status
                #expect(seen == refusal, "\(email)")
                let csrf = try #require(try await browser.get("/account/networks").csrfToken)
                let saved = try await browser.post(world.settings, Self.form(csrf, welcome: "5")).status
                #expect(saved == refusal, "\(email)")
            }
        }
        try await world.test(as: nil) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let page = try await browser.get(world.settings)
            #expect(page.status == .seeOther && page.location == "/sign-in")
            let csrf = try await browser.get("/sign-in").csrfToken ?? ""
            let saved = try await browser.post(world.settings, Self.form(csrf, welcome: "5")).status
            #expect(saved == .forbidden)
        }
        let policy = try await world.fixture.domain.networks.network(world.admin, world.north.id).policy
        #expect(policy == NetworkPolicy())
    }

    // Proves the hours the form reads and writes: whole and fractional hours to the nearest
    // minute, and anything else refused.
    @Test func hoursText() {
        #expect(NetworkSettingsForm.minutes(hours: "10") == 600 && NetworkSettingsForm.minutes(hours: " 1.5 ") == 90)
        #expect(NetworkSettingsForm.minutes(hours: "0.25") == 15 && NetworkSettingsForm.minutes(hours: "1.67") == 100)
        for bad in ["", "-1", "1,5", "1.", ".5", "1e3", "ten", "1.2.3", String(repeating: "9", count: 13)] {
            #expect(NetworkSettingsForm.minutes(hours: bad) == nil, "\(bad)")
        }
        #expect(NetworkSettingsForm.hoursText(600) == "10" && NetworkSettingsForm.hoursText(90) == "1.5")
        #expect(NetworkSettingsForm.hoursText(100) == "1.67")
    }
}

extension CoordinatorWorld {
    var settings: String { CoordinatorPaths.settings(north.id) }
}
