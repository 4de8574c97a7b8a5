import Foundation
import Ledger
import Logging

/// What every service holds: the store, the ledger, the clock, a logger, and the exchanges'
/// locks (one per domain, so per process).
struct ServiceContext: Sendable {
    let store: any ExchangeStore
    let ledger: LedgerGateway
    let clock: any EpochClock
    let logger: Logger
    let guards = ExchangeGuard()

    /// The clock's time in whole seconds: every stored instant is whole seconds.
    func now() -> Date {
        Date(timeIntervalSince1970: TimeInterval(clock.nowNanoseconds() / LedgerTime.nanosecondsPerSecond))
    }

    var access: Access { Access(store: store) }
}

extension Date {
    /// The instant truncated to whole seconds, as stored.
    var wholeSeconds: Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}
