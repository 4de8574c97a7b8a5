import HTTPTypes
import Hummingbird

/// The headers every answer of the pages carries: a Content-Security-Policy of `default-src
/// 'self'` (no inline script or style, nothing from elsewhere; no framing, forms post only
/// here), no MIME sniffing, a referrer only to this site (an invitation link carries its token;
/// `no-referrer` would do too much: browsers then send `Origin: null` with every form, which
/// `FormProtection` must refuse), and no caching of pages that may show a member's data.
enum SecurityHeaders {
    static let contentSecurityPolicy = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    static func apply(to response: inout Response) {
        response.headers[.contentSecurityPolicy] = contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "same-origin"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
    }
}

extension HTTPField.Name {
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}
