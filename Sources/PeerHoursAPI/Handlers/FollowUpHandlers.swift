import Exchange
import Foundation
import Ledger

/// Coordinators' follow-up lists by name (`FollowUpService`): dormant members, exchanges past
/// their session and unconfirmed, requests nobody has proposed for.
extension APIHandlers {
    func listDormantMembers(_ input: Operations.ListDormantMembers.Input) async throws -> Operations.ListDormantMembers.Output {
        let actor = try RequestScope.required.requireActor()
        let days = input.query.days.map(Int.init) ?? FollowUpService.dormantDaysDefault
        let page = try await exchange.followUps.dormantMembers(
            actor, networkID: NetworkID(input.path.networkID), inactiveDays: days,
            page: NetworkMapping.page(cursor: input.query.cursor, limit: input.query.limit))
        return .ok(.init(body: .json(.init(
            asOf: page.asOf, days: Int32(days),
            items: page.items.map {
                .init(memberID: $0.memberID.rawValue, displayName: $0.displayName, joinedAt: $0.joinedAt,
                      lastExchangeAt: $0.lastExchangeAt)
            },
            nextCursor: page.nextCursor))))
    }

    func listUnconfirmedExchanges(_ input: Operations.ListUnconfirmedExchanges.Input) async throws
        -> Operations.ListUnconfirmedExchanges.Output
    {
        let actor = try RequestScope.required.requireActor()
        let page = try await exchange.followUps.unconfirmedExchanges(
            actor, networkID: NetworkID(input.path.networkID),
            page: NetworkMapping.page(cursor: input.query.cursor, limit: input.query.limit))
        return .ok(.init(body: .json(.init(
            asOf: page.asOf,
            items: page.items.map {
                .init(exchangeID: $0.exchangeID.rawValue, requesterID: $0.requesterID.rawValue, requesterName: $0.requesterName,
                      supporterID: $0.supporterID.rawValue, supporterName: $0.supporterName, scheduledStart: $0.scheduledStart,
                      durationMinutes: $0.durationMinutes, requesterConfirmed: $0.requesterConfirmed,
                      supporterConfirmed: $0.supporterConfirmed, overdueMinutes: $0.overdueMinutes)
            },
            nextCursor: page.nextCursor))))
    }

    func listUnmatchedRequests(_ input: Operations.ListUnmatchedRequests.Input) async throws
        -> Operations.ListUnmatchedRequests.Output
    {
        let actor = try RequestScope.required.requireActor()
        let days = input.query.days.map(Int.init) ?? FollowUpService.unmatchedDaysDefault
        let page = try await exchange.followUps.unmatchedRequests(
            actor, networkID: NetworkID(input.path.networkID), olderThanDays: days,
            page: NetworkMapping.page(cursor: input.query.cursor, limit: input.query.limit))
        return .ok(.init(body: .json(.init(
            asOf: page.asOf, days: Int32(days),
            items: page.items.map {
                .init(requestID: $0.requestID.rawValue, requesterID: $0.requesterID.rawValue, requesterName: $0.requesterName,
                      kind: $0.kind, topics: $0.topics,
                      urgency: Components.Schemas.UnmatchedRequest.UrgencyPayload(rawValue: $0.urgency.rawValue)!,
                      createdAt: $0.createdAt, ageDays: Int32(clamping: $0.ageDays))
            },
            nextCursor: page.nextCursor))))
    }

    func listDisputedExchanges(_ input: Operations.ListDisputedExchanges.Input) async throws
        -> Operations.ListDisputedExchanges.Output
    {
        let actor = try RequestScope.required.requireActor()
        let page = try await exchange.followUps.disputedExchanges(
            actor, networkID: NetworkID(input.path.networkID),
            page: NetworkMapping.page(cursor: input.query.cursor, limit: input.query.limit))
        return .ok(.init(body: .json(.init(
            asOf: page.asOf,
            items: page.items.map {
                .init(exchangeID: $0.exchangeID.rawValue, requesterID: $0.requesterID.rawValue, requesterName: $0.requesterName,
                      supporterID: $0.supporterID.rawValue, supporterName: $0.supporterName, scheduledStart: $0.scheduledStart,
                      durationMinutes: $0.durationMinutes, disputedBy: $0.disputedByID.rawValue, disputedAt: $0.disputedAt,
                      answered: $0.answered, ageDays: Int32(clamping: $0.ageDays))
            },
            nextCursor: page.nextCursor))))
    }
}
