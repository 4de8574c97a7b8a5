import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import PeerHoursWeb
import Testing

extension CoordinatorWorld {
    var care: String { CoordinatorPaths.care(north.id) }

    /// The care form with `rows` as (name, how, about), the other rows blank, and `notice`.
    static func careForm(_ csrf: String, rows: [(String, String, String)], notice: String = "") -> [(String, String)] {
        var fields = [("csrf", csrf)]
        for index in 0..<CareTextsForm.rowCount {
            let row = index < rows.count ? rows[index] : ("", "", "")
            fields += [("signName[]", row.0), ("signHow[]", row.1), ("signAbout[]", row.2)]
        }
        return fields + [("privacyNotice", notice)]
    }
}

@Suite struct CareTextPagesTests {
    static let marker = "Riverside wobble room <b>line</b>"

    // Proves a coordinator's round trip: the home links to the care page; twelve empty rows; a
    // save (a blank row between two filled ones ignored) redirects with a notice, stores the two
    // services and the notice (audited), and the form shows them again, escaped.
    @Test func coordinatorWritesSignpostsAndNotice() async throws {
        let world = try await CoordinatorWorld.make()
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            #expect(try await browser.get(world.home).html.contains(#"<a href="\#(world.care)">Signposting and privacy notice</a>"#))
            let empty = try await browser.get(world.care)
            #expect(empty.status == .ok && empty.html.contains("<h1>Signposting and privacy notice of Network north</h1>"))
            #expect(empty.html.components(separatedBy: #"name="signName[]""#).count == CareTextsForm.rowCount + 1)
            #expect(empty.html.contains(#"<label class="label" for="field-signHow-11">How to reach it</label>"#))
            let csrf = try #require(empty.csrfToken)
            let saved = try await browser.post(world.care, CoordinatorWorld.careForm(csrf, rows: [
                (Self.marker, "Room 4, Tuesdays 12:00", "A nurse-led space."), ("", " ", ""), ("Local EAP", "0800 000 000", ""),
            ], notice: "We are Riverside PCN.\r\n\r\nAsk our DPO."))
            #expect(saved.status == .seeOther && saved.location == world.care + "?saved=1")
            let page = try await browser.get(world.care + "?saved=1")
            #expect(page.html.contains("are saved"))
            #expect(page.html.contains(#"value="Riverside wobble room &lt;b&gt;line&lt;/b&gt;""#))
            #expect(page.html.contains(#"id="field-signName-1" name="signName[]" type="text" value="Local EAP""#))
            #expect(page.html.contains("We are Riverside PCN.\n\nAsk our DPO.</textarea>"))
        }
        let texts = try await world.fixture.domain.careTexts.texts(networkID: world.north.id)
        #expect(texts.signposts.map(\.name) == [Self.marker, "Local EAP"] && texts.privacyNotice == "We are Riverside PCN.\n\nAsk our DPO.")
        let trail = try await world.fixture.domain.audit.trail(world.admin, networkID: world.north.id)
        #expect(trail.items.filter { $0.action == .careTextsUpdated }.count == 1)
    }

    // Proves a mistake is shown at its row's field (422, the input kept, nothing saved): a service
    // without a way to reach it in the third row, a name on two lines.
    @Test func mistakeAtItsRow() async throws {
        let world = try await CoordinatorWorld.make()
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let csrf = try #require(try await browser.get(world.care).csrfToken)
            let page = try await browser.post(world.care, CoordinatorWorld.careForm(csrf, rows: [
                ("Samaritans", "116 123", ""), ("", "", ""), ("Kept name", "", "about it"),
            ]))
            #expect(page.status == .unprocessableContent)
            #expect(page.html.contains("<title>Error:") && page.html.contains(##"href="#field-signHow-2""##))
            #expect(page.html.contains("Enter how to reach the service") && page.html.contains(#"value="Kept name""#))
        }
        #expect(try await world.fixture.domain.careTexts.texts(networkID: world.north.id) == NetworkCareTexts())
    }

    // Proves the refusals: without the CSRF token 403; a plain member 403 and a coordinator of
    // another network 404, to see and to save; signed out a redirect (a save 403); nothing saved.
    @Test func refusals() async throws {
        let world = try await CoordinatorWorld.make()
        let rows = [("Samaritans", "116 123", "")]
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let status = try await browser.post(world.care, Array(CoordinatorWorld.careForm("", rows: rows).dropFirst())).status
            #expect(status == .forbidden)
        }
        for (email, refusal) in [(CoordinatorWorld.raeEmail, HTTPResponse.Status.forbidden), (CoordinatorWorld.solEmail, .notFound)] {
            try await world.test(as: email) { browser, _ in
                var browser = browser  // a local copy: #expect cannot capture an inout parameter
                #expect(try await browser.get(world.care).status == refusal, "\(email)")
                let csrf = try #require(try await browser.get("/account/networks").csrfToken)
                #expect(try await browser.post(world.care, CoordinatorWorld.careForm(csrf, rows: rows)).status == refusal, "\(email)")
            }
        }
        try await world.test(as: nil) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let page = try await browser.get(world.care)
            #expect(page.status == .seeOther && page.location == "/sign-in")
            let csrf = try await browser.get("/sign-in").csrfToken ?? ""
            #expect(try await browser.post(world.care, CoordinatorWorld.careForm(csrf, rows: rows)).status == .forbidden)
        }
        #expect(try await world.fixture.domain.careTexts.texts(networkID: world.north.id) == NetworkCareTexts())
    }

    // Proves the public pages show a network's own texts after the defaults: `?network=<slug>`
    // to anyone signed out, a member's own networks when signed in (not another network's); the
    // privacy notice's default sections are always there, and the footer and sign-up link it.
    @Test func publicPagesShowTheNetworksTexts() async throws {
        let world = try await CoordinatorWorld.make()
        let nia = Actor(memberID: MemberID(world.nia))
        _ = try await world.fixture.domain.careTexts.update(nia, networkID: world.north.id, NetworkCareTexts(
            signposts: [Signpost(name: Self.marker, how: "Room 4", about: "")],
            privacyNotice: "North's controller is Riverside PCN.\n\nWrite to dpo@example.nhs.uk."))
        try await world.test(as: nil) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let help = try await browser.get("/help-now?network=north")
            #expect(help.status == .ok && help.html.contains("call 999") && help.html.contains("116 123"))
            #expect(help.html.contains("<h2>Also suggested by Network north</h2>") && help.html.contains("Riverside wobble room &lt;b&gt;"))
            #expect(!(try await browser.get("/help-now").html.contains("Riverside wobble room")))
            #expect(!(try await browser.get("/help-now?network=south").html.contains("Riverside wobble room")))
            let privacy = try await browser.get("/privacy?network=north")
            #expect(privacy.status == .ok && privacy.html.contains("<h1>Privacy notice</h1>"))
            #expect(privacy.html.contains("<h2>What we keep</h2>") && privacy.html.contains("Information Commissioner"))
            #expect(privacy.html.contains("<p>North&#39;s controller is Riverside PCN.</p>\n<p>Write to dpo@example.nhs.uk.</p>"))
            #expect(privacy.html.contains(#"<a href="/privacy">Privacy notice</a>"#))
            let plain = try await browser.get("/privacy")
            #expect(plain.status == .ok && !plain.html.contains("Riverside PCN"))
            let token = try await world.fixture.invite("new@example.org", to: world.north, by: world.admin)
            #expect(try await browser.get("/join/\(token)").html.contains(#"<a href="/privacy">the privacy notice</a>"#))
        }
        try await world.test(as: CoordinatorWorld.raeEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let help = try await browser.get("/help-now"), privacy = try await browser.get("/privacy")
            #expect(help.html.contains("Also suggested by Network north") && privacy.html.contains("Riverside PCN"))
        }
        try await world.test(as: CoordinatorWorld.solEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let help = try await browser.get("/help-now"), privacy = try await browser.get("/privacy")
            #expect(!help.html.contains("Riverside wobble room") && privacy.html.contains("has not added its own notice"))
        }
    }

    // Proves the form's rows: blank rows are left out, and a refusal of the n-th service lands on
    // the row it came from.
    @Test func rowsAndRefusedFields() {
        var form = CareTextsForm(NetworkCareTexts())
        form.signName = ["", "A", " ", "B"]
        form.signHow = ["", "1", "", "2"]
        form.signAbout = ["", "", "", "x"]
        let (texts, rowOf) = form.texts()
        #expect(texts.signposts.map(\.name) == ["A", "B"] && rowOf == [1, 3])
        #expect(CareTextsForm.field(for: "signposts[1].how", rowOf: rowOf)?.field == "signHow-3")
        #expect(CareTextsForm.field(for: "privacyNotice", rowOf: rowOf)?.field == "privacyNotice")
        #expect(CareTextsForm.field(for: "signposts[7].name", rowOf: rowOf) == nil)
        #expect(form.rows.count == CareTextsForm.rowCount)
    }
}
