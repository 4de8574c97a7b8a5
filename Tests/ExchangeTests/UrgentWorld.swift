import Exchange
import Foundation
import Ledger
import Testing

/// A network for urgent-support tests: a coordinator, two wellbeing leads (appointed by the
/// coordinator), a member who asks and a bystander who is neither.
struct UrgentNetwork {
    let network: Network
    let coordinator: Actor
    let lead: Actor
    let otherLead: Actor
    let member: Actor
    let bystander: Actor
}

extension World {
    func urgentNetwork(_ slug: String = "urgent-north", policy: NetworkPolicy = NetworkPolicy(), leads: Bool = true)
        async throws -> UrgentNetwork
    {
        let network = try await self.network(slug, policy: policy)
        let coordinator = try await member("Cora Coordinator", in: network, role: .coordinator)
        let lead = try await member("Lena Lead", in: network)
        let otherLead = try await member("Owen Lead", in: network)
        if leads {
            try await domain.urgent.appointLead(coordinator, networkID: network.id, memberID: lead.memberID)
            try await domain.urgent.appointLead(coordinator, networkID: network.id, memberID: otherLead.memberID)
        }
        return UrgentNetwork(network: network, coordinator: coordinator, lead: lead, otherLead: otherLead,
                             member: try await member("Mo Member", in: network),
                             bystander: try await member("Bea Bystander", in: network))
    }

    /// Sets the clock (forward only) to `date`.
    func set(_ date: Date) {
        clock.set(nanoseconds: Int64(date.timeIntervalSince1970) * LedgerTime.nanosecondsPerSecond)
    }
}
