import Foundation

/// Which database an outbox row lives in: each store has its own outbox, written in its own
/// transactions. Part of every `Message-ID`, so ids from the two never collide.
public enum OutboxSource: String, Sendable, Hashable, Codable, CaseIterable {
    case exchange
    case identity
}

public enum OutboxState: String, Sendable, Hashable, Codable {
    case pending
    case sent
    /// Settled without an email: the recipient has no address any more, or chose never to get it.
    case skipped
    case failed
}

/// A stored notification.
public struct OutboxMessage: Sendable, Hashable {
    public var source: OutboxSource
    public var id: Int64
    public var draft: OutboxDraft
    public var createdAt: Date
    public var state: OutboxState
    /// Attempts made so far.
    public var attempts: Int
    /// When the next attempt is due (pending only).
    public var nextAttemptAt: Date
    /// The last failure's reason, without personal data (a class of error and an SMTP code).
    public var lastError: String?
    public var sentAt: Date?

    public init(
        source: OutboxSource, id: Int64, draft: OutboxDraft, createdAt: Date, state: OutboxState, attempts: Int,
        nextAttemptAt: Date, lastError: String?, sentAt: Date?
    ) {
        self.source = source
        self.id = id
        self.draft = draft
        self.createdAt = createdAt
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.sentAt = sentAt
    }

    /// The stable `Message-ID` of this row's email, the same on every attempt, so that a resend
    /// after a crash is recognisable: `<exchange.42@host>`.
    public func messageID(host: String) -> String {
        "<peerhours.\(source.rawValue).\(id)@\(host)>"
    }
}

/// The outbox's state at a glance, for `/health` and the administrators' page.
public struct OutboxCounts: Sendable, Hashable {
    public var pending: Int
    public var failed: Int
    public var sentLastDay: Int
    public var oldestPendingAt: Date?
    /// The most recent attempt's outcome: false when it failed.
    public var lastAttemptSucceeded: Bool?

    public init(pending: Int, failed: Int, sentLastDay: Int, oldestPendingAt: Date?, lastAttemptSucceeded: Bool?) {
        self.pending = pending
        self.failed = failed
        self.sentLastDay = sentLastDay
        self.oldestPendingAt = oldestPendingAt
        self.lastAttemptSucceeded = lastAttemptSucceeded
    }
}
