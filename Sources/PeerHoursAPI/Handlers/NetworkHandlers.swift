import Exchange
import Foundation
import Ledger

/// Networks, coordinators and the support-kind vocabulary, over `ExchangeDomain`. Authorisation
/// and validation are the domain's: its refusals become problem+json (403/404/400 naming the field).
extension APIHandlers {
    func listNetworks(_ input: Operations.ListNetworks.Input) async throws -> Operations.ListNetworks.Output {
        let actor = try RequestScope.required.requireActor()
        let page = try await exchange.networks.networks(
            actor, page: NetworkMapping.page(cursor: input.query.cursor, limit: input.query.limit))
        return .ok(.init(body: .json(.init(items: page.items.map(NetworkMapping.network), nextCursor: page.nextCursor))))
    }

    func createNetwork(_ input: Operations.CreateNetwork.Input) async throws -> Operations.CreateNetwork.Output {
        let actor = try RequestScope.required.requireActor()
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        let network = try await exchange.networks.createNetwork(actor, NetworkMapping.draft(body))
        return .created(.init(body: .json(NetworkMapping.network(network))))
    }

    func listNetworkDirectory(_ input: Operations.ListNetworkDirectory.Input) async throws -> Operations.ListNetworkDirectory.Output {
        let actor = try RequestScope.required.requireActor()
        let page = try await exchange.networks.directory(
            actor, page: NetworkMapping.page(cursor: input.query.cursor, limit: input.query.limit))
        return .ok(.init(body: .json(.init(
            items: page.items.map { .init(networkID: $0.id.rawValue, slug: $0.slug, name: $0.name) }, nextCursor: page.nextCursor))))
    }

    func getNetwork(_ input: Operations.GetNetwork.Input) async throws -> Operations.GetNetwork.Output {
        let actor = try RequestScope.required.requireActor()
        let network = try await exchange.networks.network(actor, NetworkID(input.path.networkID))
        return .ok(.init(body: .json(NetworkMapping.network(network))))
    }

    /// Administrators and the network's coordinators (the domain's `updatePolicy`).
    func updateNetworkPolicy(_ input: Operations.UpdateNetworkPolicy.Input) async throws -> Operations.UpdateNetworkPolicy.Output {
        let actor = try RequestScope.required.requireActor()
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        let network = try await exchange.networks.updatePolicy(actor, NetworkID(input.path.networkID), NetworkMapping.policy(body))
        return .ok(.init(body: .json(NetworkMapping.network(network))))
    }

    /// Administrators only; the member must be active in the network (the domain's
    /// `appointCoordinator`, which checks and changes the membership in one step).
    func appointCoordinator(_ input: Operations.AppointCoordinator.Input) async throws -> Operations.AppointCoordinator.Output {
        let actor = try RequestScope.required.requireActor()
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        let membership = try await exchange.memberships.appointCoordinator(
            actor, memberID: MemberID(body.memberID), networkID: NetworkID(input.path.networkID))
        return .created(.init(body: .json(NetworkMapping.membership(membership))))
    }

    func listSupportKinds(_ input: Operations.ListSupportKinds.Input) async throws -> Operations.ListSupportKinds.Output {
        let actor = try RequestScope.required.requireActor()
        let kinds = try await exchange.networks.supportKinds(actor).enumerated().map { (position: Int64($0.offset + 1), name: $0.element) }
        let page = try NetworkListCursor.page(
            kinds, cursor: input.query.cursor, limit: input.query.limit, list: "support-kinds", position: \.position)
        return .ok(.init(body: .json(.init(
            items: page.items.map { NetworkMapping.supportKind($0.name) }, nextCursor: page.nextCursor))))
    }

    /// Administrators only; adding a kind that exists changes nothing. The label is derived from
    /// the kind (the vocabulary stores names only).
    func createSupportKind(_ input: Operations.CreateSupportKind.Input) async throws -> Operations.CreateSupportKind.Output {
        let actor = try RequestScope.required.requireActor()
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        _ = try await exchange.networks.addSupportKind(actor, body.kind)
        return .created(.init(body: .json(NetworkMapping.supportKind(body.kind))))
    }
}
