import Exchange
import Foundation
import Ledger

/// The members list of a network for its coordinators (`RosterService`).
extension APIHandlers {
    func listRoster(_ input: Operations.ListRoster.Input) async throws -> Operations.ListRoster.Output {
        let actor = try RequestScope.required.requireActor()
        let query = RosterQuery(
            status: input.query.status.map(NetworkMapping.membershipStatus), search: input.query.q,
            sort: input.query.sort.flatMap { RosterSort(rawValue: $0.rawValue) } ?? .name,
            descending: input.query.order?.rawValue == "desc")
        let page = try await exchange.roster.roster(
            actor, networkID: NetworkID(input.path.networkID), query,
            page: NetworkMapping.page(cursor: input.query.cursor, limit: input.query.limit))
        return .ok(.init(body: .json(.init(
            total: Int32(clamping: page.total), showsBalances: page.showsBalances,
            items: page.items.map { entry in
                .init(memberID: entry.memberID.rawValue, displayName: entry.displayName, profession: entry.profession,
                      organisation: entry.organisation,
                      status: Components.Schemas.MembershipStatus(rawValue: entry.status.rawValue) ?? .invited,
                      role: entry.role == .coordinator ? .coordinator : .member, joinedAt: entry.joinedAt,
                      balanceMinutes: entry.balanceMinutes, givenMinutes: entry.givenMinutes,
                      receivedMinutes: entry.receivedMinutes, lastSessionAt: entry.lastSessionAt)
            },
            nextCursor: page.nextCursor))))
    }
}
