import Crypto
import Foundation
import Idempotency
import IdempotencyPostgres
import IdempotencySQLite
import PostgresSupport
import Testing
import TestSupport

/// The idempotency store's contract, run over the store the tests select: SQLite's
/// (idempotency.sqlite in a temporary directory) or, with `PEERHOURS_TEST_DATABASE_URL`,
/// PostgreSQL's in a schema of its own. `second` is another instance over the same records: on
/// PostgreSQL a second store object on the schema (as a second `serve` would open); on SQLite the
/// same object (one process opens a data directory, and its claims live in that process).
struct IdempotencyFixture {
    let first: any IdempotencyStore
    let second: any IdempotencyStore
    private let pools: [PostgresPool]

    init() async throws {
        if TestPostgres.isSelected {
            let location = try await TestPostgres.freshLocation()
            let one = try await PostgresIdempotencyStore.open(location)
            let two = try await PostgresIdempotencyStore.open(location)
            first = one
            second = two
            pools = [one.pool, two.pool]
        } else {
            let directory = try TemporaryDirectory(prefix: "idempotency-contract").url
            let store = try SQLiteIdempotencyStore(dataDirectory: directory.path)
            first = store
            second = store
            pools = []
        }
    }

    func close() {
        for pool in pools { pool.close() }
    }

    static let start = ManualClock.wallStart
    static let retentionSeconds = 24 * 3600
    static let leaseSeconds = 60

    static func hash(_ text: String) -> Data { Data(SHA256.hash(data: Data(text.utf8))) }

    static let response = StoredIdempotentResponse(status: 201, contentType: "application/json", sealedBody: Data([1, 2, 3, 4]))

    func begin(_ store: (any IdempotencyStore)? = nil, key: String, request: String, at seconds: Int = 0) async throws
        -> IdempotencyBegin
    {
        try await (store ?? first).begin(
            memberID: 7, keyHash: Self.hash(key), requestHash: Self.hash(request), at: Self.start.addingTimeInterval(TimeInterval(seconds)),
            retentionSeconds: Self.retentionSeconds, inFlightLeaseSeconds: Self.leaseSeconds)
    }

    func complete(_ store: (any IdempotencyStore)? = nil, key: String, request: String, at seconds: Int = 1) async throws {
        try await (store ?? first).complete(
            memberID: 7, keyHash: Self.hash(key), requestHash: Self.hash(request), response: Self.response,
            at: Self.start.addingTimeInterval(TimeInterval(seconds)))
    }
}

@Suite struct IdempotencyStoreContractTests {
    // Proves a first request starts, its completed response is replayed to a repeat of the same
    // request (from either instance), and a different request under the key is refused.
    @Test func completedResponseIsReplayed() async throws {
        let fixture = try await IdempotencyFixture()
        defer { fixture.close() }
        #expect(try await fixture.begin(key: "k", request: "r") == .started)
        try await fixture.complete(key: "k", request: "r")
        #expect(try await fixture.begin(key: "k", request: "r", at: 2) == .completed(IdempotencyFixture.response))
        #expect(try await fixture.begin(fixture.second, key: "k", request: "r", at: 3) == .completed(IdempotencyFixture.response))
        #expect(try await fixture.begin(fixture.second, key: "k", request: "other", at: 4) == .differentRequest)
        // Another member's key of the same text is another record.
        let other = try await fixture.first.begin(
            memberID: 8, keyHash: IdempotencyFixture.hash("k"), requestHash: IdempotencyFixture.hash("r"),
            at: IdempotencyFixture.start, retentionSeconds: IdempotencyFixture.retentionSeconds, inFlightLeaseSeconds: 60)
        #expect(other == .started)
    }

    // Proves a running request's key answers in-flight to the same request and refuses a
    // different one on every instance, until it is abandoned (then the key starts afresh).
    @Test func inFlightUntilAbandoned() async throws {
        let fixture = try await IdempotencyFixture()
        defer { fixture.close() }
        #expect(try await fixture.begin(key: "k", request: "r") == .started)
        #expect(try await fixture.begin(key: "k", request: "r", at: 1) == .inFlight)
        #expect(try await fixture.begin(fixture.second, key: "k", request: "r", at: 1) == .inFlight)
        #expect(try await fixture.begin(fixture.second, key: "k", request: "other", at: 1) == .differentRequest)
        try await fixture.first.abandon(memberID: 7, keyHash: IdempotencyFixture.hash("k"))
        #expect(try await fixture.begin(fixture.second, key: "k", request: "r", at: 2) == .started)
    }

    // Proves a claim older than the in-flight lease is taken over (its request is presumed
    // dead), and the taker's completion is what is replayed afterwards.
    @Test func aClaimPastItsLeaseIsTakenOver() async throws {
        let fixture = try await IdempotencyFixture()
        defer { fixture.close() }
        let lease = IdempotencyFixture.leaseSeconds
        #expect(try await fixture.begin(key: "k", request: "r") == .started)
        #expect(try await fixture.begin(fixture.second, key: "k", request: "r", at: lease - 1) == .inFlight)
        #expect(try await fixture.begin(fixture.second, key: "k", request: "r", at: lease) == .started)
        try await fixture.complete(fixture.second, key: "k", request: "r", at: lease + 1)
        #expect(try await fixture.begin(key: "k", request: "r", at: lease + 2) == .completed(IdempotencyFixture.response))
    }

    // Proves a record is answered only within its retention, and that housekeeping deletes
    // records started before its cutoff (the key then starts afresh whatever the retention).
    @Test func recordsExpire() async throws {
        let fixture = try await IdempotencyFixture()
        defer { fixture.close() }
        let retention = IdempotencyFixture.retentionSeconds
        #expect(try await fixture.begin(key: "k", request: "r") == .started)
        try await fixture.complete(key: "k", request: "r")
        #expect(try await fixture.begin(key: "k", request: "r", at: retention - 1) == .completed(IdempotencyFixture.response))
        #expect(try await fixture.begin(fixture.second, key: "k", request: "r", at: retention) == .started)
        try await fixture.second.abandon(memberID: 7, keyHash: IdempotencyFixture.hash("k"))

        #expect(try await fixture.begin(key: "j", request: "r", at: 10) == .started)
        try await fixture.complete(key: "j", request: "r", at: 11)
        try await fixture.first.deleteExpired(before: IdempotencyFixture.start.addingTimeInterval(20))
        #expect(try await fixture.begin(key: "j", request: "r", at: 30) == .started)
    }

    // Proves that many requests racing to begin one key, spread over both instances, start it
    // exactly once; the rest are told it is in flight.
    @Test func racingBeginsStartOnce() async throws {
        let fixture = try await IdempotencyFixture()
        defer { fixture.close() }
        for round in 0..<5 {
            let outcomes = try await withThrowingTaskGroup(of: IdempotencyBegin.self) { group in
                for index in 0..<8 {
                    let store = index % 2 == 0 ? fixture.first : fixture.second
                    group.addTask { try await fixture.begin(store, key: "race-\(round)", request: "r", at: 1) }
                }
                var outcomes: [IdempotencyBegin] = []
                for try await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            #expect(outcomes.filter { $0 == .started }.count == 1)
            #expect(outcomes.filter { $0 == .inFlight }.count == 7)
        }
    }
}
