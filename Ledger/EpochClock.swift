#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The one clock of every layer: real time, read as whole nanoseconds since the Unix epoch.
/// Injected everywhere time matters (the ledger's expiry, the domain's deadlines, identity's
/// sessions and rate limits), so that tests move one clock by hand and no code reads the
/// machine's time behind it.
///
/// Its one requirement is ledger time (`nowNanoseconds`); layers that keep time as `Date` read
/// the same instant through `nowDate()`.
public protocol EpochClock: Sendable {
    func nowNanoseconds() -> Int64
}

extension EpochClock {
    /// The clock's instant as a `Date`, converted from whole nanoseconds (seconds and remainder
    /// apart, so no precision is lost to one large floating-point product).
    public func nowDate() -> Date {
        let nanoseconds = nowNanoseconds()
        let seconds = nanoseconds / LedgerTime.nanosecondsPerSecond
        let remainder = nanoseconds % LedgerTime.nanosecondsPerSecond
        return Date(timeIntervalSince1970: TimeInterval(seconds) + TimeInterval(remainder) / 1e9)
    }
}

/// The machine's real-time clock.
public struct SystemClock: EpochClock {
    public init() {}

    public func nowNanoseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * LedgerTime.nanosecondsPerSecond + Int64(spec.tv_nsec)
    }
}
