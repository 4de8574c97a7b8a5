import Foundation
import Ledger
import Outbox

/// The private message threads of exchanges, and each party's read marker. Nothing here is read
/// by reports, exports or the audit trail.
public protocol ExchangeMessageRepository: Sendable {
    /// Stores a new message, allocating its id, when the exchange's thread holds fewer than
    /// `messagesMax` messages, counted inside the insert's own transaction (so concurrent posts
    /// cannot overfill it); otherwise throws `full(count)`'s refusal and stores nothing. `keyed`
    /// is recorded in the same transaction (`KeyedCreation`), and `notices` written to the outbox
    /// in it (a draft whose dedupe key is stored already is skipped). `draft`'s id is ignored.
    func insertMessage(_ draft: ExchangeMessage, messagesMax: Int, keyed: KeyedCreation?,
                       full: @escaping @Sendable (Int) -> ExchangeError?, notices: [OutboxDraft]) async throws -> ExchangeMessage
    func message(_ id: ExchangeMessageID) async throws -> ExchangeMessage?
    /// The exchange's messages in id order (the order they were posted) after `afterID`, at most `limit`.
    func messages(exchangeID: ExchangeID, afterID: ExchangeMessageID?, limit: Int) async throws -> [ExchangeMessage]
    /// The last message each party of the exchange marked read (members with no marker are absent).
    func readMarkers(exchangeID: ExchangeID) async throws -> [MemberID: ExchangeMessageID]
    /// Moves the member's marker forward to `messageID` (never back); answers the marker as stored.
    func markRead(exchangeID: ExchangeID, memberID: MemberID, upTo messageID: ExchangeMessageID) async throws
        -> ExchangeMessageID
    /// In one query: per exchange `memberID` is a party to that is unsettled (proposed, accepted,
    /// disputed) or was last updated after `endedSince`, the messages the other party posted
    /// after the member's marker. Exchanges with none are absent.
    func unreadMessageCounts(memberID: MemberID, endedSince: Date) async throws -> [ExchangeID: Int]
}
