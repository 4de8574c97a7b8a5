import Hummingbird

/// Issue 21's care pages: the privacy notice (public) and a network's signposting and privacy
/// notice for its coordinators to write.
extension WebApp {
    static let careRoutes: [(method: HTTPRequest.Method, path: String)] = [
        (.get, privacyPath), (.get, careRoute), (.post, careRoute),
    ]

    func registerCarePages<Context: WebRequestContext>(_ pages: RouterGroup<Context>) {
        pages.get(RouterPath(Self.privacyPath)) { request, context in try await self.showPrivacy(request, context: context) }
        pages.get(RouterPath(CoordinatorPaths.routerPath(Self.careRoute))) { request, context in
            try await self.coordinatorCare(request, context: context)
        }
        pages.post(RouterPath(CoordinatorPaths.routerPath(Self.careRoute))) { request, context in
            try await self.coordinatorSaveCare(request, context: context)
        }
    }
}
