import Exchange
import ExchangeSQLite
import Foundation
import Ledger
import Testing

@Suite struct KeyedCreationTests {
    static func key(_ seed: UInt8, request: UInt8 = 1) -> OperationKey {
        OperationKey(keyHash: Data(repeating: seed, count: 32), requestHash: Data(repeating: request, count: 32))
    }

    // Proves the store, not one process's memory, keeps a key to one creation: eight requests
    // racing with the same key (no Idempotency-Key claim in front of them) leave exactly one
    // request stored; each either answers that request or is refused as a conflict.
    @Test func racingCreationsUnderOneKeyStoreOne() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("leeds-gps")
        var rita = try await world.member("Rita", in: network)
        rita.operationKey = Self.key(7)
        let keyed = rita
        let outcomes = await withTaskGroup(of: RequestID?.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    do {
                        return try await world.request(keyed, in: network).id
                    } catch ExchangeError.conflict {
                        return nil
                    } catch {
                        Issue.record("unexpected \(error)")
                        return nil
                    }
                }
            }
            return await group.reduce(into: [RequestID?]()) { $0.append($1) }
        }
        rita.operationKey = nil
        let stored = try await world.domain.requests.myRequests(rita).items.map(\.id)
        #expect(stored.count == 1)
        #expect(Set(outcomes.compactMap { $0 }) == Set(stored))
    }

    // Proves a key names what it created for one member only, and for one request: another
    // member's identical key hash creates their own offer; the same member's key with another
    // request hash is refused as reused; an unkeyed call always creates.
    @Test func aKeyIsTheMembersAndTheRequests() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("leeds-gps")
        var sam = try await world.member("Sam", in: network)
        var sol = try await world.member("Sol", in: network)
        sam.operationKey = Self.key(1)
        sol.operationKey = Self.key(1)
        let first = try await world.offer(sam, in: network)
        #expect(try await world.offer(sam, in: network).id == first.id)
        #expect(try await world.offer(sol, in: network).id != first.id)
        sam.operationKey = Self.key(1, request: 2)
        await #expect(throws: ExchangeError.idempotencyKeyReused) { _ = try await world.offer(sam, in: network) }
        sam.operationKey = nil
        #expect(try await world.offer(sam, in: network).id != first.id)
        #expect(try await world.domain.offers.myOffers(sam).items.count == 2)
    }

    // Proves keyed-creation records older than the cut are dropped and younger ones kept: after
    // the cut a retry of the old key creates anew, as a request after the retention would.
    @Test func recordsAreDroppedAfterTheRetention() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("leeds-gps")
        var sam = try await world.member("Sam", in: network)
        sam.operationKey = Self.key(3)
        let first = try await world.offer(sam, in: network)
        world.advance(hours: 25)
        try await world.domain.deleteKeyedCreations(before: world.now.addingTimeInterval(-24 * 3600))
        #expect(try await world.offer(sam, in: network).id != first.id)
        sam.operationKey = Self.key(4)
        let kept = try await world.offer(sam, in: network)
        try await world.domain.deleteKeyedCreations(before: world.now.addingTimeInterval(-24 * 3600))
        #expect(try await world.offer(sam, in: network).id == kept.id)
    }
}
