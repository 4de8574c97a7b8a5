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
        let page = try await exchange.memberships.members(
            actor, of: networkID, page: NetworkMapping.page(cursor: input.query.cursor, limit: input.query.limit))
        // The status filter applies within the page; the cursor still follows the whole list.
        let wanted = input.query.status.map(\.rawValue)
        var items: [Components.Schemas.Membership] = []
        for membership in page.items where wanted == nil || membership.status.rawValue == wanted {
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
        .ok(.init(body: .json(try await activateMembership(from: .invited, input.path.memberID, input.path.networkID))))
    }

    /// Only a suspended membership is reinstated here (an invited one is approved).
    func reinstateMembership(_ input: Operations.ReinstateMembership.Input) async throws -> Operations.ReinstateMembership.Output {
        .ok(.init(body: .json(try await activateMembership(from: .suspended, input.path.memberID, input.path.networkID))))
    }

    /// The domain's `activate` (which takes either status) for a membership that is `status` now.
    private func activateMembership(from status: MembershipStatus, _ member: Int64, _ network: Int64) async throws
        -> Components.Schemas.Membership
    {
        let actor = try RequestScope.required.requireActor()
        let networkID = NetworkID(network)
        let memberID = MemberID(member)
        guard let current = try await networksFindMembership(actor, memberID: memberID, networkID: networkID) else {
            throw ExchangeError.notFound("member \(memberID) in network \(networkID)")
        }
        guard current.status == status else { throw ExchangeError.invalidState("the membership is \(current.status.rawValue)") }
        return NetworkMapping.membership(try await exchange.memberships.activate(actor, memberID: memberID, networkID: networkID))
    }
}
