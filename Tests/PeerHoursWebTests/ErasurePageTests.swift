import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
import Identity
import Ledger
import Testing

@Suite struct ErasurePageTests {
    /// Proves the erasure pages: the settings page links to /account/erase, which says what is
    /// deleted and what stays; a wrong phrase and an empty password are shown at their fields
    /// (nothing erased); a wrong password at its field; then the phrase and the password erase
    /// the member, clear the session cookie and show the confirmation page; the session no longer
    /// works and the member's profile is "A former member".
    @Test func erasingOneself() async throws {
        let fixture = try await AppFixture.web()
        let admin = try await fixture.administrator()
        let network = try await fixture.network("north-gp", by: admin)
        let memberID = try await fixture.member("erin@example.nhs.uk", displayName: "Erin", in: network, by: admin)
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("erin@example.nhs.uk", AppFixture.password)
            #expect(try await browser.get("/account/settings").html.contains(#"<a href="/account/erase">"#))
            let form = try await browser.get("/account/erase")
            #expect(form.status == .ok)
            #expect(form.html.contains("What is deleted") && form.html.contains("What stays"))
            let csrf = form.csrfToken ?? ""
            let wrongPhrase = try await browser.post("/account/erase", [("csrf", csrf), ("confirm", "erase me"), ("password", "")])
            #expect(wrongPhrase.status == .unprocessableContent)
            #expect(wrongPhrase.html.contains(##"<a href="#field-confirm">Type erase my account, exactly as shown"##))
            #expect(wrongPhrase.html.contains(##"<a href="#field-password">Enter your password"##))
            let wrongPassword = try await browser.post(
                "/account/erase", [("csrf", csrf), ("confirm", "erase my account"), ("password", "not-the-password")])
            #expect(wrongPassword.html.contains(##"<a href="#field-password">The password is not correct"##))
            let token = try #require(browser.sessionToken)
            #expect(try await fixture.identity.authenticate(bearerToken: token) != nil)

            let erased = try await browser.post(
                "/account/erase", [("csrf", csrf), ("confirm", "erase my account"), ("password", AppFixture.password)])
            #expect(erased.status == .seeOther || erased.status == .found)
            #expect(erased.headers[.location] == "/account/erased")
            #expect(try await fixture.identity.authenticate(bearerToken: token) == nil)
            let shown = try await browser.get("/account/erased")
            #expect(shown.html.contains("Your details have been erased"))
        }
        let member = try await fixture.domain.members.member(admin, MemberID(memberID))
        #expect(member.profile == .formerMember && member.erasedAt != nil)
    }
}
