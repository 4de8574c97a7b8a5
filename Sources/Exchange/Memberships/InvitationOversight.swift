import Foundation
import Ledger

/// What coordinators' work on a network's invitations needs from the domain. Identity holds the
/// invitations and knows no roles; this checks who may manage them (a coordinator of the
/// network or an administrator: a member of it 403, anyone else 404, as everywhere), records
/// each view and each change in the network's audit trail, and names the people involved.
/// Every method checks the actor first.
public final class InvitationOversight: Sendable {
    /// What a coordinator did with invitations, as the audit trail records it.
    public enum Event: Sendable, Hashable {
        case viewed, sent, resent, revoked

        var action: AuditAction {
            switch self {
            case .viewed: .invitationsViewed
            case .sent: .invitationsSent
            case .resent: .invitationResent
            case .revoked: .invitationRevoked
            }
        }
    }

    let context: ServiceContext
    let members: any MemberRepository
    let memberships: any MembershipRepository
    let networks: any NetworkRepository

    init(context: ServiceContext, members: any MemberRepository, memberships: any MembershipRepository,
         networks: any NetworkRepository) {
        self.context = context
        self.members = members
        self.memberships = memberships
        self.networks = networks
    }

    /// Refuses unless the actor may manage the invitations of this existing network.
    public func authorise(_ actor: Actor, networkID: NetworkID) async throws {
        try await context.access.requireCoordinatorOrAdministrator(actor, of: networkID)
        guard try await networks.network(networkID) != nil else { throw ExchangeError.notFound("network \(networkID)") }
    }

    /// Appends `event` to the network's audit trail: the invitation's id as subject, and only
    /// counts or ids in `detail` (never an address).
    public func record(_ actor: Actor, networkID: NetworkID, _ event: Event, invitationID: Int64? = nil,
                       detail: String? = nil) async throws {
        try await authorise(actor, networkID: networkID)
        try await context.audit(actor, event.action, network: networkID, subject: invitationID, detail: detail)
    }

    /// Display names of these members (inviters), by id; unknown ids are left out.
    public func displayNames(_ actor: Actor, networkID: NetworkID, of ids: [MemberID]) async throws -> [MemberID: String] {
        try await authorise(actor, networkID: networkID)
        let unique = Array(Set(ids)).sorted { $0.rawValue < $1.rawValue }
        guard !unique.isEmpty else { return [:] }
        return Dictionary(uniqueKeysWithValues: try await members.members(unique).map { ($0.id, $0.profile.displayName) })
    }

    /// Those of `ids` who belong to the network (invited, active or suspended; not those who left).
    public func networkMembers(_ actor: Actor, networkID: NetworkID, among ids: [MemberID]) async throws -> Set<MemberID> {
        try await authorise(actor, networkID: networkID)
        var found: Set<MemberID> = []
        for id in Set(ids) {
            if let membership = try await memberships.membership(memberID: id, networkID: networkID), membership.status != .left {
                found.insert(id)
            }
        }
        return found
    }
}
