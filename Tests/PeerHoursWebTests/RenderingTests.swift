import AppTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
@testable import PeerHoursWeb
import Testing

@Suite struct RenderingTests {
    // Proves a display name with markup is shown as text, escaped, in the header and on home.
    @Test func namesAreEscaped() async throws {
        let fixture = try await AppFixture.web()
        let admin = try await fixture.administrator()
        let network = try await fixture.network("north", by: admin)
        _ = try await fixture.member("x@example.nhs.uk", displayName: "<script>alert('x')</script>", in: network, by: admin)
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("x@example.nhs.uk", AppFixture.password)
            let home = try await browser.get("/")
            #expect(!home.html.contains("<script>"))
            #expect(home.html.contains("Hello, &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
            #expect(home.html.contains("<strong>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</strong>"))
        }
    }

    // Proves a browser asking for a path nobody serves gets the 404 page in the pages' look (no
    // stack trace), while an API client still gets problem+json, and a known API path with
    // another method is still 405.
    @Test func notFoundIsAPageForBrowsersOnly() async throws {
        let fixture = try await AppFixture.web()
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            let page = try await browser.get("/no/such/page")
            #expect(page.status == .notFound)
            #expect(page.html.contains("Page not found") && page.html.contains(#"href="/static/app.css""#))
            #expect(page.headers[HTTPField.Name("Content-Security-Policy")!] != nil)
            let api = try await client.execute(uri: "/no/such/page", method: .get, headers: [.accept: "application/json"])
            #expect(api.status == .notFound)
            #expect(api.headers[.contentType] == "application/problem+json")
            let method = try await client.execute(uri: "/auth/login", method: .get, headers: [.accept: "text/html"])
            #expect(method.status == .methodNotAllowed)
        }
    }

    // Proves the API's middleware leaves the pages alone: a form post that also carries a bearer
    // token and an Idempotency-Key is answered by the page (a 403 page, not problem+json), and a
    // body that is not a form is a 400 page.
    @Test func apiMiddlewareDoesNotTakeOverPages() async throws {
        let fixture = try await AppFixture.web()
        _ = try await fixture.administrator()
        try await fixture.application().test(.router) { client in
            let login = try await client.execute(
                uri: "/auth/login", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"email":"admin@example.org","password":"\#(AppFixture.password)"}"#))
            let token = try #require(PageResponse.firstMatch(#""token":"([^"]+)""#, in: String(buffer: login.body)))
            var browser = Browser(client)
            let page = try await browser.post(
                "/sign-out", [("csrf", "x")],
                headers: [.authorization: "Bearer \(token)", HTTPField.Name("Idempotency-Key")!: "k-1"])
            #expect(page.status == .forbidden)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            let json = try await client.execute(
                uri: "/sign-in", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: "{}"))
            #expect(json.status == .badRequest)
            #expect(json.headers[.contentType] == "text/html; charset=utf-8")
        }
    }

    // Proves the stylesheet is served from the app as CSS, honours reduced motion and the
    // colour scheme, and that no page has inline script or style (the CSP forbids them).
    @Test func stylesheetAndNoInlineCode() async throws {
        let fixture = try await AppFixture.web()
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            let css = try await browser.get("/static/app.css")
            #expect(css.status == .ok && css.headers[.contentType] == "text/css; charset=utf-8")
            #expect(css.html.contains("prefers-reduced-motion") && css.html.contains("prefers-color-scheme"))
            let page = try await browser.get("/")
            #expect(!page.html.contains("<script") && !page.html.contains("<style") && !page.html.contains("style="))
        }
    }

    // Proves no page route is also an API path (api/openapi.yaml), so neither shadows the other.
    @Test func pageRoutesDoNotCollideWithTheAPI() throws {
        let spec = try String(contentsOfFile: Self.specPath, encoding: .utf8)
        let apiPaths = spec.split(separator: "\n").filter { $0.hasPrefix("  /") && $0.hasSuffix(":") }
            .map { String($0.dropFirst(2).dropLast()) }
        #expect(apiPaths.count > 50)
        for route in WebApp.routes {
            for apiPath in apiPaths {
                #expect(!Self.overlap(route.path, apiPath), "\(route.path) overlaps \(apiPath)")
            }
        }
    }

    static var specPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("api/openapi.yaml").path
    }

    /// Whether two path templates can match one path (a `{parameter}` matches any segment).
    static func overlap(_ left: String, _ right: String) -> Bool {
        let leftSegments = left.split(separator: "/"), rightSegments = right.split(separator: "/")
        guard leftSegments.count == rightSegments.count else { return false }
        return zip(leftSegments, rightSegments).allSatisfy { $0.hasPrefix("{") || $1.hasPrefix("{") || $0 == $1 }
    }
}

@Suite struct ErrorPageTests {
    struct InjectedFailure: Error { var detail = "Amina's note about burnout" }

    // Proves an unexpected error is the 500 page in the pages' look, with nothing of the error
    // in it (its text may carry personal data).
    @Test func unexpectedErrorIsA500PageWithoutDetails() async throws {
        let fixture = try await AppFixture.web()
        let web = try await WebApp(
            configuration: WebConfiguration(), identity: fixture.identity, exchange: fixture.domain, signUp: fixture.signUp)
        let request = Request(
            head: HTTPRequest(method: .get, scheme: "http", authority: "localhost", path: "/"), body: RequestBody(buffer: ByteBuffer()))
        let response = web.errorPage(for: InjectedFailure(), request: request, logger: Logger(label: "web-tests"))
        #expect(response.status == .internalServerError)
        let writer = CollectedBody()
        try await response.body.write(writer)
        let html = String(decoding: writer.bytes, as: UTF8.self)
        #expect(html.contains("Sorry, there is a problem with the service") && html.contains(#"href="/static/app.css""#))
        #expect(!html.contains("burnout") && !html.contains("InjectedFailure"))
    }
}

/// A response body, collected.
final class CollectedBody: ResponseBodyWriter {
    private(set) var bytes: [UInt8] = []

    func write(_ buffer: ByteBuffer) async throws { bytes.append(contentsOf: buffer.readableBytesView) }
    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
