import Hummingbird

/// The urgent route's pages (issue 21): the member's `/urgent`, the wellbeing leads' queue and
/// requests, and the coordinators' page that names the leads.
extension WebApp {
    static let urgentRoutes: [(method: HTTPRequest.Method, path: String)] = [
        (.get, UrgentPaths.ask), (.post, UrgentPaths.ask), (.get, UrgentPaths.sent), (.post, UrgentPaths.withdrawRoute),
        (.get, UrgentPaths.queueRoute), (.get, UrgentPaths.requestRoute),
        (.get, UrgentPaths.wellbeingRoute), (.post, UrgentPaths.appointRoute), (.post, UrgentPaths.removeRoute),
        (.post, UrgentPaths.settingsRoute),
    ] + UrgentStep.allCases.map { (.post, UrgentPaths.requestRoute + "/" + $0.rawValue) }

    func registerUrgentPages<Context: WebRequestContext>(_ pages: RouterGroup<Context>) {
        let path = { (template: String) in RouterPath(CoordinatorPaths.routerPath(template)) }
        pages.get(path(UrgentPaths.ask)) { request, context in try await self.showUrgent(request, context: context) }
        pages.post(path(UrgentPaths.ask)) { request, context in try await self.askUrgent(request, context: context) }
        pages.get(path(UrgentPaths.sent)) { request, context in try await self.showUrgentSent(request, context: context) }
        pages.post(path(UrgentPaths.withdrawRoute)) { request, context in try await self.withdrawUrgent(request, context: context) }
        pages.get(path(UrgentPaths.queueRoute)) { request, context in try await self.wellbeingQueue(request, context: context) }
        pages.get(path(UrgentPaths.requestRoute)) { request, context in try await self.wellbeingRequest(request, context: context) }
        for step in UrgentStep.allCases {
            pages.post(path(UrgentPaths.requestRoute + "/" + step.rawValue)) { request, context in
                try await self.wellbeingStep(step, request, context: context)
            }
        }
        pages.get(path(UrgentPaths.wellbeingRoute)) { request, context in try await self.coordinatorWellbeing(request, context: context) }
        pages.post(path(UrgentPaths.appointRoute)) { request, context in try await self.coordinatorAppointLead(request, context: context) }
        pages.post(path(UrgentPaths.removeRoute)) { request, context in try await self.coordinatorRemoveLead(request, context: context) }
        pages.post(path(UrgentPaths.settingsRoute)) { request, context in
            try await self.coordinatorSaveWellbeingSettings(request, context: context)
        }
    }
}
