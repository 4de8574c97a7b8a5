import Ledger

/// Authorisation from memberships, per EXCHANGE.md: `.notFound` when the actor does not belong
/// to the thing's network (they may not know it exists), `.forbidden` when they do.
struct Access: Sendable {
    let memberships: any MembershipRepository

    func requireAdministrator(_ actor: Actor) throws(ExchangeError) {
        guard actor.isAdministrator else { throw ExchangeError.forbidden("only an administrator may do this") }
    }

    /// The actor's membership in `network`, of any status; `.notFound` when there is none.
    func membership(_ actor: Actor, in network: NetworkID) async throws -> Membership {
        guard let membership = try await memberships.membership(memberID: actor.memberID, networkID: network) else {
            // The same answer whether or not the network exists (EXCHANGE.md: non-members get 404).
            throw ExchangeError.notFound("network \(network): you are not a member of it")
        }
        return membership
    }

    func requireActiveMember(_ actor: Actor, in network: NetworkID) async throws -> Membership {
        let membership = try await membership(actor, in: network)
        guard membership.isActive else {
            throw ExchangeError.forbidden("your membership of this network is \(membership.status.rawValue)")
        }
        return membership
    }

    func requireCoordinator(_ actor: Actor, of network: NetworkID) async throws -> Membership {
        let membership = try await membership(actor, in: network)
        guard membership.isActiveCoordinator else {
            throw ExchangeError.forbidden("only a coordinator of this network may do this")
        }
        return membership
    }

    /// Coordinator of `network` or an administrator.
    func requireCoordinatorOrAdministrator(_ actor: Actor, of network: NetworkID) async throws {
        if actor.isAdministrator { return }
        _ = try await requireCoordinator(actor, of: network)
    }

    func isActiveCoordinator(_ actor: Actor, of network: NetworkID) async throws -> Bool {
        try await memberships.membership(memberID: actor.memberID, networkID: network)?.isActiveCoordinator ?? false
    }

    /// The networks the actor is an active member of.
    func activeNetworks(_ actor: Actor) async throws -> [NetworkID] {
        try await memberships.memberships(of: actor.memberID).filter(\.isActive).map(\.networkID).sorted()
    }

    /// What someone who is neither a party to `exchange` nor allowed to read it is told:
    /// `.notFound` when they belong to none of its networks (they may not know it exists), else
    /// `.forbidden` with `reason`. Shared by the exchange and its message thread, so neither says
    /// more about an exchange than the other.
    func exchangeRefusal(_ actor: Actor, _ exchange: PeerExchange, reason: String) async throws -> ExchangeError {
        let memberships = try await memberships.memberships(of: actor.memberID)
        guard memberships.contains(where: { exchange.networkIDs.contains($0.networkID) }) else {
            return ExchangeError.notFound("exchange \(exchange.id)")
        }
        return ExchangeError.forbidden(reason)
    }

    /// A member's membership that must be active (e.g. the other party of an exchange).
    func requireActive(_ memberID: MemberID, in network: NetworkID, role: String) async throws -> Membership {
        guard let membership = try await memberships.membership(memberID: memberID, networkID: network) else {
            throw ExchangeError.invalid(role, "is not a member of this network")
        }
        guard membership.isActive else {
            throw ExchangeError.invalidState("the \(role)'s membership is \(membership.status.rawValue)")
        }
        return membership
    }
}
