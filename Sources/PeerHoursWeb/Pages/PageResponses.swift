import Exchange
import Hummingbird

extension WebApp {
    /// Renders `template` in the layout for this visit: the signed-in member's name in the
    /// header (from their profile), the sign-out form's token, and any new form cookie or the
    /// removal of a stale session cookie.
    func page(_ template: String, _ model: Any, visit: Visit, status: HTTPResponse.Status = .ok) async throws -> Response {
        var member: PageRenderer.Chrome.Member?
        if let signedIn = visit.signedIn {
            let profile = try await exchange.members.member(signedIn.actor, signedIn.actor.memberID).profile
            member = PageRenderer.Chrome.Member(displayName: profile.displayName)
        }
        return renderPage(template, model, visit: visit, member: member, status: status)
    }

    /// As `page`, with the frame's member given by the caller (or nobody): no profile read.
    func renderPage(_ template: String, _ model: Any, visit: Visit, member: PageRenderer.Chrome.Member? = nil,
                       status: HTTPResponse.Status = .ok) -> Response {
        let chrome = PageRenderer.Chrome(member: member, csrfToken: visit.csrfToken)
        let html = renderer.render(template, PageRenderer.Context(lang: visit.words.locale, w: visit.words, chrome: chrome, page: model))
        var response = PageRenderer.response(html, status: status)
        setVisitCookies(visit, on: &response)
        return response
    }

    func setVisitCookies(_ visit: Visit, on response: inout Response) {
        if let token = visit.newFormToken { response.setCookie(cookies.form(token)) }
        if visit.staleSessionCookie { response.setCookie(cookies.removal(SessionCookies.sessionName)) }
    }

    /// 303 See Other: after a form that changed something, the browser GETs `location`.
    func redirect(_ location: String, visit: Visit? = nil) -> Response {
        var response = Response.redirect(to: location, type: .normal)
        if let visit { setVisitCookies(visit, on: &response) }
        return response
    }
}
