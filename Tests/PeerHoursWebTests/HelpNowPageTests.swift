import AppTestSupport
import Foundation
import HummingbirdTesting
import PeerHoursWeb
import Testing

@Suite struct HelpNowPageTests {
    // Proves the help-now page answers without signing in, says PeerHours is not an emergency
    // service with 999 and 111, lists services that answer now, and that every page's footer —
    // the sign-in page's and a member's home — links to it.
    @Test func reachableFromEveryPageWithoutSigningIn() async throws {
        let fixture = try await AppFixture.web()
        let admin = try await fixture.administrator()
        let network = try await fixture.network("north", by: admin)
        _ = try await fixture.member("nurse@example.nhs.uk", displayName: "Nia Nurse", in: network, by: admin)
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            let help = try await browser.get("/help-now")
            #expect(help.status == .ok)
            for words in ["not an emergency service", "call 999", "call 111", "116 123", "85258", "Practitioner Health"] {
                #expect(help.html.contains(words), "\(words)")
            }
            #expect(try await browser.get("/sign-in").html.contains(#"<a href="/help-now">"#))
            _ = try await browser.signIn("nurse@example.nhs.uk", AppFixture.password)
            let home = try await browser.get("/")
            #expect(home.html.contains(#"<a href="/help-now">"#))
            #expect(try await browser.get("/help-now").html.contains("Nia Nurse"), "signed in, the page keeps the member's frame")
        }
    }
}
