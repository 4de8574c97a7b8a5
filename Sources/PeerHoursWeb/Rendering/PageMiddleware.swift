import Exchange
import Hummingbird
import Identity
import Ledger
import Logging

/// Wraps every route of the pages (and only those): adds the security headers and turns every
/// error into a page in the same look — 400, 403, 404, 500 or 503, never a stack trace nor
/// problem+json. The API's problem middleware further out never sees a page's error.
struct PageMiddleware<Context: WebRequestContext>: RouterMiddleware {
    let web: WebApp

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = web.errorPage(for: error, request: request, logger: context.logger)
        }
        SecurityHeaders.apply(to: &response)
        return response
    }
}

/// For a request the router found no route for, from a browser (its `Accept` names HTML): the
/// 404 page instead of the API's problem+json. Placed in the API's chain outside its 405 check,
/// so a known API path with another method is still 405.
public struct NotFoundPageMiddleware<Context: RequestContext>: RouterMiddleware {
    let web: WebApp

    public init(web: WebApp) { self.web = web }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && Self.prefersHTML(request) {
            var response = web.errorPage(for: WebRefusal.notFound, request: request, logger: context.logger)
            SecurityHeaders.apply(to: &response)
            return response
        }
    }

    static func prefersHTML(_ request: Request) -> Bool {
        request.headers[.accept]?.contains("text/html") ?? false
    }
}

extension WebApp {
    /// The page for an error: refusals and the domain's 403/404 as themselves, anything else 500
    /// (logged by type only, never its text, which may carry personal data).
    func errorPage(for error: any Error, request: Request, logger: Logger) -> Response {
        let words = catalogues.words(acceptLanguage: request.headers[.acceptLanguage])
        let status: HTTPResponse.Status
        switch error {
        case WebRefusal.forbidden, ExchangeError.forbidden: status = .forbidden
        case WebRefusal.notFound, ExchangeError.notFound: status = .notFound
        case WebRefusal.badRequest: status = .badRequest
        case let error as HTTPError where error.status == .notFound: status = .notFound
        case let error as HTTPError where error.status == .contentTooLarge: status = .contentTooLarge
        case let unavailable as StoreUnavailable:
            logger.warning("page refused: database unavailable", metadata: ["store": "\(unavailable.store)"])
            status = .serviceUnavailable
        default:
            logger.error("page failed", metadata: ["error.type": "\(type(of: error))"])
            status = .internalServerError
        }
        let page = ErrorPageView(words: words, status: status)
        let html = renderer.render(
            "error", PageRenderer.Context(lang: words.locale, w: words, chrome: PageRenderer.Chrome(member: nil, csrfToken: ""), page: page))
        var response = PageRenderer.response(html, status: status)
        if status == .serviceUnavailable { response.headers[.retryAfter] = "5" }
        return response
    }
}

/// The 400/403/404/500/503 page: a heading and what the person can do next.
struct ErrorPageView {
    var heading: String
    var explanation: String

    init(words: Words, status: HTTPResponse.Status) {
        let key: String
        switch status {
        case .forbidden: key = "error403"
        case .notFound: key = "error404"
        case .badRequest, .contentTooLarge: key = "error400"
        case .serviceUnavailable: key = "error503"
        default: key = "error500"
        }
        heading = words[key + "Heading"]
        explanation = words[key + "Explanation"]
    }
}
