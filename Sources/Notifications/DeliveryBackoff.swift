import Foundation
import Outbox

/// When a failed attempt is tried again: exponential backoff from `firstDelaySeconds`, doubling
/// up to `delaySecondsMax`, with a deterministic jitter of up to a quarter of the delay drawn
/// from the message's id (so a crowd of messages that failed together does not retry together,
/// and a test can predict every time). After `OutboxLimits.attemptsMax` attempts, or on a
/// permanent failure, there is no next attempt.
public struct DeliveryBackoff: Sendable, Hashable {
    public var firstDelaySeconds: Double
    public var delaySecondsMax: Double
    public var attemptsMax: Int

    public init(firstDelaySeconds: Double = 30, delaySecondsMax: Double = 3_600, attemptsMax: Int = OutboxLimits.attemptsMax) {
        precondition(firstDelaySeconds > 0 && delaySecondsMax >= firstDelaySeconds && attemptsMax >= 1)
        self.firstDelaySeconds = firstDelaySeconds
        self.delaySecondsMax = delaySecondsMax
        self.attemptsMax = attemptsMax
    }

    /// The next attempt after attempt number `attemptsMade` (1 for the first) failed at `now`;
    /// nil when the message is to be marked failed.
    public func retryAt(after attemptsMade: Int, messageID: Int64, now: Date, permanent: Bool) -> Date? {
        precondition(attemptsMade >= 1)
        if permanent || attemptsMade >= attemptsMax { return nil }
        let exponent = Double(min(attemptsMade - 1, 30))
        let delay = min(delaySecondsMax, firstDelaySeconds * pow(2, exponent))
        let mixed = UInt64(bitPattern: messageID) &* 0x9E37_79B9_7F4A_7C15
        let jitterFraction = Double(mixed >> 11) / Double(UInt64(1) << 53)
        return now.addingTimeInterval(delay * (1 + 0.25 * jitterFraction))
    }
}
