import Foundation
import GRDB
import SQLiteSupport
import TestSupport
import Testing

@Suite struct CommittedReadCacheTests {
    private static func pool() throws -> (DatabasePool, TemporaryDirectory) {
        let directory = try TemporaryDirectory(prefix: "read-cache")
        let pool = try DatabasePool(path: directory.file("read-cache.sqlite"))
        try pool.write { db in
            try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)")
            try db.execute(sql: "INSERT INTO t (id, v) VALUES (1, 10)")
        }
        return (pool, directory)
    }

    private static func read(_ pool: DatabasePool) async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT v FROM t WHERE id = 1") ?? -1 }
    }

    // Proves a cached value is answered until the next commit on the writer — any commit, also
    // one made with plain SQL around the store's helpers — and read afresh after it.
    @Test func everyCommitEmptiesTheCache() async throws {
        let (pool, directory) = try Self.pool()
        defer { directory.remove() }
        let cache = CommittedReadCache<Int, Int>()
        try cache.attach(to: pool)

        #expect(try await cache.value(for: 1) { try await Self.read(pool) } == 10)
        #expect(try await cache.value(for: 1) { Issue.record("expected a hit"); return -1 } == 10)
        #expect(cache.counts.hits == 1)

        try await pool.write { db in try db.execute(sql: "UPDATE t SET v = 11 WHERE id = 1") }
        #expect(cache.count == 0)
        #expect(try await cache.value(for: 1) { try await Self.read(pool) } == 11)

        // A commit that does not touch the table empties it as well.
        try await pool.writeWithoutTransaction { db in try db.execute(sql: "CREATE TABLE other (x)") }
        #expect(cache.count == 0)
    }

    // Proves a value read before a commit and offered after it is not kept: a read that raced a
    // write never leaves the state the write replaced in the cache.
    @Test func aReadThatRacedACommitIsNotKept() async throws {
        let (pool, directory) = try Self.pool()
        defer { directory.remove() }
        let cache = CommittedReadCache<Int, Int>()
        try cache.attach(to: pool)

        let (missing, ticket) = cache.lookup(1)
        #expect(missing == nil)
        let stale = try await Self.read(pool)
        try await pool.write { db in try db.execute(sql: "UPDATE t SET v = 12 WHERE id = 1") }
        cache.store(stale, for: 1, ticket: ticket)
        #expect(cache.count == 0)
        #expect(try await cache.value(for: 1) { try await Self.read(pool) } == 12)
    }

    // Proves a cache over a shared file (`CommitWatch`) sees another writer's commit — another
    // pool on the same file, as another instance would be: the value is read afresh after it,
    // and a value read before it and offered after it is not kept. Without the watch, the same
    // cache answers the replaced value: the other writer's commit is invisible to it.
    @Test func anotherWritersCommitEmptiesAWatchedCache() async throws {
        let (pool, directory) = try Self.pool()
        defer { directory.remove() }
        let path = directory.file("read-cache.sqlite")
        let other = try DatabasePool(path: path)
        let watched = CommittedReadCache<Int, Int>()
        try watched.attach(to: pool, watch: try CommitWatch(path: path, label: "test.watch"))
        let unwatched = CommittedReadCache<Int, Int>()
        try unwatched.attach(to: pool)

        #expect(try await watched.value(for: 1) { try await Self.read(pool) } == 10)
        #expect(try await unwatched.value(for: 1) { try await Self.read(pool) } == 10)
        try await other.write { db in try db.execute(sql: "UPDATE t SET v = 13 WHERE id = 1") }
        #expect(try await watched.value(for: 1) { try await Self.read(pool) } == 13)
        #expect(try await unwatched.value(for: 1) { try await Self.read(pool) } == 10)

        let (missing, ticket) = watched.lookup(2)
        #expect(missing == nil)
        try await other.write { db in try db.execute(sql: "UPDATE t SET v = 14 WHERE id = 1") }
        watched.store(99, for: 2, ticket: ticket)
        #expect(watched.lookup(2).0 == nil)
    }

    // Proves a rolled-back write also voids tickets and the cache stays bounded.
    @Test func rollbackVoidsTicketsAndTheSizeIsBounded() async throws {
        let (pool, directory) = try Self.pool()
        defer { directory.remove() }
        let cache = CommittedReadCache<Int, Int>(entriesMax: 3)
        try cache.attach(to: pool)

        let (_, ticket) = cache.lookup(1)
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            try await pool.write { db in
                try db.execute(sql: "UPDATE t SET v = 13 WHERE id = 1")
                throw Refused()
            }
        }
        cache.store(10, for: 1, ticket: ticket)
        #expect(cache.count == 0)

        for key in 0..<10 {
            let (_, ticket) = cache.lookup(key)
            cache.store(key, for: key, ticket: ticket)
        }
        #expect(cache.count <= 3)
    }

    // Proves a cache given its tables is emptied by commits that change them and only by those,
    // and that a change rolled back with its savepoint inside a committed transaction does not count.
    @Test func aCacheOfSomeTablesIgnoresOtherChanges() async throws {
        let (pool, directory) = try Self.pool()
        defer { directory.remove() }
        try await pool.write { db in try db.execute(sql: "CREATE TABLE other (x INTEGER)") }
        let cache = CommittedReadCache<Int, Int>(tables: ["t"])
        try cache.attach(to: pool)

        #expect(try await cache.value(for: 1) { try await Self.read(pool) } == 10)
        try await pool.write { db in try db.execute(sql: "INSERT INTO other (x) VALUES (1)") }
        #expect(cache.count == 1)

        struct Refused: Error {}
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO other (x) VALUES (2)")
            try? db.inSavepoint {
                try db.execute(sql: "UPDATE t SET v = 99 WHERE id = 1")
                throw Refused()
            }
        }
        #expect(cache.count == 1)
        #expect(try await Self.read(pool) == 10)

        try await pool.write { db in try db.execute(sql: "UPDATE t SET v = 14 WHERE id = 1") }
        #expect(cache.count == 0)
        #expect(try await cache.value(for: 1) { try await Self.read(pool) } == 14)
        try await pool.write { db in try db.execute(sql: "DELETE FROM t") }
        #expect(cache.count == 0)
    }

    // Proves a cache refuses to watch a WITHOUT ROWID table (SQLite reports no row changes of
    // those, so it would never be emptied) or a table that does not exist.
    @Test func aWithoutRowidTableCannotBeWatched() async throws {
        let (pool, directory) = try Self.pool()
        defer { directory.remove() }
        try await pool.write { db in try db.execute(sql: "CREATE TABLE k (key BLOB PRIMARY KEY) WITHOUT ROWID") }
        #expect(throws: DatabaseError.self) { try CommittedReadCache<Int, Int>(tables: ["k"]).attach(to: pool) }
        #expect(throws: DatabaseError.self) { try CommittedReadCache<Int, Int>(tables: ["missing"]).attach(to: pool) }
        try CommittedReadCache<Int, Int>(tables: ["t"]).attach(to: pool)
    }
}
