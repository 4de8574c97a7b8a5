import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Identity
import IdentitySQLite
import Outbox
import Testing

@Suite struct PasswordResetPageTests {
    static let newPassword = "amber-orchard-compass-91"

    /// The link tokens of the unsent password reset emails: the identity outbox's secret column.
    static func emailedResetTokens(_ fixture: AppFixture) async throws -> [String] {
        try await fixture.identityStore.outbox.dueMessages(at: .distantFuture, limit: 100)
            .filter { $0.draft.kind == .passwordReset }.compactMap(\.draft.secret)
    }

    /// Proves the sign-in page links to "forgot your password", and after too many failed
    /// attempts the lockout message offers the same way back.
    @Test func signInOffersTheWayBack() async throws {
        let fixture = try await AppFixture.web()
        _ = try await fixture.administrator()
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            let page = try await browser.get("/sign-in")
            #expect(page.html.contains(#"<a href="/password/forgot">Forgot your password?</a>"#))
            for _ in 0..<5 { _ = try await browser.signIn(AppFixture.adminEmail, "not-the-password") }
            let locked = try await browser.signIn(AppFixture.adminEmail, AppFixture.password)
            #expect(locked.status == .unprocessableContent && locked.html.contains("Too many attempts to sign in"))
            #expect(locked.html.contains(#"you do not need to wait: set a new one. <a href="/password/forgot">Forgot your password?</a>"#))
        }
    }

    /// Proves the form: a missing or malformed address is shown in the summary and at the field
    /// (422, the input kept, nothing sent); an address with an account and one without get the
    /// same "check your email" page, and only the first an email; no CSRF token is 403; the 4th
    /// request for an address within the hour is refused at the field.
    @Test func forgotPasswordForm() async throws {
        let fixture = try await AppFixture.web()
        _ = try await fixture.administrator()
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            let form = try await browser.get("/password/forgot")
            #expect(form.status == .ok && form.html.contains(#"<label class="label" for="field-email">Email address</label>"#))
            let csrf = form.csrfToken ?? ""
            let empty = try await browser.post("/password/forgot", [("csrf", csrf), ("email", " ")])
            #expect(empty.status == .unprocessableContent && empty.summaryLinks(to: "email"))
            #expect(empty.html.contains("Enter your email address") && empty.html.contains("<title>Error:"))
            let malformed = try await browser.post("/password/forgot", [("csrf", csrf), ("email", "admin at example")])
            #expect(malformed.status == .unprocessableContent && malformed.html.contains(#"value="admin at example""#))
            #expect(try await Self.emailedResetTokens(fixture).isEmpty)

            let known = try await browser.post("/password/forgot", [("csrf", csrf), ("email", AppFixture.adminEmail)])
            let unknown = try await browser.post("/password/forgot", [("csrf", csrf), ("email", "nobody@example.org")])
            #expect(known.status == .ok && known.html.contains("<h1>Check your email</h1>"))
            #expect(known.html.contains("The link works once, for 30 minutes."))
            #expect(unknown.status == known.status && unknown.html == known.html)
            #expect(try await Self.emailedResetTokens(fixture).count == 1)
            #expect(try await browser.post("/password/forgot", [("email", AppFixture.adminEmail)]).status == .forbidden)

            for _ in 0..<2 { _ = try await browser.post("/password/forgot", [("csrf", csrf), ("email", "nobody@example.org")]) }
            let limited = try await browser.post("/password/forgot", [("csrf", csrf), ("email", "nobody@example.org")])
            #expect(limited.status == .unprocessableContent && limited.summaryLinks(to: "email"))
            #expect(limited.html.contains("Too many requests for a new password. Wait 60 minutes"))
        }
    }

    /// Proves the whole way back with the token read from the identity outbox's secret column:
    /// the link's form; both passwords missing, different, or refused by the policy are shown
    /// in the summary and at their fields; then the password is set, every session of the member
    /// is signed out, the browser goes to sign-in, which says so, and the new password signs in.
    /// The used link, and an unknown one, get the "does not work" page (404).
    @Test func resetThroughTheEmailedLink() async throws {
        let fixture = try await AppFixture.web()
        _ = try await fixture.administrator()
        try await fixture.application().test(.router) { client in
            var elsewhere = Browser(client), browser = Browser(client)
            _ = try await elsewhere.signIn(AppFixture.adminEmail, AppFixture.password)
            let csrf = try await browser.get("/password/forgot").csrfToken ?? ""
            _ = try await browser.post("/password/forgot", [("csrf", csrf), ("email", AppFixture.adminEmail)])
            let token = try #require(try await Self.emailedResetTokens(fixture).first)
            let link = "/password/reset/\(token)"

            let form = try await browser.get(link)
            #expect(form.status == .ok && form.html.contains(#"<form method="post" action="\#(link)" novalidate>"#))
            #expect(form.html.contains(#"id="field-newPassword""#) && form.html.contains(#"id="field-confirmPassword""#))
            let missing = try await browser.post(link, [("csrf", csrf)])
            #expect(missing.status == .unprocessableContent && missing.summaryLinks(to: "newPassword") && missing.summaryLinks(to: "confirmPassword"))
            let different = try await browser.post(link, [("csrf", csrf), ("newPassword", Self.newPassword), ("confirmPassword", "amber-orchard")])
            #expect(different.html.contains(##"<a href="#field-confirmPassword">The two passwords are not the same"##))
            let weak = try await browser.post(link, [("csrf", csrf), ("newPassword", "short"), ("confirmPassword", "short")])
            #expect(weak.html.contains(##"<a href="#field-newPassword">Your password must have at least 12 characters"##))
            #expect(weak.html.contains(#"id="field-newPassword-error""#) && !weak.html.contains(#"value="short""#))

            let done = try await browser.post(link, [("csrf", csrf), ("newPassword", Self.newPassword), ("confirmPassword", Self.newPassword)])
            #expect(done.status == .seeOther && done.location == "/sign-in?reset=1")
            #expect(try await fixture.identity.authenticate(bearerToken: try #require(elsewhere.sessionToken)) == nil)
            let signIn = try await browser.get("/sign-in?reset=1")
            #expect(signIn.html.contains("Your password has been changed"))
            let signedIn = try await browser.signIn(AppFixture.adminEmail, Self.newPassword)
            #expect(signedIn.status == .seeOther && signedIn.location == "/")

            let used = try await browser.get(link)
            #expect(used.status == .notFound && used.html.contains("This password reset link does not work"))
            let signedInCSRF = try await browser.get("/").csrfToken ?? ""
            let usedAgain = try await browser.post(link, [("csrf", signedInCSRF), ("newPassword", "x"), ("confirmPassword", "y")])
            #expect(usedAgain.status == .notFound)
            #expect(try await browser.get("/password/reset/\(String(repeating: "A", count: 43))").status == .notFound)
        }
    }
}
