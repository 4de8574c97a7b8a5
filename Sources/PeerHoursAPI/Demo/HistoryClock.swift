import Foundation
import Ledger
import Synchronization

/// The server's clock under `peerhours serve --demo`: the machine's time, except while the demo
/// seeds its history, when it is set back months and moved forward through them step by step, so
/// every session of the history is proposed ahead of its time and confirmed after it, as the
/// domain's rules require (nothing is written around them). It never moves back once seeding
/// began, and after `catchUp()` it is the machine's clock again for good.
public final class HistoryClock: EpochClock {
    private struct State {
        /// Added to the machine's time: ≤ 0.
        var offsetNanoseconds: Int64 = 0
        var rewound = false
    }

    private let state = Mutex(State())
    private let system = SystemClock()

    public init() {}

    public func nowNanoseconds() -> Int64 {
        system.nowNanoseconds() + state.withLock { $0.offsetNanoseconds }
    }

    /// Sets the clock back to `date` (in the past): once, before anything was written with it.
    func rewind(to date: Date) {
        let target = Int64(date.timeIntervalSince1970 * 1e9)
        state.withLock { state in
            precondition(!state.rewound, "the history clock is set back once")
            state.rewound = true
            state.offsetNanoseconds = min(0, target - system.nowNanoseconds())
        }
    }

    /// Moves the clock forward to `date` (never back, never past the machine's time).
    func move(to date: Date) {
        let target = Int64(date.timeIntervalSince1970 * 1e9)
        state.withLock { state in
            let wall = system.nowNanoseconds()
            state.offsetNanoseconds = min(0, max(state.offsetNanoseconds, target - wall))
        }
    }

    /// The machine's time from now on.
    func catchUp() {
        state.withLock { $0.offsetNanoseconds = 0 }
    }

    var now: Date { nowDate() }
}
