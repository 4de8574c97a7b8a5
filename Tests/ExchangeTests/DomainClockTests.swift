import Exchange
import Foundation
import Ledger
import Testing

@Suite struct DomainClockTests {
    // Proves `ExchangeDomain.now()` is the domain's own clock in whole seconds: it moves with the
    // manual clock, not with the machine's, and drops the fraction of a second as stored instants do.
    @Test func nowIsTheDomainsClockInWholeSeconds() async throws {
        let world = try await World()
        defer { world.remove() }
        world.clock.set(nanoseconds: 1_800_000_000 * LedgerTime.nanosecondsPerSecond + 999_999_999)
        #expect(world.domain.now() == Date(timeIntervalSince1970: 1_800_000_000))
        world.advance(hours: 2)
        #expect(world.domain.now() == Date(timeIntervalSince1970: 1_800_000_000 + 7_200))
    }
}
