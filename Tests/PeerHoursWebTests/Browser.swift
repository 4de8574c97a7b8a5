import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting

/// One answer as a browser sees it.
struct PageResponse {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var html: String
    /// Each `Set-Cookie` of the answer, whole (attributes included).
    var setCookies: [String]

    var location: String? { headers[.location] }

    /// The first form's CSRF token on the page.
    var csrfToken: String? { Self.firstMatch(#"name="csrf" value="([^"]*)""#, in: html) }

    func setCookie(named name: String) -> String? { setCookies.first { $0.hasPrefix(name + "=") } }

    static func firstMatch(_ pattern: String, in text: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let range = Range(match.range(at: 1), in: text)
        else { return nil }
        return String(text[range])
    }
}

/// A browser over HummingbirdTesting's client: keeps cookies as a browser would (a
/// `Max-Age=0` removes one), sends forms URL-encoded with an `Origin` of the test server
/// (`http://localhost`, the authority the router test framework uses), and does not follow
/// redirects (tests read them).
struct Browser {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    var acceptLanguage: String?
    static let origin = "http://localhost"

    init(_ client: any TestClientProtocol, acceptLanguage: String? = nil) {
        self.client = client
        self.acceptLanguage = acceptLanguage
    }

    mutating func get(_ path: String, headers extra: HTTPFields = [:]) async throws -> PageResponse {
        var headers = baseHeaders()
        headers.append(contentsOf: extra)
        return absorb(try await client.execute(uri: path, method: .get, headers: headers, body: nil))
    }

    /// Posts `fields` (in order) as a form; `origin: nil` sends no Origin header.
    @discardableResult
    mutating func post(_ path: String, _ fields: [(String, String)], origin: String? = Browser.origin,
                       headers extra: HTTPFields = [:]) async throws -> PageResponse {
        var headers = baseHeaders()
        headers[.contentType] = "application/x-www-form-urlencoded"
        if let origin { headers[.origin] = origin }
        headers.append(contentsOf: extra)
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return absorb(try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body)))
    }

    /// Signs in through the form (GET the page for its token, then POST); answers the POST.
    @discardableResult
    mutating func signIn(_ email: String, _ password: String) async throws -> PageResponse {
        let form = try await get("/sign-in")
        return try await post("/sign-in", [("csrf", form.csrfToken ?? ""), ("email", email), ("password", password)])
    }

    var sessionToken: String? { cookies["peerhours_session"] }

    private func baseHeaders() -> HTTPFields {
        var headers: HTTPFields = [.accept: "text/html,application/xhtml+xml"]
        if let acceptLanguage { headers[.acceptLanguage] = acceptLanguage }
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }
        return headers
    }

    private mutating func absorb(_ response: TestResponse) -> PageResponse {
        let setCookies = response.headers[values: .setCookie]
        for header in setCookies {
            let pair = header.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            if header.lowercased().contains("max-age=0") {
                cookies[String(pair[0])] = nil
            } else {
                cookies[String(pair[0])] = String(pair[1])
            }
        }
        return PageResponse(status: response.status, headers: response.headers, html: String(buffer: response.body), setCookies: setCookies)
    }

    static func encode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        return (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value).replacingOccurrences(of: "%20", with: "+")
    }
}
