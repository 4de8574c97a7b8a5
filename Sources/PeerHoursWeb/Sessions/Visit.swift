import Exchange
import Foundation
import Hummingbird
import Identity

/// Who is asking and in which words, resolved once per request from its cookies and headers.
struct Visit: Sendable {
    /// A signed-in member: the session the cookie names is valid.
    struct SignedIn: Sendable {
        var principal: Principal
        var sessionToken: String
        var actor: Actor { Actor(memberID: MemberID(principal.memberID), isAdministrator: principal.isAdministrator) }
    }

    var words: Words
    /// The IANA time zone the pages show times in: the signed-in member's setting, else
    /// `WhenWords.defaultTimeZone`.
    var timeZone: String = WhenWords.defaultTimeZone
    var signedIn: SignedIn?
    /// The secret this visitor's CSRF token is derived from: the session token when signed in,
    /// else the form cookie's token (nil when the request brought neither).
    var formSecret: String?
    /// A new form cookie to set on the response, so that the page's forms can be posted.
    var newFormToken: String?
    /// The request brought a session cookie that is no longer valid: remove it.
    var staleSessionCookie: Bool

    /// Moments in words on this visitor's clock and in the language of their words.
    func when(now: Date) -> WhenWords { WhenWords(timeZone: timeZone, now: now, locale: words.locale) }

    var hasFormSecret: Bool { formSecret != nil }
    var csrfToken: String { FormProtection.csrfToken(forSecret: formSecret ?? newFormToken ?? "") }
}

extension WebApp {
    /// Reads the session cookie through the identity service (revoked and expired sessions are
    /// not signed in) and, for a visitor who is not signed in, the form cookie; with
    /// `preparingForms`, a visitor with neither is given a new form token (a page that shows a form).
    /// A signed-in member's settings (one read of the exchange store by primary key) choose the
    /// words (their language when they chose one the app has, else `Accept-Language`) and the
    /// time zone.
    func visit(_ request: Request, preparingForms: Bool = false) async throws -> Visit {
        let acceptLanguage = request.headers[.acceptLanguage]
        let words = catalogues.words(acceptLanguage: acceptLanguage)
        let cookies = request.cookies
        var signedIn: Visit.SignedIn?
        var stale = false
        if let token = cookies[SessionCookies.sessionName]?.value {
            if let principal = try await identity.authenticate(bearerToken: token) {
                signedIn = Visit.SignedIn(principal: principal, sessionToken: token)
            } else {
                stale = true
            }
        }
        if let signedIn {
            let settings = try await exchange.members.settings(signedIn.actor)
            return Visit(words: catalogues.words(language: settings.language, acceptLanguage: acceptLanguage),
                         timeZone: settings.timeZone, signedIn: signedIn, formSecret: signedIn.sessionToken, newFormToken: nil,
                         staleSessionCookie: false)
        }
        let formToken = cookies[SessionCookies.formName].map(\.value).flatMap { SecretToken.isWellFormed($0) ? $0 : nil }
        let newToken = formToken == nil && preparingForms ? SecretToken.generate() : nil
        return Visit(words: words, signedIn: nil, formSecret: formToken, newFormToken: newToken, staleSessionCookie: stale)
    }
}
