import Foundation
import Ledger
import Logging

/// Networks and the support-kind vocabulary.
public final class NetworkService: Sendable {
    let context: ServiceContext
    let memberships: any MembershipRepository
    let networks: any NetworkRepository
    let supportKinds: any SupportKindRepository

    init(context: ServiceContext, memberships: any MembershipRepository, networks: any NetworkRepository,
         supportKinds: any SupportKindRepository) {
        self.context = context
        self.memberships = memberships
        self.networks = networks
        self.supportKinds = supportKinds
    }

    /// Administrators only. The network's community and correction accounts are opened in the
    /// ledger after the row (and their ids) are stored; repeating the call with the same draft
    /// finishes a creation interrupted in between and answers the same network.
    public func createNetwork(_ actor: Actor, _ draft: NetworkDraft) async throws -> Network {
        try context.access.requireAdministrator(actor)
        try Validate.network(draft)
        let network: Network
        if let existing = try await networks.network(slug: draft.slug) {
            guard existing.name == draft.name, existing.policy == draft.policy else {
                throw ExchangeError.conflict("the slug \(draft.slug) is taken")
            }
            network = existing
        } else {
            network = try await networks.insertNetwork(draft, at: context.now())
        }
        try await context.ledger.openAccounts(network.ledgerAccounts)
        context.logger.info("network created", metadata: ["network": "\(network.id)"])
        return network
    }

    /// Whether a network has this slug (names no one; used by `serve --demo` to recognise its
    /// own data before anyone is logged in).
    public func slugExists(_ slug: String) async throws -> Bool {
        try await networks.network(slug: slug) != nil
    }

    /// A network's name for the holder of an open invitation to it, who is not a member yet: the
    /// invitation page names the network it joins. Only the name: the caller has checked the
    /// invitation, and a network that no longer exists reads as nil.
    public func nameForInvitation(to id: NetworkID) async throws -> String? {
        try await networks.network(id)?.name
    }

    /// Members of the network (any status) and administrators.
    public func network(_ actor: Actor, _ id: NetworkID) async throws -> Network {
        if !actor.isAdministrator { _ = try await context.access.membership(actor, in: id) }
        guard let network = try await networks.network(id) else { throw ExchangeError.notFound("network \(id)") }
        return network
    }

    /// The networks the actor belongs to (all of them for an administrator), in id order.
    public func networks(_ actor: Actor, page: PageRequest = PageRequest()) async throws -> Page<Network> {
        let size = try Cursor.validSize(page)
        let after = try Cursor.decode(page.cursor, list: "networks").map { NetworkID($0) }
        let only = actor.isAdministrator ? nil : try await memberships.memberships(of: actor.memberID).map(\.networkID)
        let fetched = try await networks.networks(only: only, afterID: after, limit: size + 1)
        return Cursor.page(fetched, size: size, list: "networks") { $0.id.rawValue }
    }

    /// Administrators and the network's coordinators. A new floor or ceiling applies to accounts
    /// opened after the change (the ledger's limits are fixed when an account opens); a new
    /// welcome grant to activations after it; new auto-confirm days to first confirmations after
    /// it, never beyond an accepted exchange's reservation deadline.
    public func updatePolicy(_ actor: Actor, _ id: NetworkID, _ policy: NetworkPolicy) async throws -> Network {
        try await context.access.requireCoordinatorOrAdministrator(actor, of: id)
        try Validate.policy(policy, field: "")
        let audit = [context.auditEvent(actor, .policyUpdated, network: id)]
        guard let network = try await networks.updateNetworkPolicy(id, policy, audit: audit) else {
            throw ExchangeError.notFound("network \(id)")
        }
        context.logger.info("network policy updated", metadata: ["network": "\(id)"])
        return network
    }

    /// Every network's id, slug and name, in id order — what a coordinator needs to propose an
    /// agreement to another network. Coordinators (of any network) and administrators; nothing
    /// here is about people.
    public func directory(_ actor: Actor, page: PageRequest = PageRequest()) async throws -> Page<NetworkListing> {
        if !actor.isAdministrator {
            let coordinates = try await memberships.memberships(of: actor.memberID).contains(where: \.isActiveCoordinator)
            guard coordinates else { throw ExchangeError.forbidden("only coordinators and administrators may list every network") }
        }
        let size = try Cursor.validSize(page)
        let after = try Cursor.decode(page.cursor, list: "network-directory").map { NetworkID($0) }
        let fetched = try await networks.networks(only: nil, afterID: after, limit: size + 1)
            .map { NetworkListing(id: $0.id, slug: $0.slug, name: $0.name) }
        return Cursor.page(fetched, size: size, list: "network-directory") { $0.id.rawValue }
    }

    public func supportKinds(_ actor: Actor) async throws -> [String] {
        try await supportKinds.supportKinds()
    }

    /// Administrators only; adding a kind that exists changes nothing.
    public func addSupportKind(_ actor: Actor, _ name: String) async throws -> [String] {
        try context.access.requireAdministrator(actor)
        try Validate.supportKindName(name, field: "name")
        _ = try await supportKinds.insertSupportKind(name)
        return try await supportKinds.supportKinds()
    }
}
