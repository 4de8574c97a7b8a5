import Foundation
import Ledger
import Synchronization

/// The one clock tests move by hand: one count of nanoseconds since the Unix epoch, read by
/// every layer through `EpochClock` (ledger time as `nowNanoseconds()`, identity's and the
/// API's `Date` as `nowDate()`), so a fixture can hand the same clock to all of them.
public final class ManualClock: EpochClock {
    /// Where ledger fixtures start (2023-11-14).
    public static let ledgerStartNanoseconds: Int64 = 1_700_000_000 * LedgerTime.nanosecondsPerSecond
    /// Where identity and API fixtures start (2026-09-21).
    public static let wallStart = Date(timeIntervalSince1970: 1_790_000_000)

    private let nanoseconds: Mutex<Int64>

    public init(nanoseconds: Int64 = ManualClock.ledgerStartNanoseconds) {
        self.nanoseconds = Mutex(nanoseconds)
    }

    /// A clock at `start`, to the nanosecond.
    public convenience init(_ start: Date) {
        self.init(nanoseconds: Int64((start.timeIntervalSince1970 * 1e9).rounded()))
    }

    public func nowNanoseconds() -> Int64 { nanoseconds.withLock { $0 } }

    public func advance(seconds: Int64) {
        nanoseconds.withLock { $0 += seconds * LedgerTime.nanosecondsPerSecond }
    }

    public func advance(nanoseconds delta: Int64) {
        nanoseconds.withLock { $0 += delta }
    }

    public func set(nanoseconds value: Int64) {
        nanoseconds.withLock { $0 = value }
    }
}
