import Exchange
import Hummingbird

/// Agreements between networks, positions and the directory (a coordinator's, under
/// `/coordinate/networks/{id}`), and the administrators' pages (`/administer`): issue 19 items
/// 10 and 11, registered in one block.
extension WebApp {
    static let agreementRoutes: [(method: HTTPRequest.Method, path: String)] = [
        (.get, CoordinatorPaths.agreementsRoute),
        (.get, CoordinatorPaths.newAgreementRoute), (.post, CoordinatorPaths.newAgreementRoute),
        (.get, CoordinatorPaths.agreementRoute),
        (.get, CoordinatorPaths.positionsRoute), (.get, CoordinatorPaths.directoryRoute),
        (.get, AdministerPaths.networks),
        (.get, AdministerPaths.newNetwork), (.post, AdministerPaths.newNetwork),
        (.get, AdministerPaths.networkRoute), (.post, AdministerPaths.appointRoute),
    ] + AgreementCommand.allCases.map { (.post, CoordinatorPaths.agreementRoute + "/" + $0.rawValue) }

    func registerAgreementPages<Context: WebRequestContext>(_ pages: RouterGroup<Context>) {
        let path = { (template: String) in RouterPath(CoordinatorPaths.routerPath(template)) }
        pages.get(path(CoordinatorPaths.agreementsRoute)) { request, context in
            try await self.coordinatorAgreements(request, context: context)
        }
        pages.get(path(CoordinatorPaths.newAgreementRoute)) { request, context in
            try await self.coordinatorNewAgreement(request, context: context)
        }
        pages.post(path(CoordinatorPaths.newAgreementRoute)) { request, context in
            try await self.coordinatorProposeAgreement(request, context: context)
        }
        pages.get(path(CoordinatorPaths.agreementRoute)) { request, context in
            try await self.coordinatorAgreement(request, context: context)
        }
        for command in AgreementCommand.allCases {
            pages.post(path(CoordinatorPaths.agreementRoute + "/" + command.rawValue)) { request, context in
                try await self.coordinatorAgreementAction(command, request, context: context)
            }
        }
        pages.get(path(CoordinatorPaths.positionsRoute)) { request, context in
            try await self.coordinatorPositions(request, context: context)
        }
        pages.get(path(CoordinatorPaths.directoryRoute)) { request, context in
            try await self.coordinatorDirectory(request, context: context)
        }
        pages.get(path(AdministerPaths.networks)) { request, context in try await self.administerNetworks(request, context: context) }
        pages.get(path(AdministerPaths.newNetwork)) { request, context in try await self.administerNewNetwork(request, context: context) }
        pages.post(path(AdministerPaths.newNetwork)) { request, context in
            try await self.administerCreateNetwork(request, context: context)
        }
        pages.get(path(AdministerPaths.networkRoute)) { request, context in try await self.administerNetwork(request, context: context) }
        pages.post(path(AdministerPaths.appointRoute)) { request, context in try await self.administerAppoint(request, context: context) }
        registerMailPages(pages)
    }
}
