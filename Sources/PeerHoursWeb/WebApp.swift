import Exchange
import Foundation
import Hummingbird
import Identity
import Logging
import Mustache
import Onboarding

/// The member's web pages: server-rendered HTML over the same domain services as the API
/// (`ExchangeDomain`, `IdentityService`, `SignUp`), never the API over HTTP. Mounted on the
/// API's router by `addRoutes(to:)`, each route inside `PageMiddleware`; see docs/WEB.md.
public struct WebApp: Sendable {
    let identity: IdentityService
    let exchange: ExchangeDomain
    let signUp: SignUp
    let configuration: WebConfiguration
    let renderer: PageRenderer
    let catalogues: MessageCatalogues
    let stylesheet: ByteBuffer
    let cookies: SessionCookies

    /// Loads the templates, catalogues and stylesheet shipped with the module (`WebResources`);
    /// a template that does not parse stops the start.
    public init(configuration: WebConfiguration, identity: IdentityService, exchange: ExchangeDomain, signUp: SignUp) async throws {
        self.identity = identity
        self.exchange = exchange
        self.signUp = signUp
        self.configuration = configuration
        renderer = PageRenderer(library: try await MustacheLibrary(directory: try WebResources.directory("Templates")))
        catalogues = try MessageCatalogues.load(
            directories: [try WebResources.directory("Catalogues")] + configuration.additionalCatalogueDirectories)
        stylesheet = ByteBuffer(bytes: try Data(contentsOf: URL(fileURLWithPath: try WebResources.directory("Static") + "/app.css")))
        cookies = SessionCookies(secure: configuration.secureCookies)
    }

    /// The pages' routes, as (method, path template): none may be a path of the API
    /// (api/openapi.yaml), which a test checks.
    public static let routes: [(method: HTTPRequest.Method, path: String)] = [
        (.get, "/"), (.get, "/sign-in"), (.post, "/sign-in"), (.post, "/sign-out"),
        (.get, "/join/{token}"), (.post, "/join/{token}"),
        (.get, "/account/password"), (.post, "/account/password"),
        (.get, "/static/app.css"),
        // An exchange's messages
        (.get, "/my/exchanges/{id}/messages"), (.post, "/my/exchanges/{id}/messages"),
        // Group sessions
        (.get, "/my/group-sessions"), (.get, "/my/group-sessions/{id}"),
    ] + GroupSessionAction.allCases.map { (.post, "/my/group-sessions/{id}/" + $0.rawValue) } + [
        // Account: networks, settings, blocks
        (.get, "/account/networks"), (.get, "/account/settings"), (.post, "/account/settings"),
        (.get, "/account/blocks"),
    ] + BlockAction.allCases.map { (.post, "/people/{id}/" + $0.rawValue) }

    /// Registers the pages on `router`, in a group of their own so that only they pass through
    /// `PageMiddleware`.
    public func addRoutes<Context: WebRequestContext>(to router: Router<Context>) {
        let pages = router.group().add(middleware: PageMiddleware<Context>(web: self))
        pages.get("/") { request, context in try await self.root(request, context: context) }
        pages.get("/sign-in") { request, context in try await self.showSignIn(request, context: context) }
        pages.post("/sign-in") { request, context in try await self.signIn(request, context: context) }
        pages.post("/sign-out") { request, context in try await self.signOut(request, context: context) }
        pages.get("/join/:token") { request, context in try await self.showInvitation(request, context: context) }
        pages.post("/join/:token") { request, context in try await self.acceptInvitation(request, context: context) }
        pages.get("/account/password") { request, context in try await self.showPasswordChange(request, context: context) }
        pages.post("/account/password") { request, context in try await self.changePassword(request, context: context) }
        pages.get("/static/app.css") { _, _ in self.stylesheetResponse() }
        // An exchange's messages
        pages.get("/my/exchanges/:id/messages") { request, context in try await self.messagesPage(request, context: context) }
        pages.post("/my/exchanges/:id/messages") { request, context in try await self.postMessage(request, context: context) }
        // Group sessions
        pages.get("/my/group-sessions") { request, context in try await self.groupSessionsPage(request, context: context) }
        pages.get("/my/group-sessions/:id") { request, context in try await self.groupSessionPage(request, context: context) }
        for action in GroupSessionAction.allCases {
            pages.post(RouterPath("/my/group-sessions/:id/" + action.rawValue)) { request, context in
                try await self.groupSessionAction(action, request, context: context)
            }
        }
        // Account: networks, settings, blocks
        pages.get("/account/networks") { request, context in try await self.networksPage(request, context: context) }
        pages.get("/account/settings") { request, context in try await self.showAccountSettings(request, context: context) }
        pages.post("/account/settings") { request, context in try await self.updateAccountSettings(request, context: context) }
        pages.get("/account/blocks") { request, context in try await self.blocksPage(request, context: context) }
        for action in BlockAction.allCases {
            pages.post(RouterPath("/people/:id/" + action.rawValue)) { request, context in
                try await self.blockAction(action, request, context: context)
            }
        }
    }

    /// `/`: the home page when signed in, the sign-in page otherwise.
    func root<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request, preparingForms: true)
        guard let signedIn = visit.signedIn else { return signInPage(visit) }
        return try await homePage(visit, signedIn)
    }

    private func stylesheetResponse() -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
            body: ResponseBody(byteBuffer: stylesheet))
    }
}

/// Where the module's files are: package resources (`Bundle.module`), which SwiftPM copies
/// beside the built products, so `swift run`, the test binaries and an installed binary with
/// its `PeerHours_PeerHoursWeb.resources` folder all find them.
enum WebResources {
    struct Missing: Error { var name: String }

    static func directory(_ name: String) throws -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil) else { throw Missing(name: name) }
        return url.path
    }
}
