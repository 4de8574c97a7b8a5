import Exchange
import Foundation
import Ledger

/// Balances and statements: a member sees their own, a coordinator of the network every member
/// of it, nobody else (the domain's `AccountService` decides).
extension APIHandlers {
    func listNetworkBalances(_ input: Operations.ListNetworkBalances.Input) async throws -> Operations.ListNetworkBalances.Output {
        let actor = try RequestScope.required.requireActor()
        let page = try await exchange.accounts.networkBalances(
            actor, networkID: NetworkID(input.path.networkID),
            page: NetworkMapping.page(cursor: input.query.cursor, limit: input.query.limit))
        return .ok(.init(body: .json(.init(items: page.items.map(NetworkMapping.balance), nextCursor: page.nextCursor))))
    }

    func getMemberStatement(_ input: Operations.GetMemberStatement.Input) async throws -> Operations.GetMemberStatement.Output {
        let actor = try RequestScope.required.requireActor()
        let statement = try await balancesStatement(
            actor, memberID: MemberID(input.path.memberID), networkID: NetworkID(input.path.networkID),
            cursor: input.query.cursor, limit: input.query.limit)
        return .ok(.init(body: .json(statement)))
    }

    /// The caller's balance in each network where their account is open, in network id order.
    func listMyBalances(_ input: Operations.ListMyBalances.Input) async throws -> Operations.ListMyBalances.Output {
        let actor = try RequestScope.required.requireActor()
        let opened = try await exchange.memberships.memberships(actor, of: actor.memberID).filter { $0.joinedAt != nil }
        let page = try NetworkListCursor.page(
            opened, cursor: input.query.cursor, limit: input.query.limit, list: "my-balances", position: \.networkID.rawValue)
        var items: [Components.Schemas.Balance] = []
        for membership in page.items {
            let balance = try await exchange.accounts.balance(actor, memberID: actor.memberID, networkID: membership.networkID)
            items.append(NetworkMapping.balance(balance))
        }
        return .ok(.init(body: .json(.init(items: items, nextCursor: page.nextCursor))))
    }

    func getMyStatement(_ input: Operations.GetMyStatement.Input) async throws -> Operations.GetMyStatement.Output {
        let actor = try RequestScope.required.requireActor()
        let statement = try await balancesStatement(
            actor, memberID: actor.memberID, networkID: NetworkID(input.path.networkID),
            cursor: input.query.cursor, limit: input.query.limit)
        return .ok(.init(body: .json(statement)))
    }

    /// One page of the statement (in the ledger's order, oldest first) with the current balance.
    private func balancesStatement(_ actor: Actor, memberID: MemberID, networkID: NetworkID, cursor: String?, limit: Int32?)
        async throws -> Components.Schemas.StatementPage
    {
        let (balance, page) = try await exchange.accounts.statementWithBalance(
            actor, memberID: memberID, networkID: networkID, page: NetworkMapping.page(cursor: cursor, limit: limit))
        return .init(
            balance: NetworkMapping.balance(balance), items: page.items.map(NetworkMapping.statementEntry),
            nextCursor: page.nextCursor)
    }
}
