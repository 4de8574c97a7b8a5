import Foundation
import Ledger

public enum ExchangeMessageTag: Sendable {}
/// A message of an exchange's private thread (an SQLite rowid).
public typealias ExchangeMessageID = DomainID<ExchangeMessageTag>

/// One message of the private thread between an exchange's two parties. Its text is personal
/// content: it lives only in the domain's tables, never in the ledger, the audit trail, reports,
/// exports or logs, and only the two parties read it.
public struct ExchangeMessage: Sendable, Hashable, Codable {
    public var id: ExchangeMessageID
    public var exchangeID: ExchangeID
    public var authorID: MemberID
    /// Trimmed, 1…2000 characters (`MessageRules.body`).
    public var body: String
    /// The domain clock's time, whole seconds.
    public var postedAt: Date

    public init(id: ExchangeMessageID, exchangeID: ExchangeID, authorID: MemberID, body: String, postedAt: Date) {
        self.id = id
        self.exchangeID = exchangeID
        self.authorID = authorID
        self.body = body
        self.postedAt = postedAt
    }
}

/// One page of a thread, oldest first, with what the reader needs beside the messages: the two
/// parties' names (both parties know each other from the exchange) and each party's read marker.
public struct ExchangeMessagePage: Sendable, Hashable {
    public var items: [ExchangeMessage]
    public var nextCursor: String?
    /// The display names of the two parties, by member id.
    public var displayNames: [MemberID: String]
    /// The last message the reader has marked read (nil: none).
    public var lastReadMessageID: ExchangeMessageID?
    /// The last message the other party has marked read (nil: none).
    public var otherLastReadMessageID: ExchangeMessageID?

    public init(items: [ExchangeMessage], nextCursor: String?, displayNames: [MemberID: String],
                lastReadMessageID: ExchangeMessageID?, otherLastReadMessageID: ExchangeMessageID?) {
        self.items = items
        self.nextCursor = nextCursor
        self.displayNames = displayNames
        self.lastReadMessageID = lastReadMessageID
        self.otherLastReadMessageID = otherLastReadMessageID
    }
}

/// The thread's rules, pure: who may post when, and what a message may hold.
public enum MessageRules {
    /// A message's length in Characters (grapheme clusters), after trimming.
    public static let bodyLengthMax = 2000
    /// A bound on its Unicode scalars too (six per Character on average; an emoji with a skin
    /// tone and a profession is five), so that a few Characters stacked with combining marks
    /// cannot make a huge message, and so that the spec's `maxLength` (which counts code points)
    /// holds for every stored message.
    public static let bodyScalarsMax = 12_000
    /// Messages one exchange's thread holds at most.
    public static let messagesPerExchangeMax = 500
    /// How long after an exchange ends (completed, cancelled, declined, expired) its parties may
    /// still post: 30 days from the step that ended it.
    public static let postingDaysAfterEnd = 30
    static let postingSecondsAfterEnd = TimeInterval(postingDaysAfterEnd * 86_400)

    /// The body as stored: trimmed of white space and newlines at both ends, 1…2000 characters
    /// (and at most 12 000 code points), and no control characters but newline and tab (a carriage return, an escape, a NUL … are
    /// refused, not silently dropped).
    public static func body(_ text: String) throws(ExchangeError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw ExchangeError.invalid("body", "must not be empty") }
        guard trimmed.count <= bodyLengthMax else {
            throw ExchangeError.invalid("body", "must be at most \(bodyLengthMax) characters (it has \(trimmed.count))")
        }
        guard trimmed.unicodeScalars.count <= bodyScalarsMax else {
            throw ExchangeError.invalid("body", "must be at most \(bodyScalarsMax) Unicode code points (too many combining marks)")
        }
        if trimmed.unicodeScalars.contains(where: { isRefusedControl($0) }) {
            throw ExchangeError.invalid("body", "must not contain control characters other than newline and tab")
        }
        return trimmed
    }

    static func isRefusedControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\n" || scalar == "\t" { return false }
        return scalar.properties.generalCategory == .control
    }

    /// The instant after which nobody may post to the exchange's thread: nil while it is open
    /// (proposed, accepted — before or after the session, awaiting confirmation — or disputed);
    /// 30 days after its last update (the step that ended it) once it has ended.
    public static func postingClosesAt(_ exchange: PeerExchange) -> Date? {
        exchange.status.isFinal ? exchange.updatedAt.addingTimeInterval(postingSecondsAfterEnd) : nil
    }

    /// The refusal of a post at `now`, or nil when posting is allowed.
    static func postingRefusal(_ exchange: PeerExchange, now: Date) -> ExchangeError? {
        guard let closesAt = postingClosesAt(exchange), now >= closesAt else { return nil }
        return ExchangeError.invalidState(
            "this exchange ended (\(exchange.status.rawValue)) more than \(postingDaysAfterEnd) days ago: its messages can be read but no longer added to")
    }

    /// The refusal of a post to a thread already holding `count` messages.
    static func fullThreadRefusal(count: Int) -> ExchangeError? {
        guard count >= messagesPerExchangeMax else { return nil }
        return ExchangeError.invalidState(
            "this exchange's messages are full: a thread holds at most \(messagesPerExchangeMax) messages")
    }
}
