import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Identity
import Testing

@Suite struct PasswordChangeTests {
    // Proves changing the password: a wrong current password or a refused new one is shown at
    // its field and changes nothing; a good change keeps this session, signs out the member's
    // other sessions, and the new password is the one that works.
    @Test func changingThePassword() async throws {
        let fixture = try await AppFixture.web()
        _ = try await fixture.administrator()
        try await fixture.application().test(.router) { client in
            var browser = Browser(client), elsewhere = Browser(client)
            try await browser.signIn(AppFixture.adminEmail, AppFixture.password)
            try await elsewhere.signIn(AppFixture.adminEmail, AppFixture.password)
            let form = try await browser.get("/account/password")
            #expect(form.status == .ok)
            let csrf = form.csrfToken ?? ""
            let wrong = try await browser.post(
                "/account/password", [("csrf", csrf), ("currentPassword", "not-the-password"), ("newPassword", "amber-orchard-compass-91")])
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.html.contains(##"<a href="#field-currentPassword">Your current password is not right"##))
            let weak = try await browser.post(
                "/account/password", [("csrf", csrf), ("currentPassword", AppFixture.password), ("newPassword", "short")])
            #expect(weak.html.contains(##"<a href="#field-newPassword">Your password must have at least 12 characters"##))
            _ = try await fixture.identity.login(email: AppFixture.adminEmail, password: AppFixture.password, clientAddress: "t")

            let changed = try await browser.post(
                "/account/password", [("csrf", csrf), ("currentPassword", AppFixture.password), ("newPassword", "amber-orchard-compass-91")])
            #expect(changed.status == .ok)
            #expect(changed.html.contains("Your password has been changed"))
            #expect(try await fixture.identity.authenticate(bearerToken: try #require(browser.sessionToken)) != nil)
            #expect(try await fixture.identity.authenticate(bearerToken: try #require(elsewhere.sessionToken)) == nil)
            _ = try await fixture.identity.login(email: AppFixture.adminEmail, password: "amber-orchard-compass-91", clientAddress: "t")
            await #expect(throws: IdentityError.invalidCredentials) {
                try await fixture.identity.login(email: AppFixture.adminEmail, password: AppFixture.password, clientAddress: "t")
            }
        }
    }

    // Proves the page shares the sign-in limits: after five wrong current passwords the sixth
    // attempt, even with the right one, is refused at its field and the password is unchanged.
    @Test func wrongCurrentPasswordsAreLimited() async throws {
        let fixture = try await AppFixture.web()
        _ = try await fixture.administrator()
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn(AppFixture.adminEmail, AppFixture.password)
            let csrf = try await browser.get("/account/password").csrfToken ?? ""
            for _ in 0..<5 {
                let wrong = try await browser.post(
                    "/account/password", [("csrf", csrf), ("currentPassword", "not-the-password"), ("newPassword", "amber-orchard-compass-91")])
                #expect(wrong.status == .unprocessableContent)
            }
            let limited = try await browser.post(
                "/account/password", [("csrf", csrf), ("currentPassword", AppFixture.password), ("newPassword", "amber-orchard-compass-91")])
            #expect(limited.status == .unprocessableContent)
            #expect(limited.html.contains(##"<a href="#field-currentPassword">Too many wrong passwords. Wait 15 minutes"##))
        }
        await #expect(throws: IdentityError.invalidCredentials) {
            try await fixture.identity.login(email: AppFixture.adminEmail, password: "amber-orchard-compass-91", clientAddress: "elsewhere")
        }
    }
}
