@testable import Exchange
import Synchronization
import Testing

@Suite struct ExchangeGuardTests {
    // Proves mutual exclusion per exchange: 64 tasks on 4 exchanges each read a counter, yield
    // (so others run), and write it back plus one; under the lock no increment is lost, and
    // no lock is left held. Without the lock the yields interleave the read-modify-writes.
    @Test func oneHolderPerExchange() async throws {
        let guards = ExchangeGuard()
        let tally = Tally()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<64 {
                let id = ExchangeID(Int64(task % 4))
                group.addTask {
                                for _ in 0..<25 {
                        try await guards.withLock(id) {
                            let held = tally.holders.withLock { held in
                                held[id.rawValue, default: 0] += 1
                                return held[id.rawValue]!
                            }
                            if held > 1 { tally.overlapSeen.withLock { $0 = true } }
                            let read = tally.counters.withLock { $0[id.rawValue, default: 0] }
                            await Task.yield()
                            tally.counters.withLock { $0[id.rawValue] = read + 1 }
                            tally.holders.withLock { $0[id.rawValue]! -= 1 }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(!tally.overlapSeen.withLock { $0 })
        #expect(tally.counters.withLock { $0 } == [0: 400, 1: 400, 2: 400, 3: 400])
        #expect(guards.heldCount == 0)
    }

    private final class Tally: Sendable {
        let counters = Mutex<[Int64: Int]>([:])
        let holders = Mutex<[Int64: Int]>([:])
        let overlapSeen = Mutex(false)
    }

    // Proves a throwing body releases the lock, and the next holder gets it.
    @Test func aThrowingBodyReleases() async throws {
        struct Failure: Error {}
        let guards = ExchangeGuard()
        let id = ExchangeID(7)
        await #expect(throws: Failure.self) { try await guards.withLock(id) { () -> Int in throw Failure() } }
        #expect(guards.heldCount == 0)
        #expect(try await guards.withLock(id) { 42 } == 42)
    }
}
