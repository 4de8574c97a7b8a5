#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Ledger time: nanoseconds since the Unix epoch, `Int64`.
public enum LedgerTime {
    public static let nanosecondsPerSecond: Int64 = 1_000_000_000
    /// Pending transfers may be reserved for at most a little over a year.
    public static let timeoutSecondsMax: Int64 = 400 * 24 * 3600
}

/// The source of ledger time, injected so that tests control expiry.
public protocol LedgerClock: Sendable {
    func nowNanoseconds() -> Int64
}

/// The wall clock.
public struct SystemClock: LedgerClock {
    public init() {}

    public func nowNanoseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * LedgerTime.nanosecondsPerSecond + Int64(spec.tv_nsec)
    }
}
