import Foundation
import Ledger
import Logging

/// What every service holds: the ledger, the clock, a logger, the exchanges' locks (one per
/// domain, so per process), and the three repositories every service's steps go through —
/// authorisation reads memberships, changes append to the audit trail, keyed creations look up
/// what a key made. Anything else a service reads or writes is a repository it takes itself.
struct ServiceContext: Sendable {
    let access: Access
    let auditTrail: any AuditRepository
    let keyedCreations: any KeyedCreationRepository
    let ledger: LedgerGateway
    let clock: any EpochClock
    let logger: Logger
    let guards = ExchangeGuard()

    /// The clock's time in whole seconds: every stored instant is whole seconds.
    func now() -> Date {
        Date(timeIntervalSince1970: TimeInterval(clock.nowNanoseconds() / LedgerTime.nanosecondsPerSecond))
    }
}

extension Date {
    /// The instant truncated to whole seconds, as stored.
    var wholeSeconds: Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}
