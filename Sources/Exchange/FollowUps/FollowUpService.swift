import Foundation
import Ledger

/// Coordinators' follow-up lists by name: members gone quiet, sessions past their time and still
/// unconfirmed, requests nobody has proposed for. A network's coordinators and administrators
/// only (a member of the network 403, anyone else 404, as everywhere); every page read is in the
/// network's audit trail (`network.follow_ups_viewed`, the list and its window in `detail`).
public final class FollowUpService: Sendable {
    /// Days without a session before a member is listed as dormant.
    public static let dormantDaysDefault = 90
    public static let dormantDaysRange = 1...730
    /// Days an open request has waited before it is listed.
    public static let unmatchedDaysDefault = 7
    public static let unmatchedDaysRange = 1...365

    static let secondsPerDay: Int64 = 86_400

    let context: ServiceContext
    let followUps: any FollowUpRepository
    let networks: any NetworkRepository

    init(context: ServiceContext, followUps: any FollowUpRepository, networks: any NetworkRepository) {
        self.context = context
        self.followUps = followUps
        self.networks = networks
    }

    /// Active members with no session in the network for `inactiveDays` (`DormantMember`), in member id order.
    public func dormantMembers(_ actor: Actor, networkID: NetworkID, inactiveDays: Int = dormantDaysDefault,
                               page: PageRequest = PageRequest()) async throws -> FollowUpPage<DormantMember> {
        try await authorise(actor, networkID)
        let days = try Self.valid(inactiveDays, in: Self.dormantDaysRange, field: "days")
        let size = try Cursor.validSize(page)
        let after = try Cursor.decode(page.cursor, list: "dormant").map { MemberID($0) }
        let now = context.now()
        let since = now.addingTimeInterval(-TimeInterval(Int64(days) * Self.secondsPerDay))
        let found = try await followUps.dormantMembers(
            networkID: networkID, inactiveSince: since, joinedBefore: since, afterMemberID: after, limit: size + 1)
        try await context.audit(actor, .followUpsViewed, network: networkID, detail: "dormant-members, \(days) days")
        let result = Cursor.page(found, size: size, list: "dormant") { $0.memberID.rawValue }
        return FollowUpPage(asOf: now, items: result.items, nextCursor: result.nextCursor)
    }

    /// Accepted exchanges past their session and not confirmed by both (`OverdueExchange`), in id order.
    public func unconfirmedExchanges(_ actor: Actor, networkID: NetworkID, page: PageRequest = PageRequest()) async throws
        -> FollowUpPage<OverdueExchange>
    {
        try await authorise(actor, networkID)
        let size = try Cursor.validSize(page)
        let after = try Cursor.decode(page.cursor, list: "overdue").map { ExchangeID($0) }
        let now = context.now()
        let found = try await followUps.overdueExchanges(networkID: networkID, endedBy: now, afterID: after, limit: size + 1)
        try await context.audit(actor, .followUpsViewed, network: networkID, detail: "unconfirmed-exchanges")
        let result = Cursor.page(found, size: size, list: "overdue") { $0.exchangeID.rawValue }
        let items = result.items.map { item in
            var item = item
            item.overdueMinutes = max(0, Int64(now.timeIntervalSince(item.sessionEnd)) / 60)
            return item
        }
        return FollowUpPage(asOf: now, items: items, nextCursor: result.nextCursor)
    }

    /// Open requests waiting `olderThanDays` or more with no proposal (`UnmatchedRequest`), in id order.
    public func unmatchedRequests(_ actor: Actor, networkID: NetworkID, olderThanDays: Int = unmatchedDaysDefault,
                                  page: PageRequest = PageRequest()) async throws -> FollowUpPage<UnmatchedRequest> {
        try await authorise(actor, networkID)
        let days = try Self.valid(olderThanDays, in: Self.unmatchedDaysRange, field: "days")
        let size = try Cursor.validSize(page)
        let after = try Cursor.decode(page.cursor, list: "unmatched").map { RequestID($0) }
        let now = context.now()
        let createdBy = now.addingTimeInterval(-TimeInterval(Int64(days) * Self.secondsPerDay))
        let found = try await followUps.unmatchedRequests(networkID: networkID, createdBy: createdBy, afterID: after, limit: size + 1)
        try await context.audit(actor, .followUpsViewed, network: networkID, detail: "unmatched-requests, \(days) days")
        let result = Cursor.page(found, size: size, list: "unmatched") { $0.requestID.rawValue }
        let items = result.items.map { item in
            var item = item
            item.ageDays = Int(max(0, Int64(now.timeIntervalSince(item.createdAt))) / Self.secondsPerDay)
            return item
        }
        return FollowUpPage(asOf: now, items: items, nextCursor: result.nextCursor)
    }

    /// Coordinator of an existing network, or an administrator: checked before anything else.
    func authorise(_ actor: Actor, _ networkID: NetworkID) async throws {
        try await context.access.requireCoordinatorOrAdministrator(actor, of: networkID)
        guard try await networks.network(networkID) != nil else { throw ExchangeError.notFound("network \(networkID)") }
    }

    static func valid(_ days: Int, in range: ClosedRange<Int>, field: String) throws(ExchangeError) -> Int {
        guard range.contains(days) else {
            throw ExchangeError.validation(ValidationError(
                field: field, reason: "must be between \(range.lowerBound) and \(range.upperBound)"))
        }
        return days
    }
}
