import Foundation

/// One store's outbox, as the delivery service reads and settles it. Writing drafts is not here:
/// a store writes them inside the transaction of the change that causes them.
public protocol OutboxRepository: Sendable {
    /// Pending messages due at `now` (next attempt at or before it), oldest first, at most `limit`.
    func dueMessages(at now: Date, limit: Int) async throws -> [OutboxMessage]
    /// The message was handed to the transport: sent, its secret cleared.
    func markSent(id: Int64, at: Date) async throws
    /// An attempt failed: counted, `lastError` kept; retried at `retryAt`, or failed for good
    /// (secret cleared) when `retryAt` is nil.
    func markAttemptFailed(id: Int64, at: Date, retryAt: Date?, error: String) async throws
    /// Settled without sending (`reason` kept, secret cleared): nobody to write to, or not wanted.
    func markSkipped(id: Int64, at: Date, reason: String) async throws
    /// Not before `until`, without counting an attempt: a notice the recipient gets in a daily summary.
    func deferMessage(id: Int64, until: Date) async throws
    func outboxCounts(at now: Date) async throws -> OutboxCounts
    /// Failed messages, newest first (the administrators' page).
    func failedMessages(limit: Int) async throws -> [OutboxMessage]
    /// A failed message goes back to pending with its attempts reset (an administrator's retry).
    /// False when it is not failed.
    func retryFailedMessage(id: Int64, at: Date) async throws -> Bool
    /// Gives up pending messages created before `expiredBefore` (failed, "expired"), deletes sent
    /// ones before `sentBefore` and failed ones before `failedBefore`. Answers how many rows changed.
    func pruneOutbox(expiredBefore: Date, sentBefore: Date, failedBefore: Date) async throws -> Int
}
