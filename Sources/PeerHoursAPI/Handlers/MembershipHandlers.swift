import Exchange
import Foundation
import Ledger

/// A network's memberships: listed, suspended and reinstated by its coordinators (and
/// administrators), as the domain allows.
extension APIHandlers {
    func listMemberships(_ input: Operations.ListMemberships.Input) async throws -> Operations.ListMemberships.Output {
        let actor = try RequestScope.required.requireActor()
        let networkID = NetworkID(input.path.networkID)
        _ = try await exchange.networks.network(actor, networkID)
        let status = input.query.status.map(NetworkMapping.membershipStatus)
        let page = try await exchange.memberships.members(
            actor, of: networkID, status: status, page: NetworkMapping.page(cursor: input.query.cursor, limit: input.query.limit))
        var items: [Components.Schemas.Membership] = []
        for membership in page.items {
            let name = try? await exchange.members.member(actor, membership.memberID).profile.displayName
            items.append(NetworkMapping.membership(membership, displayName: name))
        }
        return .ok(.init(body: .json(.init(items: items, nextCursor: page.nextCursor))))
    }

    func suspendMembership(_ input: Operations.SuspendMembership.Input) async throws -> Operations.SuspendMembership.Output {
        let actor = try RequestScope.required.requireActor()
        let membership = try await exchange.memberships.suspend(
            actor, memberID: MemberID(input.path.memberID), networkID: NetworkID(input.path.networkID))
        return .ok(.init(body: .json(NetworkMapping.membership(membership))))
    }

    /// An invited membership, activated by a coordinator (or an administrator) rather than by the
    /// invitee accepting the invitation.
    func approveMembership(_ input: Operations.ApproveMembership.Input) async throws -> Operations.ApproveMembership.Output {
        let actor = try RequestScope.required.requireActor()
        let membership = try await exchange.memberships.approve(
            actor, memberID: MemberID(input.path.memberID), networkID: NetworkID(input.path.networkID))
        return .ok(.init(body: .json(NetworkMapping.membership(membership))))
    }

    /// Only a suspended membership is reinstated here (an invited one is approved).
    func reinstateMembership(_ input: Operations.ReinstateMembership.Input) async throws -> Operations.ReinstateMembership.Output {
        let actor = try RequestScope.required.requireActor()
        let membership = try await exchange.memberships.reinstate(
            actor, memberID: MemberID(input.path.memberID), networkID: NetworkID(input.path.networkID))
        return .ok(.init(body: .json(NetworkMapping.membership(membership))))
    }
}
