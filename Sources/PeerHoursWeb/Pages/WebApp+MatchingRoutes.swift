import Hummingbird

/// The matching pages' routes (issue 19, items 4 and 5): the runs list, a run's review, and
/// proposing a match for a waiting request, all under `/coordinate/networks/{id}/matching`.
extension WebApp {
    static let matchingRoutes: [(method: HTTPRequest.Method, path: String)] = [
        (.get, CoordinatorPaths.matchingRoute), (.post, CoordinatorPaths.matchingRoute),
        (.get, CoordinatorPaths.matchingRunRoute), (.post, CoordinatorPaths.matchingSendRoute),
        (.post, CoordinatorPaths.matchingDropRoute),
        (.get, CoordinatorPaths.proposeMatchRoute), (.post, CoordinatorPaths.proposeMatchRoute),
    ]

    func registerMatchingPages<Context: WebRequestContext>(_ pages: RouterGroup<Context>) {
        let path = { (template: String) in RouterPath(CoordinatorPaths.routerPath(template)) }
        pages.get(path(CoordinatorPaths.matchingRoute)) { request, context in
            try await self.coordinatorMatchingRuns(request, context: context)
        }
        pages.post(path(CoordinatorPaths.matchingRoute)) { request, context in
            try await self.coordinatorStartMatchingRun(request, context: context)
        }
        pages.get(path(CoordinatorPaths.matchingRunRoute)) { request, context in
            try await self.coordinatorMatchingRun(request, context: context)
        }
        pages.post(path(CoordinatorPaths.matchingSendRoute)) { request, context in
            try await self.coordinatorSendMatchingRun(request, context: context)
        }
        pages.post(path(CoordinatorPaths.matchingDropRoute)) { request, context in
            try await self.coordinatorDropProposal(request, context: context)
        }
        pages.get(path(CoordinatorPaths.proposeMatchRoute)) { request, context in
            try await self.coordinatorProposeMatchPage(request, context: context)
        }
        pages.post(path(CoordinatorPaths.proposeMatchRoute)) { request, context in
            try await self.coordinatorProposeMatch(request, context: context)
        }
    }
}
