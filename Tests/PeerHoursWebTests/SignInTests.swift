import AppTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Identity
import PeerHoursWeb
import Testing

@Suite struct SignInTests {
    // Proves `/` signed out is the sign-in page with a form token, served under the CSP and with
    // the form cookie HttpOnly, SameSite=Lax and (on plain HTTP) not Secure.
    @Test func signedOutRootIsTheSignInPage() async throws {
        let fixture = try await AppFixture.web()
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            let page = try await browser.get("/")
            #expect(page.status == .ok)
            #expect(page.html.contains(#"<form method="post" action="/sign-in""#))
            #expect(page.csrfToken?.isEmpty == false)
            #expect(page.headers[HTTPField.Name("Content-Security-Policy")!]?.hasPrefix("default-src 'self'") == true)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            let cookie = try #require(page.setCookie(named: "peerhours_form"))
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"))
            #expect(!cookie.contains("Secure"))
        }
    }

    // Proves signing in sets an HttpOnly, SameSite=Lax session cookie whose token the identity
    // service knows, drops the form cookie, and `/` then greets the member by name.
    @Test func signingInOpensHome() async throws {
        let fixture = try await AppFixture.web()
        let admin = try await fixture.administrator()
        let network = try await fixture.network("north", by: admin)
        _ = try await fixture.member("nurse@example.nhs.uk", displayName: "Nia Nurse", in: network, by: admin)
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            let signedIn = try await browser.signIn("nurse@example.nhs.uk", AppFixture.password)
            #expect(signedIn.status == .seeOther && signedIn.location == "/")
            let cookie = try #require(signedIn.setCookie(named: "peerhours_session"))
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && !cookie.contains("Secure"))
            #expect(signedIn.setCookie(named: "peerhours_form")?.contains("Max-Age=0") == true)
            let token = try #require(browser.sessionToken)
            #expect(try await fixture.identity.authenticate(bearerToken: token) != nil)
            let home = try await browser.get("/")
            #expect(home.status == .ok)
            #expect(home.html.contains("Hello, Nia Nurse"))
            #expect(home.html.contains("Network north"))
            #expect(home.html.contains("You have 2 h. You can go down to \u{2212}10 h."))
            #expect(home.headers[.cacheControl] == "no-store")
        }
    }

    // Proves the session cookie carries Secure when the server says it is behind TLS.
    @Test func cookiesAreSecureBehindTLS() async throws {
        let fixture = try await AppFixture.web(web: WebConfiguration(secureCookies: true))
        _ = try await fixture.administrator()
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            let form = try await browser.get("/sign-in")
            #expect(form.setCookie(named: "peerhours_form")?.contains("Secure") == true)
            let signedIn = try await browser.signIn(AppFixture.adminEmail, AppFixture.password)
            #expect(signedIn.setCookie(named: "peerhours_session")?.contains("Secure") == true)
        }
    }

    // Proves there is no session fixation: a session token planted in the browser before sign-in
    // is not the one signed in, each sign-in issues a new token, and the earlier one is revoked.
    @Test func everySignInIssuesANewToken() async throws {
        let fixture = try await AppFixture.web()
        _ = try await fixture.administrator()
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            let planted = SecretToken.generate()
            browser.cookies["peerhours_session"] = planted
            try await browser.signIn(AppFixture.adminEmail, AppFixture.password)
            let first = try #require(browser.sessionToken)
            #expect(first != planted)
            #expect(try await fixture.identity.authenticate(bearerToken: planted) == nil)
            // Signed in already, the sign-in page sends home; a second sign-in (posting the form
            // kept from before) replaces the session.
            #expect(try await browser.get("/sign-in").location == "/")
            let home = try await browser.get("/")
            try await browser.post("/sign-in", [("csrf", home.csrfToken ?? ""), ("email", AppFixture.adminEmail),
                                                ("password", AppFixture.password)])
            let second = try #require(browser.sessionToken)
            #expect(second != first)
            #expect(try await fixture.identity.authenticate(bearerToken: first) == nil)
            #expect(try await fixture.identity.authenticate(bearerToken: second) != nil)
        }
    }

    // Proves signing out revokes the session in the identity service (the token is refused
    // from then on, at the API too), removes the cookie and shows the sign-in page again.
    @Test func signingOutRevokes() async throws {
        let fixture = try await AppFixture.web()
        _ = try await fixture.administrator()
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn(AppFixture.adminEmail, AppFixture.password)
            let token = try #require(browser.sessionToken)
            let home = try await browser.get("/")
            let signedOut = try await browser.post("/sign-out", [("csrf", home.csrfToken ?? "")])
            #expect(signedOut.status == .seeOther && signedOut.location == "/")
            #expect(signedOut.setCookie(named: "peerhours_session")?.contains("Max-Age=0") == true)
            #expect(try await fixture.identity.authenticate(bearerToken: token) == nil)
            let api = try await client.execute(uri: "/members/me", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(api.status == .unauthorized)
            #expect(try await browser.get("/").html.contains(#"action="/sign-in""#))
        }
    }

    // Proves a wrong password comes back as the form with the email kept, the message by its
    // field (linked by aria-describedby) and an error summary linking to the field.
    @Test func wrongPasswordIsShownByItsField() async throws {
        let fixture = try await AppFixture.web()
        _ = try await fixture.administrator()
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            let page = try await browser.signIn(AppFixture.adminEmail, "not-the-password-at-all")
            #expect(page.status == .unprocessableContent)
            #expect(browser.sessionToken == nil)
            #expect(page.html.contains(#"value="admin@example.org""#))
            #expect(page.html.contains(#"<p class="error-message" id="field-email-error">"#))
            #expect(page.html.contains(#"aria-describedby="field-email-error""#))
            #expect(page.html.contains(##"<a href="#field-email">The email address or password is not right."##))
            #expect(page.html.contains("<title>Error: Sign in"))
        }
    }

    // Proves empty fields are each named at their field, in the summary in field order.
    @Test func emptyFieldsAreEachNamed() async throws {
        let fixture = try await AppFixture.web()
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            let form = try await browser.get("/sign-in")
            let page = try await browser.post("/sign-in", [("csrf", form.csrfToken ?? ""), ("email", ""), ("password", "")])
            #expect(page.status == .unprocessableContent)
            let email = try #require(page.html.range(of: ##"href="#field-email">Enter your email address"##))
            let password = try #require(page.html.range(of: ##"href="#field-password">Enter your password"##))
            #expect(email.lowerBound < password.lowerBound)
            #expect(page.html.contains(#"aria-describedby="field-password-error""#))
        }
    }

    // Proves the pages share the API's login rate limits: failures at the API and at the form
    // count together, and the form then says to wait, even for the right password.
    @Test func signInSharesTheAPIsRateLimits() async throws {
        let fixture = try await AppFixture.web()
        _ = try await fixture.administrator()
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            let wrong = #"{"email":"admin@example.org","password":"wrong-password-here"}"#
            for _ in 0..<3 {
                let api = try await client.execute(
                    uri: "/auth/login", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: wrong))
                #expect(api.status == .unauthorized)
            }
            for _ in 0..<2 {
                #expect(try await browser.signIn(AppFixture.adminEmail, "wrong-password-here").status == .unprocessableContent)
            }
            let limited = try await browser.signIn(AppFixture.adminEmail, AppFixture.password)
            #expect(limited.status == .unprocessableContent)
            #expect(limited.html.contains("Too many attempts to sign in. Wait 15 minutes"))
            #expect(browser.sessionToken == nil)
        }
    }
}
