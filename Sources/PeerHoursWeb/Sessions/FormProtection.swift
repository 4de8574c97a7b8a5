import Crypto
import Foundation
import Hummingbird
import HTTPTypes

/// Cross-site request forgery defences for every POST of the pages, checked before anything
/// else is read or done:
/// 1. `Origin`, when the browser sends one, must be the server's own (`publicOrigin` when
///    configured, else the request's `Host`);
/// 2. the form's `csrf` field must be the token bound to the visitor's session: SHA-256 of a
///    fixed label and the session token (or, signed out, the form cookie's token). Only this
///    browser holds that secret (an HttpOnly cookie), so another site cannot know the token, and
///    no server state is needed: any instance recomputes it.
enum FormProtection {
    static let fieldName = "csrf"

    static func csrfToken(forSecret secret: String) -> String {
        let digest = SHA256.hash(data: Data("peerhours-csrf\u{0}\(secret)".utf8))
        return Data(digest).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Throws `WebRefusal.forbidden` unless the origin and the token are right.
    static func check(_ request: Request, presentedToken: String?, visit: Visit, publicOrigin: String?) throws(WebRefusal) {
        if let origin = request.headers[.origin], !originMatches(origin, host: request.head.authority, publicOrigin: publicOrigin) {
            throw .forbidden
        }
        guard let presentedToken, visit.hasFormSecret, constantTimeEqual(presentedToken, visit.csrfToken) else {
            throw .forbidden
        }
    }

    /// Whether an `Origin` header names this server. `null` (a sandboxed or privacy-stripped
    /// origin) never does.
    static func originMatches(_ origin: String, host: String?, publicOrigin: String?) -> Bool {
        if let publicOrigin { return origin.lowercased() == publicOrigin.lowercased() }
        guard let host, let components = URLComponents(string: origin), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let originHost = components.host?.lowercased()
        else { return false }
        let defaultPort = scheme == "https" ? 443 : 80
        let originAuthority = components.port.map { $0 == defaultPort ? originHost : "\(originHost):\($0)" } ?? originHost
        return originAuthority == normalizedAuthority(host, defaultPort: defaultPort)
    }

    /// `host[:port]`, lower-cased, without the scheme's default port.
    private static func normalizedAuthority(_ authority: String, defaultPort: Int) -> String {
        let lowered = authority.lowercased()
        return lowered.hasSuffix(":\(defaultPort)") ? String(lowered.dropLast(":\(defaultPort)".count)) : lowered
    }

    static func constantTimeEqual(_ left: String, _ right: String) -> Bool {
        let leftBytes = Array(left.utf8), rightBytes = Array(right.utf8)
        guard leftBytes.count == rightBytes.count else { return false }
        return zip(leftBytes, rightBytes).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
