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

    /// Only a suspended membership is reinstated here (activation of an invited one is the
    /// invitee's, by accepting the invitation).
    func approveMembership(_ input: Operations.ApproveMembership.Input) async throws -> Operations.ApproveMembership.Output {
        let actor = try RequestScope.required.requireActor()
        let networkID = NetworkID(input.path.networkID)
        let memberID = MemberID(input.path.memberID)
        guard let current = try await networksFindMembership(actor, memberID: memberID, networkID: networkID) else {
            throw ExchangeError.notFound("member \(memberID) in network \(networkID)")
        }
        guard current.status == .invited else { throw ExchangeError.invalidState("the membership is \(current.status.rawValue)") }
        let membership = try await exchange.memberships.activate(actor, memberID: memberID, networkID: networkID)
        return .ok(.init(body: .json(NetworkMapping.membership(membership))))
    }

    func reinstateMembership(_ input: Operations.ReinstateMembership.Input) async throws -> Operations.ReinstateMembership.Output {
        let actor = try RequestScope.required.requireActor()
        let networkID = NetworkID(input.path.networkID)
        let memberID = MemberID(input.path.memberID)
        guard let current = try await networksFindMembership(actor, memberID: memberID, networkID: networkID) else {
            throw ExchangeError.notFound("member \(memberID) in network \(networkID)")
        }
        guard current.status == .suspended else { throw ExchangeError.invalidState("the membership is \(current.status.rawValue)") }
        let membership = try await exchange.memberships.activate(actor, memberID: memberID, networkID: networkID)
        return .ok(.init(body: .json(NetworkMapping.membership(membership))))
    }
}
