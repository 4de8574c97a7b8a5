import Foundation
import Ledger

/// When an accepted exchange's reservation lapses, and when a single confirmation completes it.
///
/// The reservation must outlive the auto-confirm period, or a one-sided confirmation could never
/// be posted: its deadline is the session's end + `autoConfirmDays` + `graceMinutes`.
enum ExchangeTiming {
    static let secondsPerDay: Int64 = 86_400
    /// The least grace a policy may set, and how long before the reservation's deadline an
    /// auto-confirmation is due at the latest: the ledger expires a reservation exactly at its
    /// deadline, and due work runs about once a minute.
    static let marginMinutes: Int64 = 15

    /// When a first confirmation made now auto-completes: the policy's days after the session's
    /// end, but never later than `marginMinutes` before the reservation lapses (the policy may
    /// have been raised since the exchange was accepted).
    static func autoConfirmAt(_ exchange: PeerExchange, policy: NetworkPolicy, reserveDeadline: Date?) -> Date {
        let byPolicy = autoConfirmAt(exchange, policy: policy)
        guard let reserveDeadline else { return byPolicy }
        return min(byPolicy, reserveDeadline.addingTimeInterval(-TimeInterval(marginMinutes * 60)))
    }

    static func autoConfirmAt(_ exchange: PeerExchange, policy: NetworkPolicy) -> Date {
        exchange.scheduledEnd.addingTimeInterval(TimeInterval(Int64(policy.autoConfirmDays) * secondsPerDay))
    }

    static func reserveDeadline(_ exchange: PeerExchange, policy: NetworkPolicy) -> Date {
        autoConfirmAt(exchange, policy: policy).addingTimeInterval(TimeInterval(policy.graceMinutes * 60))
    }

    /// The pending transfer's timeout from `now`, in whole seconds (≥ 1).
    static func timeoutSeconds(until deadline: Date, now: Date) -> Int64? {
        let seconds = Int64(deadline.timeIntervalSince(now).rounded(.up))
        guard seconds >= 1 else { return nil }
        precondition(seconds <= LedgerTime.timeoutSecondsMax, "a session is scheduled at most a year ahead")
        return seconds
    }
}
