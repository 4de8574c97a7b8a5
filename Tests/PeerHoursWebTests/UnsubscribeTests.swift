import AppTestSupport
import Crypto
import Exchange
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Outbox
@testable import PeerHoursWeb
import Testing
import TestSupport

@Suite struct UnsubscribeTests {
    static let key = SymmetricKey(data: Data((0..<32).map { UInt8(200 - $0) }))

    /// Proves the link's page needs no sign-in and names the category; the mail client's
    /// one-click POST (no cookie, no Origin, no CSRF token) sets that category to never and
    /// answers a confirmation (200); repeating it is the same; other categories are unchanged.
    @Test func oneClickWithoutSigningIn() async throws {
        let fixture = try await AppFixture.web(web: WebConfiguration(noticeKey: Self.key))
        let admin = try await fixture.administrator()
        let north = try await fixture.network("north", by: admin)
        let rae = MemberID(try await fixture.member("rae@example.org", displayName: "Rae", in: north, by: admin))
        let path = NoticeLinkSigner(key: Self.key).unsubscribePath(memberID: rae, category: .reminders)
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            let page = try await browser.get(path)
            #expect(page.status == .ok)
            #expect(page.html.contains("<h1>Stop these emails</h1>") && page.html.contains("Reminders"))
            #expect(page.html.contains(#"<input type="hidden" name="List-Unsubscribe" value="One-Click">"#))
            #expect(page.headers[.cacheControl] == "no-store")
            for _ in 0..<2 {
                let done = try await client.execute(uri: path, method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: "List-Unsubscribe=One-Click"))
                #expect(done.status == .ok)
                #expect(String(buffer: done.body).contains("You will not get these emails any more"))
            }
            let choices = try await fixture.domain.noticePreferences.preferences(Actor(memberID: rae))
            #expect(choices[.reminders] == .never && choices[.messages] == .immediately)
        }
    }

    /// Proves the page's own form (a browser's POST, with Origin and a cookie but no CSRF token)
    /// and a multipart one-click both work.
    @Test func theFormAndMultipartBodies() async throws {
        let fixture = try await AppFixture.web(web: WebConfiguration(noticeKey: Self.key))
        let admin = try await fixture.administrator()
        let north = try await fixture.network("north", by: admin)
        let rae = MemberID(try await fixture.member("rae@example.org", displayName: "Rae", in: north, by: admin))
        let signer = NoticeLinkSigner(key: Self.key)
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            let form = try await browser.post(signer.unsubscribePath(memberID: rae, category: .messages), [("List-Unsubscribe", "One-Click")])
            #expect(form.status == .ok)
            let boundary = "b0undary"
            let multipart = "--\(boundary)\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--\(boundary)--\r\n"
            let done = try await client.execute(uri: signer.unsubscribePath(memberID: rae, category: .groupSessions), method: .post,
                headers: [.contentType: "multipart/form-data; boundary=\(boundary)"], body: ByteBuffer(string: multipart))
            #expect(done.status == .ok)
            let choices = try await fixture.domain.noticePreferences.preferences(Actor(memberID: rae))
            #expect(choices[.messages] == .never && choices[.groupSessions] == .never && choices[.reminders] == .immediately)
        }
    }

    /// Proves a token this server did not sign (another key, tampered, malformed) is the 404
    /// page for GET and POST and changes nothing; a body that is not the one-click is 400 and an
    /// oversized one 413.
    @Test func badTokensAndBodies() async throws {
        let fixture = try await AppFixture.web(web: WebConfiguration(noticeKey: Self.key))
        let admin = try await fixture.administrator()
        let north = try await fixture.network("north", by: admin)
        let rae = MemberID(try await fixture.member("rae@example.org", displayName: "Rae", in: north, by: admin))
        let good = NoticeLinkSigner(key: Self.key).unsubscribePath(memberID: rae, category: .reminders)
        let otherKey = NoticeLinkSigner(key: SymmetricKey(size: .bits256)).unsubscribePath(memberID: rae, category: .reminders)
        // A character in the middle (the last one's low bits may be padding a decoder ignores).
        var characters = Array(good)
        let middle = "/email/unsubscribe/".count + 10
        characters[middle] = characters[middle] == "A" ? "B" : "A"
        let tampered = String(characters)
        let oneClick = ByteBuffer(string: "List-Unsubscribe=One-Click")
        let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .accept: "text/html"]
        try await fixture.application().test(.router) { client in
            for path in [otherKey, tampered, "/email/unsubscribe/nonsense", "/email/unsubscribe/" + String(repeating: "A", count: 300)] {
                #expect(try await client.execute(uri: path, method: .get, headers: [.accept: "text/html"], body: nil).status == .notFound)
                #expect(try await client.execute(uri: path, method: .post, headers: form, body: oneClick).status == .notFound)
            }
            #expect(try await client.execute(uri: good, method: .post, headers: form, body: ByteBuffer(string: "List-Unsubscribe=No")).status
                == .badRequest)
            let large = ByteBuffer(string: "List-Unsubscribe=One-Click&" + String(repeating: "x", count: 4_000))
            #expect(try await client.execute(uri: good, method: .post, headers: form, body: large).status == .contentTooLarge)
            let choices = try await fixture.domain.noticePreferences.preferences(Actor(memberID: rae))
            #expect(choices[.reminders] == .immediately)
        }
    }
}
