import Foundation
import Ledger

/// Each network's signposting list and privacy notice (`NetworkCareTexts`). Reading is public —
/// the help-now and privacy pages answer without signing in, and these texts say nothing about
/// anyone — so it takes no actor; changing them is for the network's coordinators, audited
/// `network.care_texts_updated` with no text in the detail.
public final class NetworkCareTextService: Sendable {
    /// The most networks whose texts one member's pages show.
    public static let memberNetworkCountMax = 20

    let context: ServiceContext
    let careTexts: any NetworkCareTextRepository
    let networks: any NetworkRepository

    init(context: ServiceContext, careTexts: any NetworkCareTextRepository, networks: any NetworkRepository) {
        self.context = context
        self.careTexts = careTexts
        self.networks = networks
    }

    /// The network's texts (empty when its coordinators never wrote any); `notFound` when there is
    /// no such network.
    public func texts(networkID: NetworkID) async throws -> NetworkCareTexts {
        guard try await networks.network(networkID) != nil else { throw ExchangeError.notFound("network \(networkID)") }
        return try await careTexts.networkCareTexts(networkID) ?? NetworkCareTexts()
    }

    /// The texts of the network with `slug`, with its name; nil when there is no such network (or
    /// the slug could not be one).
    public func published(slug: String) async throws -> PublishedCareTexts? {
        guard (try? Validate.slug(slug)) != nil, let network = try await networks.network(slug: slug) else { return nil }
        return try await published(network)
    }

    /// The texts of every network the actor is an active member of (at most
    /// `memberNetworkCountMax`), in network id order.
    public func published(memberOf actor: Actor) async throws -> [PublishedCareTexts] {
        var found: [PublishedCareTexts] = []
        for networkID in try await context.access.activeNetworks(actor).prefix(Self.memberNetworkCountMax) {
            guard let network = try await networks.network(networkID) else { continue }
            found.append(try await published(network))
        }
        return found
    }

    /// Replaces the network's texts (normalised: trimmed, a blank notice none), for its active
    /// coordinators; answers them as stored.
    public func update(_ actor: Actor, networkID: NetworkID, _ texts: NetworkCareTexts) async throws -> NetworkCareTexts {
        _ = try await context.access.requireCoordinator(actor, of: networkID)
        var stored = texts.normalised()
        try stored.validate()
        stored.updatedAt = context.now()
        let audit = [context.auditEvent(actor, .careTextsUpdated, network: networkID)]
        try await careTexts.setNetworkCareTexts(networkID, stored, audit: audit)
        context.logger.info("network care texts updated", metadata: ["network": "\(networkID)"])
        return stored
    }

    private func published(_ network: Network) async throws -> PublishedCareTexts {
        PublishedCareTexts(networkID: network.id, slug: network.slug, name: network.name,
                           texts: try await careTexts.networkCareTexts(network.id) ?? NetworkCareTexts())
    }
}
