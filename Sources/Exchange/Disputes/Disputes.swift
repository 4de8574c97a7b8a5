import Foundation
import Ledger

/// A disputed exchange of the network, as its coordinators' list shows it: both people by name,
/// the session, who disputed and since when, and whether the other person has given their side.
/// Never the reasons themselves (they are on the dispute's own page, whose read is audited),
/// never the request's private description, never the messages. A cross-network exchange is
/// listed in both networks.
public struct DisputedExchange: Sendable, Hashable {
    public var exchangeID: ExchangeID
    public var requesterID: MemberID
    public var requesterName: String
    public var supporterID: MemberID
    public var supporterName: String
    public var scheduledStart: Date
    public var durationMinutes: Int64
    public var disputedByID: MemberID
    /// When it became disputed (for disputes stored before that was kept: its last change).
    public var disputedAt: Date
    public var answered: Bool
    /// Whole days since `disputedAt`, at the list's `asOf` (set by `FollowUpService`).
    public var ageDays: Int

    public init(exchangeID: ExchangeID, requesterID: MemberID, requesterName: String, supporterID: MemberID,
                supporterName: String, scheduledStart: Date, durationMinutes: Int64, disputedByID: MemberID,
                disputedAt: Date, answered: Bool, ageDays: Int = 0) {
        self.exchangeID = exchangeID
        self.requesterID = requesterID
        self.requesterName = requesterName
        self.supporterID = supporterID
        self.supporterName = supporterName
        self.scheduledStart = scheduledStart
        self.durationMinutes = durationMinutes
        self.disputedByID = disputedByID
        self.disputedAt = disputedAt
        self.answered = answered
        self.ageDays = ageDays
    }

    /// The name of the person who disputed.
    public var disputedByName: String { disputedByID == requesterID ? requesterName : supporterName }
}

extension FollowUpService {
    /// The network's open disputes (`DisputedExchange`), in exchange id order (oldest first):
    /// its coordinators and administrators; every page read is in the audit trail
    /// (`network.follow_ups_viewed`, detail `disputed-exchanges`).
    public func disputedExchanges(_ actor: Actor, networkID: NetworkID, page: PageRequest = PageRequest()) async throws
        -> FollowUpPage<DisputedExchange>
    {
        try await authorise(actor, networkID)
        let size = try Cursor.validSize(page)
        let after = try Cursor.decode(page.cursor, list: "disputed").map { ExchangeID($0) }
        let now = context.now()
        let found = try await followUps.disputedExchanges(networkID: networkID, afterID: after, limit: size + 1)
        try await context.audit(actor, .followUpsViewed, network: networkID, detail: "disputed-exchanges")
        let result = Cursor.page(found, size: size, list: "disputed") { $0.exchangeID.rawValue }
        let items = result.items.map { item in
            var item = item
            item.ageDays = Int(max(0, Int64(now.timeIntervalSince(item.disputedAt))) / Self.secondsPerDay)
            return item
        }
        return FollowUpPage(asOf: now, items: items, nextCursor: result.nextCursor)
    }
}

extension ExchangeService {
    /// A dispute (an exchange that is or was disputed) as a coordinator of `networkID` reviews
    /// it: with both people's reasons and the resolution's, unless the coordinator is a party
    /// (then as a party sees it: the other coordinators decide). A member of the network 403,
    /// anyone else 404; an exchange of another network, or never disputed, 404. Every read is
    /// in the network's audit trail (`exchange.dispute_viewed`, the exchange as subject).
    public func disputeForReview(_ actor: Actor, _ id: ExchangeID, networkID: NetworkID) async throws -> PeerExchange {
        _ = try await context.access.requireCoordinator(actor, of: networkID)
        guard let stored = try await exchanges.exchange(id), stored.networkIDs.contains(networkID),
              stored.disputedByID != nil
        else { throw ExchangeError.notFound("dispute \(id) in network \(networkID)") }
        let exchange = try await caughtUp(stored)
        try await context.audit(actor, .disputeViewed, network: networkID, subject: id.rawValue)
        return try await visible(exchange, to: actor)
    }
}
