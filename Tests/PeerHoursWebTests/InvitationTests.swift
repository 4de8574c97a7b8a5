import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
import Identity
import Testing
@testable import PeerHoursWeb

/// The fields of the invitation form for a new account, with `changes` applied.
func joinFields(csrf: String, _ changes: [String: String] = [:]) -> [(String, String)] {
    let base: [(String, String)] = [
        ("csrf", csrf), ("password", "quiet-meadow-compass-77"), ("displayName", "Dr Amina Rahman"), ("profession", "GP"),
        ("organisation", "Riverside Surgery"), ("careerStage", "mid"), ("languages", "en, cy"), ("bio", ""),
    ]
    return base.map { ($0.0, changes[$0.0] ?? $0.1) }
}

@Suite struct InvitationTests {
    // Proves journey (a) server-side: the link's page asks for a password (its policy in the
    // hint) and a profile; posting them creates the member, joins the network with the welcome
    // grant, signs them in and lands on home, which names them and explains the balance.
    @Test func acceptingAnInvitationLandsOnHome() async throws {
        let fixture = try await AppFixture.web()
        let admin = try await fixture.administrator()
        let network = try await fixture.network("north", by: admin)
        let token = try await fixture.invite("Amina@example.nhs.uk", to: network, by: admin)
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            let form = try await browser.get("/join/\(token)")
            #expect(form.status == .ok)
            #expect(form.html.contains("You were invited to join Network north as <strong>amina@example.nhs.uk</strong>"))
            #expect(form.html.contains("Use at least 12 characters."))
            #expect(form.html.contains(#"aria-describedby="field-password-hint""#))
            #expect(form.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin")
            let joined = try await browser.post("/join/\(token)", joinFields(csrf: form.csrfToken ?? ""))
            #expect(joined.status == .seeOther && joined.location == "/")
            let home = try await browser.get("/")
            #expect(home.html.contains("Hello, Dr Amina Rahman"))
            #expect(home.html.contains("Network north"))
            #expect(home.html.contains("You have 2 h. You can go down to \u{2212}10 h."))
            // The invitation is used up; the password works for the API too.
            #expect(try await browser.get("/join/\(token)").status == .gone)
            _ = try await fixture.identity.login(email: "amina@example.nhs.uk", password: "quiet-meadow-compass-77", clientAddress: "t")
        }
    }

    // Proves a form with mistakes comes back with every mistake at its field and in the summary,
    // the typed input kept (never the password), and nothing taken: the same link then works.
    @Test func mistakesAreShownAndNothingIsTaken() async throws {
        let fixture = try await AppFixture.web()
        let admin = try await fixture.administrator()
        let network = try await fixture.network("north", by: admin)
        let token = try await fixture.invite("amina@example.nhs.uk", to: network, by: admin)
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            let csrf = try await browser.get("/join/\(token)").csrfToken ?? ""
            let page = try await browser.post("/join/\(token)", joinFields(csrf: csrf, [
                "password": "password1234", "profession": "", "careerStage": "", "languages": "english!", "displayName": "Dr <b>Amina</b>",
            ]))
            #expect(page.status == .unprocessableContent)
            for (field, message) in [
                ("password", "This password is too commonly used"), ("profession", "Enter your profession"),
                ("careerStage", "Choose your career stage"), ("languages", "Enter between 1 and 10 different language codes"),
            ] {
                #expect(page.html.contains(##"<a href="#field-\##(field)">\##(message)"##), "summary entry for \(field)")
                #expect(page.html.contains(#"id="field-\#(field)-error""#), "message by \(field)")
            }
            #expect(page.html.contains(#"value="Dr &lt;b&gt;Amina&lt;/b&gt;""#))
            #expect(page.html.contains(#"value="english!""#))
            #expect(!page.html.contains("password1234"))
            #expect(page.html.contains(#"aria-describedby="field-password-hint field-password-error""#))
            let short = try await browser.post("/join/\(token)", joinFields(csrf: csrf, ["password": "short"]))
            #expect(short.html.contains("Your password must have at least 12 characters"))
            let email = try await browser.post("/join/\(token)", joinFields(csrf: csrf, ["password": "AMINA@example.nhs.uk"]))
            #expect(email.html.contains("Your password must not be your email address"))
            #expect(try await browser.post("/join/\(token)", joinFields(csrf: csrf)).status == .seeOther)
        }
    }

    // Proves a used, an expired, a revoked and an unknown link each get their own page, and a
    // post to them changes nothing. (Housekeeping, whose first pass runs as the server starts,
    // keeps invitations 90 days past their expiry: a used one that has expired still says so.)
    @Test func unusableLinksSayWhy() async throws {
        let fixture = try await AppFixture.web(invitationLifetimeSeconds: 60)
        let admin = try await fixture.administrator()
        let network = try await fixture.network("north", by: admin)
        let used = try await fixture.invite("one@example.nhs.uk", to: network, by: admin)
        _ = try await fixture.signUp.acceptInvitation(token: used, password: AppFixture.password, profile: AppFixture.profile("One"))
        let withdrawn = try await fixture.invite("three@example.nhs.uk", to: network, by: admin)
        guard case .open(let invitation) = try await fixture.identity.invitationStatus(token: withdrawn).status else {
            Issue.record("the new invitation does not open"); return
        }
        _ = try await fixture.identity.revokeInvitation(id: invitation.id, networkID: network.id.rawValue)
        fixture.wallClock.advance(seconds: 61)
        try await fixture.application().test(.router) { client in
            let expiring = try await fixture.invite("two@example.nhs.uk", to: network, by: admin)
            fixture.wallClock.advance(seconds: 61)
            var browser = Browser(client)
            let usedPage = try await browser.get("/join/\(used)")
            #expect(usedPage.status == .gone && usedPage.html.contains("This invitation has been used"))
            let revokedPage = try await browser.get("/join/\(withdrawn)")
            #expect(revokedPage.status == .gone && revokedPage.html.contains("This invitation has been withdrawn"))
            let expiredPage = try await browser.get("/join/\(expiring)")
            #expect(expiredPage.status == .gone && expiredPage.html.contains("This invitation has expired"))
            let unknown = try await browser.get("/join/\(String(repeating: "A", count: 43))")
            #expect(unknown.status == .notFound && unknown.html.contains("This invitation link does not work"))
            #expect(try await browser.get("/join/short").status == .notFound)
            let csrf = try await browser.get("/").csrfToken ?? ""
            let posted = try await browser.post("/join/\(expiring)", joinFields(csrf: csrf))
            #expect(posted.status == .gone)
            #expect(try await browser.post("/join/\(withdrawn)", joinFields(csrf: csrf)).status == .gone)
            #expect(browser.sessionToken == nil)
            await #expect(throws: IdentityError.invalidCredentials) {
                try await fixture.identity.login(email: "two@example.nhs.uk", password: "quiet-meadow-compass-77", clientAddress: "t")
            }
        }
    }

    // Proves a link already used shows its own page, and posting it again creates nothing.
    @Test func aUsedLinkSaysSo() async throws {
        let fixture = try await AppFixture.web()
        let admin = try await fixture.administrator()
        let network = try await fixture.network("north", by: admin)
        let used = try await fixture.invite("one@example.nhs.uk", to: network, by: admin)
        _ = try await fixture.signUp.acceptInvitation(token: used, password: AppFixture.password, profile: AppFixture.profile("One"))
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            let page = try await browser.get("/join/\(used)")
            #expect(page.status == .gone && page.html.contains("This invitation has been used"))
            let csrf = try await browser.get("/").csrfToken ?? ""
            #expect(try await browser.post("/join/\(used)", joinFields(csrf: csrf)).status == .gone)
            #expect(browser.sessionToken == nil)
        }
    }

    // Proves an email that has an account already is asked for that account's password only: a
    // wrong one is shown at the field, the right one joins the second network.
    @Test func anExistingAccountJoinsWithItsPassword() async throws {
        let fixture = try await AppFixture.web()
        let admin = try await fixture.administrator()
        let north = try await fixture.network("north", by: admin)
        let south = try await fixture.network("south", by: admin)
        _ = try await fixture.member("nia@example.nhs.uk", displayName: "Nia Nurse", in: north, by: admin)
        let token = try await fixture.invite("nia@example.nhs.uk", to: south, by: admin)
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            let form = try await browser.get("/join/\(token)")
            #expect(form.html.contains("You already have a PeerHours account"))
            #expect(!form.html.contains(#"name="displayName""#))
            let csrf = form.csrfToken ?? ""
            let wrong = try await browser.post("/join/\(token)", [("csrf", csrf), ("password", "not-my-password-at-all")])
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.html.contains(##"<a href="#field-password">The password is not right."##))
            let joined = try await browser.post("/join/\(token)", [("csrf", csrf), ("password", AppFixture.password)])
            #expect(joined.status == .seeOther)
            let home = try await browser.get("/")
            #expect(home.html.contains("Network north") && home.html.contains("Network south"))
        }
    }

    // Proves the invitation form is CSRF-protected: without its token it is a 403 and the
    // invitation stays open.
    @Test func invitationFormNeedsItsToken() async throws {
        let fixture = try await AppFixture.web()
        let admin = try await fixture.administrator()
        let network = try await fixture.network("north", by: admin)
        let token = try await fixture.invite("amina@example.nhs.uk", to: network, by: admin)
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            _ = try await browser.get("/join/\(token)")
            #expect(try await browser.post("/join/\(token)", joinFields(csrf: "")).status == .forbidden)
            let (status, _) = try await fixture.identity.invitationStatus(token: token)
            guard case .open = status else { Issue.record("the invitation was taken: \(status)"); return }
        }
    }
}
