import Foundation
import Notifications
import Testing

@Suite struct DeliveryBackoffTests {
    /// Proves the delay doubles from the first, stays within its jitter of a quarter, is capped,
    /// and that the last attempt or a permanent failure has no next attempt.
    @Test func doublesCapsAndStops() throws {
        let backoff = DeliveryBackoff(firstDelaySeconds: 10, delaySecondsMax: 100, attemptsMax: 6)
        let now = Date(timeIntervalSince1970: 1_000_000)
        let expected: [Double] = [10, 20, 40, 80, 100]
        for (index, base) in expected.enumerated() {
            let at = try #require(backoff.retryAt(after: index + 1, messageID: 7, now: now, permanent: false))
            let delay = at.timeIntervalSince(now)
            #expect(delay >= base && delay <= base * 1.25, "attempt \(index + 1): \(delay)")
        }
        #expect(backoff.retryAt(after: 6, messageID: 7, now: now, permanent: false) == nil)
        #expect(backoff.retryAt(after: 1, messageID: 7, now: now, permanent: true) == nil)
    }

    /// Proves the jitter is the message's own: the same id always waits the same, different ids spread.
    @Test func jitterIsStablePerMessage() {
        let backoff = DeliveryBackoff()
        let now = Date(timeIntervalSince1970: 0)
        let first = backoff.retryAt(after: 2, messageID: 42, now: now, permanent: false)
        #expect(first == backoff.retryAt(after: 2, messageID: 42, now: now, permanent: false))
        let spread = Set((1...50).compactMap { backoff.retryAt(after: 2, messageID: Int64($0), now: now, permanent: false) })
        #expect(spread.count > 40)
    }
}
