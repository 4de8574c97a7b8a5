import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import Testing
@testable import PeerHoursWeb

@Suite struct MessagePageTests {
    /// Rita asked Sam for a session, accepted; Cora coordinates their network, Tess is another
    /// member of it, Olu belongs to another network.
    struct Scene {
        let fixture: AppFixture
        let rita: MemberID, sam: MemberID
        let exchange: PeerExchange

        init() async throws {
            fixture = try await AppFixture.web()
            let admin = try await fixture.administrator()
            let network = try await fixture.network("north", by: admin)
            rita = MemberID(try await fixture.member("rita@example.org", displayName: "Dr Rita Rao", in: network, by: admin))
            sam = MemberID(try await fixture.member("sam@example.org", displayName: "Sam Shah", in: network, by: admin))
            let cora = MemberID(try await fixture.member("cora@example.org", displayName: "Cora", in: network, by: admin))
            _ = try await fixture.domain.memberships.appointCoordinator(admin, memberID: cora, networkID: network.id)
            _ = try await fixture.member("tess@example.org", displayName: "Tess", in: network, by: admin)
            let south = try await fixture.network("south", by: admin)
            _ = try await fixture.member("olu@example.org", displayName: "Olu", in: south, by: admin)
            exchange = try await fixture.acceptedExchange(requester: rita, supporter: sam, in: network)
        }

        var path: String { "/sessions/\(exchange.id.rawValue)/messages" }

        func signedIn(_ client: any TestClientProtocol, _ name: String) async throws -> Browser {
            var browser = Browser(client)
            try await browser.signIn("\(name)@example.org", AppFixture.password)
            return browser
        }

        func bodies() async throws -> [String] {
            try await fixture.domain.messages.list(Actor(memberID: rita), exchange.id).items.map(\.body)
        }
    }

    static func formKey(_ page: PageResponse) -> String {
        PageResponse.firstMatch(#"name="formKey" value="([^"]*)""#, in: page.html) ?? ""
    }

    // Proves the thread in the browser: Rita writes two lines (HTML kept as text; the browser's
    // CR LF stored as LF, not refused as a control character), Sam reads it with
    // Rita's name and the privacy note, his reading marks it read, and his reply shows as "You"
    // on his side; submitting the same form twice posts once.
    @Test func twoPeopleWrite() async throws {
        let scene = try await Scene()
        try await scene.fixture.application().test(.router) { client in
            var rita = try await scene.signedIn(client, "rita")
            let empty = try await rita.get(scene.path)
            #expect(empty.status == .ok)
            #expect(empty.html.contains("Messages with Sam Shah") && empty.html.contains("Only you and Sam Shah can read"))
            let fields = [("csrf", empty.csrfToken ?? ""), ("formKey", Self.formKey(empty)), ("body", "Hello <script>x</script>\r\nTuesday?")]
            let sent = try await rita.post(scene.path, fields)
            #expect(sent.status == .seeOther && sent.location == scene.path + "#latest")
            #expect(try await rita.post(scene.path, fields).status == .seeOther)
            #expect(try await scene.bodies() == ["Hello <script>x</script>\nTuesday?"])
            #expect(try await scene.fixture.domain.messages.unreadCounts(Actor(memberID: scene.sam)) == [scene.exchange.id: 1])

            var sam = try await scene.signedIn(client, "sam")
            let home = try await sam.get("/")
            #expect(home.html.contains(#"<a href="\#(scene.path)">1 new message from Dr Rita Rao</a>"#))
            let session = try await sam.get("/sessions/\(scene.exchange.id.rawValue)")
            #expect(session.html.contains(#"<a href="\#(scene.path)">Messages with Dr Rita Rao"#))
            let thread = try await sam.get(scene.path)
            #expect(thread.html.contains("Hello &lt;script&gt;x&lt;/script&gt;") && !thread.html.contains("<script>"))
            #expect(thread.html.contains("<strong>Dr Rita Rao</strong>"))
            #expect(try await scene.fixture.domain.messages.unreadCounts(Actor(memberID: scene.sam)).isEmpty)
            #expect(!(try await sam.get("/").html.contains("new message")))
            let reply = try await sam.post(scene.path, [("csrf", thread.csrfToken ?? ""), ("formKey", Self.formKey(thread)),
                                                        ("body", "Tuesday works")])
            #expect(reply.status == .seeOther)
            #expect(try await sam.get(scene.path).html.contains("<strong>You</strong>"))
        }
        #expect(try await scene.bodies() == ["Hello <script>x</script>\nTuesday?", "Tuesday works"])
    }

    // Proves a mistake comes back at the field with the text kept, and nothing is posted.
    @Test(arguments: [("   ", "Write your message"), (String(repeating: "a", count: 2001), "Your message has 2001 characters"),
                      ("bell \u{7}", "Your message contains characters that cannot be sent")])
    func mistakes(body: String, message: String) async throws {
        let scene = try await Scene()
        try await scene.fixture.application().test(.router) { client in
            var rita = try await scene.signedIn(client, "rita")
            let page = try await rita.get(scene.path)
            let answer = try await rita.post(scene.path, [("csrf", page.csrfToken ?? ""), ("formKey", Self.formKey(page)), ("body", body)])
            #expect(answer.status == .unprocessableContent)
            #expect(answer.html.contains(##"<a href="#field-body">"## + message))
            #expect(answer.html.contains(#"aria-describedby="field-body-hint field-body-error""#))
            if body.count < 100 && !body.trimmingCharacters(in: .whitespaces).isEmpty {
                #expect(answer.html.contains("bell"))
            }
        }
        #expect(try await scene.bodies().isEmpty)
    }

    // Proves only the two people see the thread: the coordinator and another member of the
    // network are refused (403), someone from another network is told it does not exist
    // (404), a visitor is sent to sign in; posting as any of them changes nothing.
    @Test func onlyTheTwoPeople() async throws {
        let scene = try await Scene()
        try await scene.fixture.application().test(.router) { client in
            for (name, status) in [("cora", HTTPResponse.Status.forbidden), ("tess", .forbidden), ("olu", .notFound)] {
                var browser = try await scene.signedIn(client, name)
                #expect(try await browser.get(scene.path).status == status, "\(name)")
                let csrf = try await browser.get("/").csrfToken ?? ""
                #expect(try await browser.post(scene.path, [("csrf", csrf), ("body", "let me in")]).status == status, "\(name)")
            }
            var nobody = Browser(client)
            #expect(try await nobody.get(scene.path).location == "/sign-in")
        }
        #expect(try await scene.bodies().isEmpty)
    }

    // Proves the form needs its CSRF token and a same-origin post; ids that are not an
    // exchange's are the 404 page.
    @Test func formTokenAndHostileIds() async throws {
        let scene = try await Scene()
        try await scene.fixture.application().test(.router) { client in
            var rita = try await scene.signedIn(client, "rita")
            for fields in [[("body", "hi")], [("csrf", "nope"), ("body", "hi")]] {
                #expect(try await rita.post(scene.path, fields).status == .forbidden)
            }
            let csrf = try await rita.get(scene.path).csrfToken ?? ""
            #expect(try await rita.post(scene.path, [("csrf", csrf), ("body", "hi")], origin: "https://evil.example").status == .forbidden)
            for id in ["abc", "0", "-3", "99999", "9223372036854775808"] {
                #expect(try await rita.get("/sessions/\(id)/messages").status == .notFound, "\(id)")
            }
        }
        #expect(try await scene.bodies().isEmpty)
    }
}
