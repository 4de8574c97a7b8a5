import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import PeerHoursWeb
import Testing

@Suite struct BlocksTests {
    static func actor(_ id: Int64) -> Actor { Actor(memberID: MemberID(id), isAdministrator: false) }

    // Proves hiding and showing again: "Hide this person" blocks in the domain and redirects to
    // the list with a confirmation naming them; the list shows display names (escaped) with
    // "Show again", which unblocks and confirms; the page says what a block does.
    @Test func hideAndShowAgain() async throws {
        let fixture = try await AppFixture.web()
        let admin = try await fixture.administrator()
        let north = try await fixture.network("north", by: admin)
        let rae = try await fixture.member("rae@example.org", displayName: "Rae", in: north, by: admin)
        let sam = try await fixture.member("sam@example.org", displayName: "Sam <i>Smith</i>", in: north, by: admin)
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("rae@example.org", AppFixture.password)
            let empty = try await browser.get("/account/blocks")
            #expect(empty.status == .ok)
            #expect(empty.html.contains("You have not hidden anyone."))
            #expect(empty.html.contains("they will not be suggested to you and you will not be suggested to them"))
            let csrf = empty.csrfToken ?? ""

            let hidden = try await browser.post("/people/\(sam)/block", [("csrf", csrf)])
            #expect(hidden.status == .seeOther)
            #expect(hidden.location == "/account/blocks?done=block&member=\(sam)")
            #expect(try await fixture.domain.matchingPreferences.blocked(Self.actor(rae)) == [MemberID(sam)])
            let list = try await browser.get(hidden.location ?? "")
            #expect(list.html.contains("You have hidden Sam &lt;i&gt;Smith&lt;/i&gt;."))
            #expect(list.html.contains(#"<p class="account-person-name">Sam &lt;i&gt;Smith&lt;/i&gt;</p>"#))
            #expect(list.html.contains(#"action="/people/\#(sam)/unblock""#))
            #expect(!list.html.contains("<i>Smith"))
            // Hiding again changes nothing.
            #expect(try await browser.post("/people/\(sam)/block", [("csrf", csrf)]).status == .seeOther)
            #expect(try await fixture.domain.matchingPreferences.blocked(Self.actor(rae)) == [MemberID(sam)])

            let shown = try await browser.post("/people/\(sam)/unblock", [("csrf", csrf)])
            #expect(shown.status == .seeOther && shown.location == "/account/blocks?done=unblock&member=\(sam)")
            #expect(try await fixture.domain.matchingPreferences.blocked(Self.actor(rae)).isEmpty)
            let after = try await browser.get(shown.location ?? "")
            #expect(after.html.contains("can be suggested to you again"))
            #expect(after.html.contains("You have not hidden anyone."))
        }
    }

    // Proves a hidden person who no longer shares a network is "A former member", never an id.
    @Test func aFormerMemberIsNotNamedById() async throws {
        let fixture = try await AppFixture.web()
        let admin = try await fixture.administrator()
        let north = try await fixture.network("north", by: admin)
        let south = try await fixture.network("south", by: admin)
        let rae = try await fixture.member("rae@example.org", displayName: "Rae", in: north, by: admin)
        let sol = try await fixture.member("sol@example.org", displayName: "Sol", in: south, by: admin)
        _ = try await fixture.domain.matchingPreferences.block(Self.actor(rae), MemberID(sol))
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("rae@example.org", AppFixture.password)
            let page = try await browser.get("/account/blocks")
            #expect(page.html.contains(#"<p class="account-person-name">A former member</p>"#))
            #expect(!page.html.contains("Sol"))
            #expect(!page.html.contains(">\(sol)<"))
        }
    }

    // Proves the refusals: hiding oneself is shown on the page (422) and stores nothing; a
    // member of another network, an unknown id and a non-numeric one are the same 404 page;
    // signed out a POST is 403 and the page redirects to sign-in; a POST without or with a
    // wrong CSRF token is 403; nothing changes in any case.
    @Test func refusalsChangeNothing() async throws {
        let fixture = try await AppFixture.web()
        let admin = try await fixture.administrator()
        let north = try await fixture.network("north", by: admin)
        let south = try await fixture.network("south", by: admin)
        let rae = try await fixture.member("rae@example.org", displayName: "Rae", in: north, by: admin)
        let sam = try await fixture.member("sam@example.org", displayName: "Sam", in: north, by: admin)
        let sol = try await fixture.member("sol@example.org", displayName: "Sol", in: south, by: admin)
        let blocked: @Sendable () async throws -> [MemberID] = { try await fixture.domain.matchingPreferences.blocked(Self.actor(rae)) }
        try await fixture.application().test(.router) { client in
            var visitor = Browser(client)
            let away = try await visitor.get("/account/blocks")
            #expect(away.status == .seeOther && away.location == "/sign-in")
            let signIn = try await visitor.get("/sign-in")
            #expect(try await visitor.post("/people/\(sam)/block", [("csrf", signIn.csrfToken ?? "")]).status == .forbidden)

            var browser = Browser(client)
            try await browser.signIn("rae@example.org", AppFixture.password)
            let csrf = try await browser.get("/account/blocks").csrfToken ?? ""
            let yourself = try await browser.post("/people/\(rae)/block", [("csrf", csrf)])
            #expect(yourself.status == .unprocessableContent)
            #expect(yourself.html.contains("You cannot hide yourself."))
            let stranger = try await browser.post("/people/\(sol)/block", [("csrf", csrf)])
            let unknown = try await browser.post("/people/99999/block", [("csrf", csrf)])
            #expect(stranger.status == .notFound && unknown.status == .notFound)
            for path in ["/people/abc/block", "/people/-1/block", "/people/0/unblock", "/people/99999999999999999999/block",
                         "/people/%3Cscript%3E/unblock"] {
                let page = try await browser.post(path, [("csrf", csrf)])
                #expect(page.status == .notFound, "\(path)")
                #expect(!page.html.contains("<script>"))
            }
            #expect(try await browser.post("/people/\(sam)/block", []).status == .forbidden)
            #expect(try await browser.post("/people/\(sam)/block", [("csrf", "forged")]).status == .forbidden)
            #expect(try await blocked().isEmpty)

            _ = try await fixture.domain.matchingPreferences.block(Self.actor(rae), MemberID(sam))
            #expect(try await browser.post("/people/\(sam)/unblock", [("csrf", "forged")]).status == .forbidden)
            #expect(try await blocked() == [MemberID(sam)])
            // Garbage in the confirmation's query is ignored.
            let garbage = try await browser.get("/account/blocks?done=%3Cb%3E&member=abc")
            #expect(garbage.status == .ok && !garbage.html.contains("<b>"))
        }
    }
}
