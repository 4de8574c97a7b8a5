import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Identity
import Testing
@testable import PeerHoursWeb

@Suite struct FormProtectionTests {
    // Proves a form posted without its CSRF token, or with a wrong one, is a 403 page and
    // changes nothing: the session is not signed out, the password is not changed.
    @Test func missingOrWrongTokenIsRefused() async throws {
        let fixture = try await AppFixture.web()
        _ = try await fixture.administrator()
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn(AppFixture.adminEmail, AppFixture.password)
            let token = try #require(browser.sessionToken)
            for fields in [[(String, String)](), [("csrf", "")], [("csrf", FormProtection.csrfToken(forSecret: "guess"))]] {
                let signOut = try await browser.post("/sign-out", fields)
                #expect(signOut.status == .forbidden)
                #expect(signOut.html.contains("Sorry, you cannot do that"))
                #expect(signOut.headers[HTTPField.Name("Content-Security-Policy")!] != nil)
                let change = try await browser.post(
                    "/account/password", fields + [("currentPassword", AppFixture.password), ("newPassword", "amber-orchard-compass-91")])
                #expect(change.status == .forbidden)
            }
            #expect(try await fixture.identity.authenticate(bearerToken: token) != nil)
            _ = try await fixture.identity.login(email: AppFixture.adminEmail, password: AppFixture.password, clientAddress: "test")
        }
    }

    // Proves the token is bound to the session: another browser's valid token is refused.
    @Test func anotherSessionsTokenIsRefused() async throws {
        let fixture = try await AppFixture.web()
        _ = try await fixture.administrator()
        try await fixture.application().test(.router) { client in
            var first = Browser(client), second = Browser(client)
            try await first.signIn(AppFixture.adminEmail, AppFixture.password)
            try await second.signIn(AppFixture.adminEmail, AppFixture.password)
            let othersToken = try await first.get("/").csrfToken ?? ""
            #expect(try await second.post("/sign-out", [("csrf", othersToken)]).status == .forbidden)
            #expect(try await fixture.identity.authenticate(bearerToken: try #require(second.sessionToken)) != nil)
        }
    }

    // Proves a POST whose Origin is another site is refused even with the right token, and one
    // without an Origin header is judged by its token alone.
    @Test func foreignOriginIsRefused() async throws {
        let fixture = try await AppFixture.web()
        _ = try await fixture.administrator()
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn(AppFixture.adminEmail, AppFixture.password)
            let csrf = try await browser.get("/").csrfToken ?? ""
            for origin in ["https://evil.example", "null", "http://localhost:8081"] {
                #expect(try await browser.post("/sign-out", [("csrf", csrf)], origin: origin).status == .forbidden)
            }
            #expect(try await fixture.identity.authenticate(bearerToken: try #require(browser.sessionToken)) != nil)
            #expect(try await browser.post("/sign-out", [("csrf", csrf)], origin: nil).status == .seeOther)
        }
    }

    // Proves the sign-in form is protected too (login CSRF): without the form cookie's token no
    // session is opened.
    @Test func signInNeedsItsToken() async throws {
        let fixture = try await AppFixture.web()
        _ = try await fixture.administrator()
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            let page = try await browser.post("/sign-in", [("email", AppFixture.adminEmail), ("password", AppFixture.password)])
            #expect(page.status == .forbidden)
            #expect(browser.sessionToken == nil)
        }
    }

    // Proves the Origin comparison: the request's own host (default ports folded), or exactly
    // the configured public origin.
    @Test(arguments: [
        ("http://localhost", "localhost", nil, true),
        ("http://LOCALHOST:80", "localhost", nil, true),
        ("https://peerhours.example:443", "peerhours.example", nil, true),
        ("http://localhost:8080", "localhost:8080", nil, true),
        ("http://localhost:8081", "localhost:8080", nil, false),
        ("https://evil.example", "localhost", nil, false),
        ("null", "localhost", nil, false),
        ("https://peerhours.example", "10.0.0.5:8080", "https://peerhours.example", true),
        ("http://peerhours.example", "peerhours.example", "https://peerhours.example", false),
    ] as [(String, String, String?, Bool)])
    func originComparison(origin: String, host: String, publicOrigin: String?, matches: Bool) {
        #expect(FormProtection.originMatches(origin, host: host, publicOrigin: publicOrigin) == matches)
    }

    // Proves a signed-out visitor asking for a members' page is sent to sign in.
    @Test func signedOutVisitorIsSentToSignIn() async throws {
        let fixture = try await AppFixture.web()
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            let page = try await browser.get("/account/password")
            #expect(page.status == .seeOther && page.location == "/sign-in")
        }
    }
}
