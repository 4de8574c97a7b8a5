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
        let catalogues = try MessageCatalogues.load(
            directories: [try WebResources.directory("Catalogues")] + configuration.additionalCatalogueDirectories)
        self.catalogues = catalogues
        renderer = PageRenderer(libraries: try TemplateWords.libraries(directory: try WebResources.directory("Templates"), catalogues: catalogues))
        stylesheet = ByteBuffer(bytes: try Data(contentsOf: URL(fileURLWithPath: try WebResources.directory("Static") + "/app.css")))
        cookies = SessionCookies(secure: configuration.secureCookies)
    }

    /// The pages' routes, as (method, path template): none may be a path of the API
    /// (api/openapi.yaml), which a test checks.
    public static let routes: [(method: HTTPRequest.Method, path: String)] = [
        (.get, "/"), (.get, "/sign-in"), (.post, "/sign-in"), (.post, "/sign-out"),
        (.get, "/join/{token}"), (.post, "/join/{token}"),
        (.get, "/account/password"), (.post, "/account/password"),
        // A forgotten password: ask for a link by email, then set a new one through it.
        (.get, "/password/forgot"), (.post, "/password/forgot"), (.get, "/password/reset/{token}"), (.post, "/password/reset/{token}"),
        (.get, "/static/app.css"), (.get, WebApp.helpNowPath),
        // Sessions (one-to-one exchanges) and the statement: /sessions, not the API's /exchanges.
        (.get, "/sessions"), (.get, "/sessions/new"), (.post, "/sessions/new"), (.get, "/sessions/{id}"),
        (.post, "/sessions/{id}/accept"), (.post, "/sessions/{id}/decline"), (.post, "/sessions/{id}/cancel"),
        (.post, "/sessions/{id}/confirm"), (.post, "/sessions/{id}/dispute"),
        (.get, "/statement"), (.get, "/statement.csv"),
        // An exchange's messages
        (.get, "/sessions/{id}/messages"), (.post, "/sessions/{id}/messages"),
        // Group sessions
        (.get, "/groups"), (.get, "/groups/{id}"),
        // Listings (offers, requests, search, suggestions): under /support, since the API owns /offers and /requests.
        (.get, "/support/offers"), (.get, "/support/offers/new"), (.post, "/support/offers/new"),
        (.get, "/support/offers/{id}"), (.get, "/support/offers/{id}/edit"), (.post, "/support/offers/{id}/edit"),
        (.post, "/support/offers/{id}/status"),
        (.get, "/support/requests"), (.get, "/support/requests/new"), (.post, "/support/requests/new"),
        (.get, "/support/requests/{id}"), (.post, "/support/requests/{id}/withdraw"),
        (.get, "/search"), (.get, "/support/requests/{id}/suggestions"),
    ] + GroupSessionAction.allCases.map { (.post, "/groups/{id}/" + $0.rawValue) } + [
        // Account: networks, settings, blocks
        (.get, "/account/networks"), (.get, "/account/settings"), (.post, "/account/settings"),
        (.get, "/account/blocks"),
    ] + BlockAction.allCases.map { (.post, "/people/{id}/" + $0.rawValue) } + coordinatorRoutes + disputesRoutes + agreementRoutes
        + mailRoutes
        + noticeRoutes
        + careRoutes
        + urgentRoutes
        + erasureRoutes
        + dataExportRoutes

    /// A coordinator's pages for a network: /coordinate, since the API owns /networks.
    static let coordinatorRoutes: [(method: HTTPRequest.Method, path: String)] = [
        (.get, "/coordinate/networks/{id}"),
        (.get, "/coordinate/networks/{id}/invitations"), (.post, "/coordinate/networks/{id}/invitations"),
        (.get, "/coordinate/networks/{id}/follow-ups"), (.post, "/coordinate/networks/{id}/waiting/{member}/approve"),
        (.get, CoordinatorPaths.reportRoute), (.get, CoordinatorPaths.reportFileRoute),
        (.get, "/coordinate/networks/{id}/members"), (.get, "/coordinate/networks/{id}/members/{member}"),
        (.get, CoordinatorPaths.auditRoute), (.get, CoordinatorPaths.settingsRoute), (.post, CoordinatorPaths.settingsRoute),
    ] + InvitationAction.allCases.map { (.post, "/coordinate/networks/{id}/invitations/{invitation}/" + $0.rawValue) }
        + MemberAction.allCases.map { (.post, "/coordinate/networks/{id}/members/{member}/" + $0.rawValue) }
        + matchingRoutes

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
        // A forgotten password: ask for a link by email, then set a new one through it.
        pages.get("/password/forgot") { request, context in try await self.showForgotPassword(request, context: context) }
        pages.post("/password/forgot") { request, context in try await self.requestPasswordReset(request, context: context) }
        pages.get("/password/reset/:token") { request, context in try await self.showResetPassword(request, context: context) }
        pages.post("/password/reset/:token") { request, context in try await self.resetPassword(request, context: context) }
        pages.get("/static/app.css") { _, _ in self.stylesheetResponse() }
        pages.get(RouterPath(Self.helpNowPath)) { request, context in try await self.showHelpNow(request, context: context) }
        // Sessions (one-to-one exchanges) and the statement.
        pages.get("/sessions") { request, context in try await self.showExchanges(request, context: context) }
        pages.get("/sessions/new") { request, context in try await self.showProposal(request, context: context) }
        pages.post("/sessions/new") { request, context in try await self.propose(request, context: context) }
        pages.get("/sessions/:id") { request, context in try await self.showExchange(request, context: context) }
        for action in ExchangeAction.allCases {
            pages.post("/sessions/:id/\(action.rawValue)") { request, context in
                try await self.exchangeAction(action, request, context: context)
            }
        }
        pages.get("/statement") { request, context in try await self.showStatement(request, context: context) }
        pages.get("/statement.csv") { request, context in try await self.statementCSV(request, context: context) }
        // An exchange's messages
        pages.get("/sessions/:id/messages") { request, context in try await self.messagesPage(request, context: context) }
        pages.post("/sessions/:id/messages") { request, context in try await self.postMessage(request, context: context) }
        // Group sessions
        pages.get("/groups") { request, context in try await self.groupSessionsPage(request, context: context) }
        pages.get("/groups/:id") { request, context in try await self.groupSessionPage(request, context: context) }
        for action in GroupSessionAction.allCases {
            pages.post(RouterPath("/groups/:id/" + action.rawValue)) { request, context in
                try await self.groupSessionAction(action, request, context: context)
            }
        }
        // Listings (offers, requests, search, suggestions).
        pages.get("/support/offers") { request, context in try await self.showOffers(request, context: context) }
        pages.get("/support/offers/new") { request, context in try await self.showNewOffer(request, context: context) }
        pages.post("/support/offers/new") { request, context in try await self.createOffer(request, context: context) }
        pages.get("/support/offers/:id") { request, context in try await self.showOffer(request, context: context) }
        pages.get("/support/offers/:id/edit") { request, context in try await self.showEditOffer(request, context: context) }
        pages.post("/support/offers/:id/edit") { request, context in try await self.updateOffer(request, context: context) }
        pages.post("/support/offers/:id/status") { request, context in try await self.changeOfferStatus(request, context: context) }
        pages.get("/support/requests") { request, context in try await self.showRequests(request, context: context) }
        pages.get("/support/requests/new") { request, context in try await self.showNewRequest(request, context: context) }
        pages.post("/support/requests/new") { request, context in try await self.createRequest(request, context: context) }
        pages.get("/support/requests/:id") { request, context in try await self.showRequest(request, context: context) }
        pages.post("/support/requests/:id/withdraw") { request, context in try await self.withdrawRequest(request, context: context) }
        pages.get("/search") { request, context in try await self.showSearch(request, context: context) }
        pages.get("/support/requests/:id/suggestions") { request, context in try await self.showSuggestions(request, context: context) }
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
        // A coordinator's pages for a network.
        pages.get("/coordinate/networks/:id") { request, context in try await self.coordinatorHome(request, context: context) }
        pages.get("/coordinate/networks/:id/invitations") { request, context in
            try await self.coordinatorInvitations(request, context: context)
        }
        pages.post("/coordinate/networks/:id/invitations") { request, context in
            try await self.coordinatorInvite(request, context: context)
        }
        for action in InvitationAction.allCases {
            pages.post(RouterPath("/coordinate/networks/:id/invitations/:invitation/" + action.rawValue)) { request, context in
                try await self.coordinatorInvitationAction(action, request, context: context)
            }
        }
        pages.get("/coordinate/networks/:id/members") { request, context in
            try await self.coordinatorMembers(request, context: context)
        }
        pages.get("/coordinate/networks/:id/members/:member") { request, context in
            try await self.coordinatorMember(request, context: context)
        }
        for action in MemberAction.allCases {
            pages.post(RouterPath("/coordinate/networks/:id/members/:member/" + action.rawValue)) { request, context in
                try await self.coordinatorMemberAction(action, request, context: context)
            }
        }
        pages.get("/coordinate/networks/:id/follow-ups") { request, context in
            try await self.coordinatorFollowUps(request, context: context)
        }
        pages.post("/coordinate/networks/:id/waiting/:member/approve") { request, context in
            try await self.coordinatorApprove(request, context: context)
        }
        pages.get(RouterPath(CoordinatorPaths.routerPath(CoordinatorPaths.settingsRoute))) { request, context in
            try await self.coordinatorSettings(request, context: context)
        }
        pages.post(RouterPath(CoordinatorPaths.routerPath(CoordinatorPaths.settingsRoute))) { request, context in
            try await self.coordinatorSaveSettings(request, context: context)
        }
        pages.get(RouterPath(CoordinatorPaths.routerPath(CoordinatorPaths.auditRoute))) { request, context in
            try await self.coordinatorAudit(request, context: context)
        }
        pages.get(RouterPath(CoordinatorPaths.routerPath(CoordinatorPaths.reportRoute))) { request, context in
            try await self.showNetworkReport(request, context: context)
        }
        pages.get(RouterPath(CoordinatorPaths.routerPath(CoordinatorPaths.reportFileRoute))) { request, context in
            try await self.networkReportFile(request, context: context)
        }
        registerMatchingPages(pages)
        registerDisputesPages(pages)
        registerAgreementPages(pages)
        registerNoticePages(pages)
        registerCarePages(pages)
        registerUrgentPages(pages)
        registerErasurePages(pages)
        registerDataExportPages(pages)
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
