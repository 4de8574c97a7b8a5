import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import PeerHoursWeb
import Testing
import TestSupport

@Suite struct AccountSettingsTests {
    // Proves the settings page end to end: the defaults are shown (browser language, London
    // ticked and selected); saving a language and a zone stores them in the domain, redirects
    // (303) to the page with a confirmation, and the page then shows the choice.
    @Test func savingSettings() async throws {
        let fixture = try await AppFixture.web()
        let admin = try await fixture.administrator()
        let north = try await fixture.network("north", by: admin)
        let rae = try await fixture.member("rae@example.org", displayName: "Rae", in: north, by: admin)
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("rae@example.org", AppFixture.password)
            let form = try await browser.get("/account/settings")
            #expect(form.status == .ok)
            #expect(form.html.contains(#"value="browser" checked"#))
            #expect(form.html.contains(#"<option value="Europe/London" selected>London</option>"#))
            #expect(form.html.contains(#"lang="en-GB""#))
            let saved = try await browser.post("/account/settings",
                [("csrf", form.csrfToken ?? ""), ("language", "en-GB"), ("timeZone", "America/New_York")])
            #expect(saved.status == .seeOther)
            #expect(saved.location == "/account/settings?saved=1")
            let actor = Actor(memberID: MemberID(rae), isAdministrator: false)
            #expect(try await fixture.domain.members.settings(actor) == MemberSettings(language: "en-GB", timeZone: "America/New_York"))
            let shown = try await browser.get("/account/settings?saved=1")
            #expect(shown.html.contains("Your settings are saved."))
            #expect(shown.html.contains(#"value="en-GB" checked"#))
            #expect(shown.html.contains(#"<option value="America/New_York" selected>New York</option>"#))
            #expect(!shown.html.contains(#"value="browser" checked"#))
            #expect(shown.html.contains("Times are shown on the clock of New York."))
        }
    }

    // Proves a language the member chose wins over their browser's, "browser" follows the
    // browser again, and a time-zone change moves the times on a group session page: a second
    // catalogue (Welsh words for the settings title and the group page's "When") proves it.
    @Test func theMembersLanguageAndTimeZoneChooseWordsAndTimes() async throws {
        let folder = try TemporaryDirectory(prefix: "web-catalogue")
        defer { folder.remove() }
        try #"{"settingsTitle": "Iaith a chylchfa amser", "groupWhen": "Pryd"}"#.write(
            toFile: folder.file("cy.json"), atomically: true, encoding: .utf8)
        let fixture = try await AppFixture.web(web: WebConfiguration(additionalCatalogueDirectories: [folder.path]))
        let admin = try await fixture.administrator()
        let north = try await fixture.network("north", by: admin)
        let rae = try await fixture.member("rae@example.org", displayName: "Rae", in: north, by: admin)
        let sol = try await fixture.member("sol@example.org", displayName: "Sol", in: north, by: admin)
        let tom = try await fixture.member("tom@example.org", displayName: "Tom", in: north, by: admin)
        let raeActor = Actor(memberID: MemberID(rae), isAdministrator: false)
        // Noon UTC in winter, two days on: 12:00 in London, 07:00 in New York.
        let calendar = Calendar(identifier: .gregorian)
        var day = calendar.dateComponents(in: TimeZone(identifier: "UTC")!, from: fixture.domain.now().addingTimeInterval(3 * 86400))
        day.hour = 12; day.minute = 0; day.second = 0; day.nanosecond = 0
        let start = try #require(day.date)
        let session = try await fixture.domain.groupSessions.createGroupSession(raeActor, GroupSessionDraft(
            networkID: north.id, title: "Balint group", scheduledStart: start, durationMinutes: 60,
            participantIDs: [MemberID(sol), MemberID(tom)]))
        let london = Self.clock(start, "Europe/London"), newYork = Self.clock(start, "America/New_York")
        #expect(london != newYork)
        try await fixture.application().test(.router) { client in
            var browser = Browser(client, acceptLanguage: "en-GB")
            try await browser.signIn("rae@example.org", AppFixture.password)
            let english = try await browser.get("/account/settings")
            #expect(english.html.contains("<h1>Language and time zone</h1>"))
            #expect(english.html.contains(#"<label class="radio-label" for="field-language-cy" lang="cy">Cymraeg</label>"#))
            let before = try await browser.get("/groups/\(session.id.rawValue)")
            #expect(before.html.contains(london) && !before.html.contains(newYork))

            let saved = try await browser.post("/account/settings",
                [("csrf", english.csrfToken ?? ""), ("language", "cy"), ("timeZone", "America/New_York")])
            #expect(saved.status == .seeOther)
            let welsh = try await browser.get("/account/settings")
            #expect(welsh.html.contains(#"<html lang="cy">"#) && welsh.html.contains("<h1>Iaith a chylchfa amser</h1>"))
            let after = try await browser.get("/groups/\(session.id.rawValue)")
            #expect(after.html.contains("<dt>Pryd</dt>"))
            #expect(after.html.contains(newYork) && !after.html.contains(london))
            let list = try await browser.get("/groups")
            #expect(list.html.contains(newYork))

            // Back to the browser's language: the browser decides again.
            _ = try await browser.post("/account/settings",
                [("csrf", welsh.csrfToken ?? ""), ("language", "browser"), ("timeZone", "Europe/London")])
            #expect(try await browser.get("/account/settings").html.contains("<h1>Language and time zone</h1>"))
            var welshBrowser = Browser(client, acceptLanguage: "cy, en;q=0.5")
            try await welshBrowser.signIn("rae@example.org", AppFixture.password)
            #expect(try await welshBrowser.get("/account/settings").html.contains("<h1>Iaith a chylchfa amser</h1>"))
            #expect(try await welshBrowser.get("/groups/\(session.id.rawValue)").html.contains(london))

            // A member who chose English sees it whatever their browser asks for.
            let welshForm = try await welshBrowser.get("/account/settings")
            _ = try await welshBrowser.post("/account/settings",
                [("csrf", welshForm.csrfToken ?? ""), ("language", "en-GB"), ("timeZone", "Europe/London")])
            #expect(try await welshBrowser.get("/account/settings").html.contains("<h1>Language and time zone</h1>"))
        }
    }

    // Proves each mistake is shown at its field and in the summary (422), the member's choices
    // kept, nothing stored: no language, a language with no catalogue, an unknown zone, a
    // very long zone, HTML in the values (escaped, never echoed raw).
    @Test func mistakesAreShownAtTheirFields() async throws {
        let fixture = try await AppFixture.web()
        let admin = try await fixture.administrator()
        let north = try await fixture.network("north", by: admin)
        let rae = try await fixture.member("rae@example.org", displayName: "Rae", in: north, by: admin)
        let actor = Actor(memberID: MemberID(rae), isAdministrator: false)
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("rae@example.org", AppFixture.password)
            let csrf = try await browser.get("/account/settings").csrfToken ?? ""
            let noLanguage = try await browser.post("/account/settings", [("csrf", csrf), ("timeZone", "Europe/Paris")])
            #expect(noLanguage.status == .unprocessableContent)
            #expect(noLanguage.html.contains(##"<a href="#field-language">Choose a language, or your browser&#39;s language</a>"##)
                || noLanguage.html.contains(##"<a href="#field-language">Choose a language, or your browser&apos;s language</a>"##)
                || noLanguage.html.contains(##"<a href="#field-language">Choose a language"##))
            #expect(noLanguage.html.contains(#"id="field-language-error""#))
            #expect(noLanguage.html.contains(#"<option value="Europe/Paris" selected>Paris</option>"#))

            let cases: [[(String, String)]] = [
                [("language", "fr"), ("timeZone", "Europe/London")],
                [("language", "<script>alert(1)</script>"), ("timeZone", "Europe/London")],
                [("language", "browser"), ("timeZone", "Mars/Olympus_Mons")],
                [("language", "browser"), ("timeZone", String(repeating: "Europe/London", count: 2000))],
                [("language", "browser"), ("timeZone", "<b>Europe</b>")],
                [("language", "browser")],
            ]
            for fields in cases {
                let page = try await browser.post("/account/settings", [("csrf", csrf)] + fields)
                #expect(page.status == .unprocessableContent, "\(fields.map(\.1).map { $0.prefix(30) })")
                #expect(!page.html.contains("<script>alert") && !page.html.contains("<b>Europe"))
                #expect(page.html.contains("error-summary"))
            }
            let zone = try await browser.post("/account/settings", [("csrf", csrf), ("language", "browser"), ("timeZone", "Mars/Olympus_Mons")])
            #expect(zone.html.contains(##"<a href="#field-timeZone">Choose a time zone from the list</a>"##))
            #expect(zone.html.contains(#"value="browser" checked"#))
            #expect(try await fixture.domain.members.settings(actor) == .standard)
        }
    }

    // Proves a zone not on the list but known (set through the API) is kept and shown as the
    // member's own, and can be saved again unchanged.
    @Test func aZoneFromElsewhereIsKept() async throws {
        let fixture = try await AppFixture.web()
        let admin = try await fixture.administrator()
        let north = try await fixture.network("north", by: admin)
        let rae = try await fixture.member("rae@example.org", displayName: "Rae", in: north, by: admin)
        let actor = Actor(memberID: MemberID(rae), isAdministrator: false)
        _ = try await fixture.domain.members.updateSettings(actor, MemberSettings(language: nil, timeZone: "Asia/Kathmandu"))
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("rae@example.org", AppFixture.password)
            let form = try await browser.get("/account/settings")
            #expect(form.html.contains(#"<optgroup label="Your current time zone">"#))
            #expect(form.html.contains(#"<option value="Asia/Kathmandu" selected>Asia/Kathmandu</option>"#))
            let saved = try await browser.post("/account/settings",
                [("csrf", form.csrfToken ?? ""), ("language", "browser"), ("timeZone", "Asia/Kathmandu")])
            #expect(saved.status == .seeOther)
            #expect(try await fixture.domain.members.settings(actor).timeZone == "Asia/Kathmandu")
        }
    }

    // Proves the page is for signed-in members (GET redirects to sign-in, POST is 403), and a
    // POST without or with a wrong CSRF token is 403 and stores nothing.
    @Test func signedOutAndForgedPostsChangeNothing() async throws {
        let fixture = try await AppFixture.web()
        let admin = try await fixture.administrator()
        let north = try await fixture.network("north", by: admin)
        let rae = try await fixture.member("rae@example.org", displayName: "Rae", in: north, by: admin)
        let actor = Actor(memberID: MemberID(rae), isAdministrator: false)
        try await fixture.application().test(.router) { client in
            var visitor = Browser(client)
            let page = try await visitor.get("/account/settings")
            #expect(page.status == .seeOther && page.location == "/sign-in")
            let signIn = try await visitor.get("/sign-in")
            let post = try await visitor.post("/account/settings",
                [("csrf", signIn.csrfToken ?? ""), ("language", "browser"), ("timeZone", "Asia/Tokyo")])
            #expect(post.status == .forbidden)

            var browser = Browser(client)
            try await browser.signIn("rae@example.org", AppFixture.password)
            let none = try await browser.post("/account/settings", [("language", "browser"), ("timeZone", "Asia/Tokyo")])
            #expect(none.status == .forbidden)
            let wrong = try await browser.post("/account/settings", [("csrf", "forged"), ("language", "browser"), ("timeZone", "Asia/Tokyo")])
            #expect(wrong.status == .forbidden)
            #expect(try await fixture.domain.members.settings(actor) == .standard)
        }
    }

    // Proves every key the settings page builds from parts (the regions' names) is in en-GB,
    // every zone offered is one the system knows, and none is offered twice.
    @Test func everyRegionIsNamedAndEveryZoneKnown() throws {
        let words = try MessageCatalogues.load(directories: [WordsTests.shippedCatalogues]).defaultWords.messages
        for key in TimeZoneChoices.regions.map(\.key) + ["settingsZoneRegion_yours"] {
            #expect(words[key] != nil, "\(key)")
        }
        for zone in TimeZoneChoices.all { #expect(TimeZone(identifier: zone) != nil, "\(zone)") }
        #expect(Set(TimeZoneChoices.all).count == TimeZoneChoices.all.count)
        #expect(TimeZoneChoices.all.first == "Europe/London")
    }

    static func clock(_ date: Date, _ zone: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone)!
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", parts.hour!, parts.minute!)
    }
}
