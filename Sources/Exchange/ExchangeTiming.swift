import Foundation
import Ledger

/// When an accepted exchange's reservation lapses, and when a single confirmation completes it.
///
/// The reservation must outlive the auto-confirm period, or a one-sided confirmation could never
/// be posted: its deadline is the session's end + `autoConfirmDays` + `graceMinutes`.
enum ExchangeTiming {
    static let secondsPerDay: Int64 = 86_400

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
