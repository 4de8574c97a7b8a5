import Foundation
import GRDB
import Idempotency
import Testing
@testable import IdempotencySQLite
@testable import PeerHoursAPI

/// The append-only response table of `SQLiteIdempotencyStore`: migration from the keyed table,
/// replacement of an expired record, expiry from the front, and lookups that check the whole
/// key behind the 8-byte index tag.
@Suite struct IdempotencyResponseTableTests {
    typealias Store = IdempotencyStoreFilterTests
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func path(_ directory: URL) -> String {
        directory.appendingPathComponent(SQLiteIdempotencyStore.fileName).path
    }

    static func rowCount(_ store: SQLiteIdempotencyStore) throws -> Int {
        try store.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM idempotency_response") ?? -1 }
    }

    // Proves a data directory written before the change opens with its completed records
    // replayable (a different request refused), its in-flight rows dropped, the old table gone.
    @Test func migratesTheKeyedTable() async throws {
        let directory = try Store.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let old = try DatabaseQueue(path: Self.path(directory))
        try SQLiteIdempotencyStore.migrator.migrate(old, upTo: "v1-idempotency-record")
        let started = Int64(now.timeIntervalSince1970 * 1000)
        try await old.write { db in
            for n in 0..<50 {
                let key = "old-\(n)"
                try db.execute(sql: """
                    INSERT INTO idempotency_record VALUES (9, ?, ?, ?, ?, 201, 'application/json', ?)
                    """, arguments: [
                        IdempotencyCipher.keyHash(memberID: 9, key: key),
                        IdempotencyCipher.requestHash(method: "POST", pathAndQuery: "/x", body: Array("{}".utf8)),
                        started + Int64(n), started + Int64(100 - n), Data(key.utf8),
                    ])
            }
            try db.execute(sql: "INSERT INTO idempotency_record (member_id, key_hash, request_hash, started_at_ms) VALUES (9, ?, ?, ?)",
                           arguments: [IdempotencyCipher.keyHash(memberID: 9, key: "running"), Data(count: 32), started])
        }
        try old.close()

        let store = try SQLiteIdempotencyStore(dataDirectory: directory.path)
        #expect(try Self.rowCount(store) == 50)
        for n in 0..<50 {
            guard case .completed(let stored) = try await Store.begin(store, "old-\(n)", at: now.addingTimeInterval(60)) else {
                Issue.record("old-\(n) must be replayed after the migration")
                continue
            }
            #expect(stored.sealedBody == Data("old-\(n)".utf8) && stored.status == 201)
            #expect(try await Store.begin(store, "old-\(n)", body: "{\"x\":1}", at: now.addingTimeInterval(60)) == .differentRequest)
        }
        #expect(try await Store.begin(store, "running", at: now.addingTimeInterval(60)) == .started)
        let oldTable = try await store.pool.read { try $0.tableExists("idempotency_record") }
        #expect(!oldTable)
        // Oldest completion first: the migrated rows are in completion order.
        let order = try await store.pool.read {
            try Data.fetchAll($0, sql: "SELECT response_body_sealed FROM idempotency_response ORDER BY id")
        }
        #expect(order.map { String(decoding: $0, as: UTF8.self) } == (0..<50).reversed().map { "old-\($0)" })
    }

    // Proves a key whose record has expired (kept until housekeeping) is run again and its new
    // record replaces the old one: one row, the new request replayed, the old one refused.
    @Test func anExpiredRecordIsReplaced() async throws {
        let directory = try Store.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteIdempotencyStore(dataDirectory: directory.path)
        try await Store.complete(store, "k", body: "{\"n\":1}", at: now)
        let later = now.addingTimeInterval(TimeInterval(Store.day + 1))
        #expect(try await Store.begin(store, "k", body: "{\"n\":2}", at: later) == .started)
        try await Store.complete(store, "k", body: "{\"n\":2}", at: later)
        #expect(try Self.rowCount(store) == 1)
        guard case .completed = try await Store.begin(store, "k", body: "{\"n\":2}", at: later.addingTimeInterval(1)) else {
            Issue.record("the new record must be replayed")
            return
        }
        #expect(try await Store.begin(store, "k", body: "{\"n\":1}", at: later.addingTimeInterval(1)) == .differentRequest)
    }

    // Proves expiry deletes the oldest rows up to the first one started at or after the cutoff,
    // and keeps a row that started before the cutoff but completed after a kept one.
    @Test func expiryDeletesFromTheFront() async throws {
        let directory = try Store.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteIdempotencyStore(dataDirectory: directory.path)
        for hour in 0..<4 {
            try await Store.complete(store, "h\(hour)", at: now.addingTimeInterval(TimeInterval(hour * 3600)))
        }
        // Started at 0:30 (its claim), completed after the 3:00 record.
        let slow = now.addingTimeInterval(1800)
        #expect(try await Store.begin(store, "slow", at: slow) == .started)
        try await Store.complete(store, "slow", at: now.addingTimeInterval(4 * 3600))
        try await store.deleteExpired(before: now.addingTimeInterval(1.5 * 3600))
        let left = try await store.pool.read {
            try Data.fetchAll($0, sql: "SELECT response_body_sealed FROM idempotency_response ORDER BY id")
        }
        #expect(left.map { String(decoding: $0, as: UTF8.self) } == ["h2", "h3", "slow"])
        try await store.deleteExpired(before: now.addingTimeInterval(10 * 3600))
        #expect(try Self.rowCount(store) == 0)
        try await store.deleteExpired(before: now.addingTimeInterval(20 * 3600))
        #expect(try Self.rowCount(store) == 0)
    }

    // Proves the index tag only locates: a row with the same tag but another member or another
    // hash is never answered for a key (written directly, as a tag collision would be).
    @Test func aSharedTagIsNotAMatch() async throws {
        let directory = try Store.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let writer = try SQLiteIdempotencyStore(path: Self.path(directory), filterBitsLog2: 6)
        let keyHash = IdempotencyCipher.keyHash(memberID: 9, key: "mine")
        var flipped = keyHash
        flipped[31] ^= 0xFF
        let otherHash = flipped
        let requestHash = IdempotencyCipher.requestHash(method: "POST", pathAndQuery: "/x", body: Array("{}".utf8))
        let started = Int64(now.timeIntervalSince1970 * 1000)
        try await writer.pool.write { db in
            for (member, hash) in [(Int64(10), keyHash), (Int64(9), otherHash)] {
                try db.execute(sql: SQLiteIdempotencyStore.insertResponseSQL, arguments: [
                    SQLiteIdempotencyStore.keyTag(keyHash), member, hash, requestHash, started, started, 201, nil, Data("x".utf8),
                ])
            }
        }
        // Opened afterwards, its filter holds both hashes: "mine" is read, and not found.
        let store = try SQLiteIdempotencyStore(path: Self.path(directory), filterBitsLog2: 6)
        #expect(try await Store.begin(store, "mine", at: now.addingTimeInterval(1)) == .started)
        #expect(store.recordReadCounts.made == 1)
        #expect(SQLiteIdempotencyStore.keyTag(Data([0x80, 1, 2, 3, 4, 5, 6, 7] + Array(repeating: 0, count: 24)))
            == Int64(bitPattern: 0x8001_0203_0405_0607))
    }
}
