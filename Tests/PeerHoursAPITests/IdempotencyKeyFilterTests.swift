import Foundation
import Idempotency
import MatchingBenchmarkSupport
import TestSupport
import Testing
@testable import IdempotencySQLite
@testable import PeerHoursAPI

@Suite struct IdempotencyKeyFilterTests {
    private static let hour: Int64 = 3_600_000

    private static func keyHash(_ n: Int) -> Data {
        IdempotencyCipher.keyHash(memberID: Int64(n % 7), key: "key-\(n)")
    }

    // Proves, against an exact model, that a key added within the last generation is never
    // answered "absent" — with a filter small enough to be mostly false positives and with one
    // large enough to answer "absent" — over random adds and lookups with time moving on by
    // random steps (several generations retire during the run).
    @Test(arguments: [6, 20]) func noFalseNegatives(bitsLog2: Int) {
        var random = SplitMix64(seed: UInt64(bitsLog2))  // fixed seed: a failure replays
        let generation = 24 * Self.hour
        var filter = IdempotencyKeyFilter(bitsLog2: bitsLog2, generationMilliseconds: generation)
        var addedAt: [Int: Int64] = [:]
        var now: Int64 = 1_800_000_000_000
        var absentAnswers = 0
        for _ in 0..<20_000 {
            now += Int64.random(in: 0...(Self.hour / 2), using: &random)
            let key = Int.random(in: 0..<3_000, using: &random)
            if Bool.random(using: &random) {
                filter.add(Self.keyHash(key), at: now)
                addedAt[key] = now
            } else {
                let maybe = filter.mightContain(Self.keyHash(key), at: now)
                if let added = addedAt[key], now - added < generation {
                    #expect(maybe, "key \(key) added \(now - added) ms ago answered absent")
                }
                if !maybe { absentAnswers += 1 }
            }
        }
        if bitsLog2 == 20 {
            #expect(absentAnswers > 1_000, "a large filter answers absent for keys it has not seen")
        }
    }

    private static func maybe(_ filter: inout IdempotencyKeyFilter, _ hash: Data, at: Int64) -> Bool {
        filter.mightContain(hash, at: at)
    }

    // Proves keys loaded at start-up (no time) are kept a whole generation from the first call,
    // and that two retirements later they are gone.
    @Test func loadedKeysCountFromTheFirstCall() {
        var filter = IdempotencyKeyFilter(bitsLog2: 20, generationMilliseconds: 10 * Self.hour)
        filter.add(Self.keyHash(1), at: nil)
        let start: Int64 = 1_800_000_000_000
        #expect(Self.maybe(&filter, Self.keyHash(1), at: start))
        #expect(Self.maybe(&filter, Self.keyHash(1), at: start + 10 * Self.hour))   // now in the previous
        #expect(!Self.maybe(&filter, Self.keyHash(2), at: start + 10 * Self.hour))
        #expect(!Self.maybe(&filter, Self.keyHash(1), at: start + 20 * Self.hour))  // retired twice
    }

    // Proves a saturated filter (start-up stopped loading) answers "maybe" for everything until
    // the loaded generation has been retired twice, and filters again after.
    @Test func saturationLastsTwoRetirements() {
        var filter = IdempotencyKeyFilter(bitsLog2: 20, generationMilliseconds: 10 * Self.hour)
        #expect(filter.loadingCapacity == (1 << 20) / 8)
        filter.markSaturated()
        let start: Int64 = 1_800_000_000_000
        #expect(Self.maybe(&filter, Self.keyHash(7), at: start))
        #expect(Self.maybe(&filter, Self.keyHash(7), at: start + 10 * Self.hour))
        #expect(!Self.maybe(&filter, Self.keyHash(7), at: start + 20 * Self.hour))
    }

    // Proves a hash that is not 32 bytes is always "maybe", so the store reads the database.
    @Test func otherLengthsAreAlwaysMaybe() {
        var filter = IdempotencyKeyFilter(bitsLog2: 10, generationMilliseconds: Self.hour)
        #expect(Self.maybe(&filter, Data([1, 2, 3]), at: 0))
        #expect(Self.maybe(&filter, Data(), at: 0))
    }
}

@Suite struct IdempotencyStoreFilterTests {
    static let day = 86_400

    static func begin(_ store: SQLiteIdempotencyStore, _ key: String, body: String = "{}", at: Date,
                              retentionSeconds: Int = day) async throws -> IdempotencyBegin {
        try await store.begin(
            memberID: 9, keyHash: IdempotencyCipher.keyHash(memberID: 9, key: key),
            requestHash: IdempotencyCipher.requestHash(method: "POST", pathAndQuery: "/x", body: Array(body.utf8)),
            at: at, retentionSeconds: retentionSeconds, inFlightLeaseSeconds: 120)
    }

    static func complete(_ store: SQLiteIdempotencyStore, _ key: String, body: String = "{}", at: Date) async throws {
        try await store.complete(
            memberID: 9, keyHash: IdempotencyCipher.keyHash(memberID: 9, key: key),
            requestHash: IdempotencyCipher.requestHash(method: "POST", pathAndQuery: "/x", body: Array(body.utf8)),
            response: StoredIdempotentResponse(status: 201, contentType: "application/json", sealedBody: Data(key.utf8)),
            at: at)
    }

    static func directory() throws -> URL {
        try TemporaryDirectory(prefix: "idempotency-filter").url
    }

    // Proves a new key is answered without reading the database, a completed one is read and
    // replayed (same request) or refused (different request), also by a store opened afterwards
    // on the same file (the filter loads the stored keys), and that a retention longer than the
    // filter's generation always reads.
    @Test func newKeysSkipTheReadStoredOnesAreFound() async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let store = try SQLiteIdempotencyStore(dataDirectory: directory.path)
        #expect(try await Self.begin(store, "a", at: now) == .started)
        #expect(store.recordReadCounts == (made: 0, skipped: 1))
        try await Self.complete(store, "a", at: now)
        guard case .completed = try await Self.begin(store, "a", at: now.addingTimeInterval(60)) else {
            Issue.record("a completed key must be replayed")
            return
        }
        #expect(try await Self.begin(store, "a", body: "{\"other\":1}", at: now.addingTimeInterval(60)) == .differentRequest)
        #expect(store.recordReadCounts.made == 2)

        let reopened = try SQLiteIdempotencyStore(dataDirectory: directory.path)
        guard case .completed = try await Self.begin(reopened, "a", at: now.addingTimeInterval(3_600)) else {
            Issue.record("a key stored before the restart must be replayed")
            return
        }
        #expect(try await Self.begin(reopened, "b", at: now.addingTimeInterval(3_600), retentionSeconds: 2 * Self.day) == .started)
        #expect(reopened.recordReadCounts == (made: 2, skipped: 0))
    }

    // Proves a filter of 64 bits — "maybe" for nearly everything — answers every key as the
    // database does: 300 keys completed, each replayed; 300 others started; and the same after
    // a restart that could load only a few of the stored keys.
    @Test func falsePositivesAreAnsweredByTheDatabase() async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let store = try SQLiteIdempotencyStore(
            path: directory.appendingPathComponent(SQLiteIdempotencyStore.fileName).path, filterBitsLog2: 6)
        for n in 0..<300 {
            #expect(try await Self.begin(store, "done-\(n)", at: now) == .started)
            try await Self.complete(store, "done-\(n)", at: now)
        }
        for n in 0..<300 {
            guard case .completed(let stored) = try await Self.begin(store, "done-\(n)", at: now.addingTimeInterval(1)) else {
                Issue.record("done-\(n) must be replayed")
                continue
            }
            #expect(stored.sealedBody == Data("done-\(n)".utf8))
            #expect(try await Self.begin(store, "new-\(n)", at: now.addingTimeInterval(1)) == .started)
        }
        #expect(store.recordReadCounts.made > 500)

        // Reopened with 1024 bits, the filter loads 128 of the 300 stored keys, then answers
        // "maybe" for every key: each is read, and each stored one still replays. (Loading all
        // 300 would answer "absent" for about three in four fresh keys.)
        let reopened = try SQLiteIdempotencyStore(
            path: directory.appendingPathComponent(SQLiteIdempotencyStore.fileName).path, filterBitsLog2: 10)
        for n in stride(from: 0, to: 300, by: 7) {
            guard case .completed = try await Self.begin(reopened, "done-\(n)", at: now.addingTimeInterval(2)) else {
                Issue.record("done-\(n) must be replayed after a restart")
                continue
            }
            #expect(try await Self.begin(reopened, "fresh-\(n)", at: now.addingTimeInterval(2)) == .started)
        }
        #expect(reopened.recordReadCounts.skipped == 0)
    }
}
