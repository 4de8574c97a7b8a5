import Foundation
import Hummingbird

/// The two cookies the pages set, both `HttpOnly`, `SameSite=Lax`, `Path=/`, and `Secure` when
/// the server is behind TLS:
/// - the session: the identity service's opaque session token (stored there only as a hash),
///   the same kind of token the API takes as a bearer token; it expires with the session;
/// - the form cookie: a random token for a visitor who is not signed in, which the CSRF token of
///   the sign-in and invitation forms is derived from; dropped at sign-in.
struct SessionCookies: Sendable {
    static let sessionName = "peerhours_session"
    static let formName = "peerhours_form"

    let secure: Bool

    func session(_ token: String, expiresAt: Date) -> Cookie {
        Cookie(name: Self.sessionName, value: token, expires: expiresAt, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    func form(_ token: String) -> Cookie {
        Cookie(name: Self.formName, value: token, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// A cookie that replaces `name` and expires at once.
    func removal(_ name: String) -> Cookie {
        Cookie(name: name, value: "removed", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }
}
