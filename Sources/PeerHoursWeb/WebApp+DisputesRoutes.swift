import Hummingbird

/// The routes of disputes and corrections: the coordinators' pages under `/coordinate`, and the
/// member's "Your side" form on a disputed session (`ExchangeAction.answer`, registered with the
/// other session actions).
extension WebApp {
    static let disputesRoutes: [(method: HTTPRequest.Method, path: String)] = [
        (.post, "/sessions/{id}/answer"),
        (.get, "/coordinate/networks/{id}/disputes"), (.get, "/coordinate/networks/{id}/disputes/{exchange}"),
        (.post, "/coordinate/networks/{id}/disputes/{exchange}/resolve"),
        (.get, "/coordinate/networks/{id}/corrections"),
        (.get, "/coordinate/networks/{id}/corrections/new"), (.post, "/coordinate/networks/{id}/corrections/new"),
    ]

    func registerDisputesPages<Context: WebRequestContext>(_ pages: RouterGroup<Context>) {
        pages.get("/coordinate/networks/:id/disputes") { request, context in
            try await self.coordinatorDisputes(request, context: context)
        }
        pages.get("/coordinate/networks/:id/disputes/:exchange") { request, context in
            try await self.coordinatorDispute(request, context: context)
        }
        pages.post("/coordinate/networks/:id/disputes/:exchange/resolve") { request, context in
            try await self.coordinatorResolveDispute(request, context: context)
        }
        pages.get("/coordinate/networks/:id/corrections") { request, context in
            try await self.coordinatorCorrections(request, context: context)
        }
        pages.get("/coordinate/networks/:id/corrections/new") { request, context in
            try await self.coordinatorNewCorrection(request, context: context)
        }
        pages.post("/coordinate/networks/:id/corrections/new") { request, context in
            try await self.coordinatorCorrect(request, context: context)
        }
    }
}
