import Foundation
import Ledger

/// What erasing a member deletes from the exchange database (`ErasureService`). Each method is
/// one transaction and idempotent: a repeat finds nothing left and changes nothing more.
public protocol ErasureRepository: Sendable {
    /// In one transaction, for `memberID`: their profile becomes `MemberProfile.formerMember` and
    /// `erased_at` is set (kept from the first erasure); their offers are paused and their requests
    /// withdrawn, each kept as a tombstone with its text emptied (title, topics, area, description)
    /// and its full-text rows deleted (and the full-text indexes merged, so the deleted terms
    /// leave the index's pages); the messages they wrote are deleted; the dispute reasons and
    /// answers they wrote are emptied; their matching blocks (either side), open matching
    /// proposals, settings, notice preferences and calendar feed are deleted, and every outbox row
    /// addressed to them. `audit` is appended only by the erasure that sets `erased_at`.
    func eraseMemberContent(_ memberID: MemberID, audit: [AuditEvent], at: Date) async throws -> ErasureTally
}

/// What one member's erasure deleted in the exchange database.
public struct ErasureTally: Sendable, Hashable, Codable {
    public var offers: Int
    public var requests: Int
    public var messages: Int
    public var notices: Int

    public init(offers: Int = 0, requests: Int = 0, messages: Int = 0, notices: Int = 0) {
        self.offers = offers
        self.requests = requests
        self.messages = messages
        self.notices = notices
    }
}

/// Each network's retention period, and the deletions the retention sweep makes
/// (`RetentionService`). Each deletion is one transaction of at most `limit` rows.
public protocol RetentionRepository: Sendable {
    /// The network's stored period in days; nil: none stored (the default applies).
    func retentionDays(networkID: NetworkID) async throws -> Int?
    /// Stores the network's period, with `audit` appended in the same transaction.
    func setRetentionDays(networkID: NetworkID, days: Int, audit: [AuditEvent], at: Date) async throws
    /// Networks in id order after `afterID`, each with its stored period (nil: the default).
    func retentionPeriods(afterNetworkID: NetworkID?, limit: Int) async throws -> [(NetworkID, Int?)]
    /// Empties the descriptions of the network's requests that ended (closed or withdrawn) before
    /// `endedBefore`, at most `limit`; answers how many.
    func deleteRequestDescriptions(networkID: NetworkID, endedBefore: Date, limit: Int) async throws -> Int
    /// Deletes the messages of at most `limit` exchanges of the network (either side's) that
    /// ended (completed, cancelled, declined or expired) before `endedBefore`; answers how many
    /// messages.
    func deleteExchangeMessages(networkID: NetworkID, endedBefore: Date, limit: Int) async throws -> Int
}
