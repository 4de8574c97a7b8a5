import Foundation
import GRDB
import TestSupport
import Testing
import SQLiteSupport

@Suite struct GroupCommitWriterTests {
    private static func pool() throws -> (DatabasePool, TemporaryDirectory) {
        let directory = try TemporaryDirectory(prefix: "group-commit")
        let pool = try DatabasePool(path: directory.file("group-commit.sqlite"))
        try pool.write { db in
            try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL UNIQUE)")
        }
        return (pool, directory)
    }

    // Proves writes queued while the writer's connection is busy share commits (300 writes → at
    // most 3 batches: the one already waiting for the connection, then batches of ≤ 256), that a write which throws is rolled back alone — its caller gets its own error,
    // the others commit — and that every caller is answered only after its batch committed (a
    // reader sees every successful row once all calls returned).
    @Test func queuedWritesShareCommitsAndFailuresStayAlone() async throws {
        let (pool, directory) = try Self.pool()
        defer { directory.remove() }
        let writer = GroupCommitWriter(pool: pool)
        let release = DispatchSemaphore(value: 0)
        let blocker = Task { try await pool.writeWithoutTransaction { _ in release.wait() } }
        try await Task.sleep(for: .milliseconds(50))

        let count = 300
        let results = Task {
            try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
                for index in 0..<count {
                    group.addTask {
                        do {
                            // Every tenth write collides with the value of the write before it.
                            let value = index % 10 == 9 ? index - 1 : index
                            // The marker row goes first: a failing write must take it back with it.
                            try await writer.write { db in
                                try db.execute(sql: "INSERT INTO t (v) VALUES (?)", arguments: [100_000 + index])
                                try db.execute(sql: "INSERT INTO t (v) VALUES (?)", arguments: [value])
                            }
                            return (index, true)
                        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                            return (index, false)
                        }
                    }
                }
                return try await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
            }
        }
        var waited = 0
        while writer.writesSubmitted < count && waited < 10_000 {
            try await Task.sleep(for: .milliseconds(1))
            waited += 1
        }
        #expect(writer.writesSubmitted == count)
        release.signal()
        try await blocker.value
        let outcome = try await results.value

        #expect(writer.batchesCommitted <= 3)
        // Of each colliding pair (index 10k+8 and 10k+9, same value) exactly one lost, whichever
        // arrived second; every other write committed.
        let failed = outcome.filter { !$0.value }.keys.sorted()
        #expect(failed.count == count / 10)
        #expect(failed.allSatisfy { $0 % 10 == 8 || $0 % 10 == 9 })
        #expect(Set(failed.map { $0 / 10 }).count == count / 10)
        let stored = try await pool.read { db in try Int.fetchAll(db, sql: "SELECT v FROM t WHERE v < 100000 ORDER BY v") }
        #expect(stored == (0..<count).filter { $0 % 10 != 9 })
        let markers = try await pool.read { db in try Int.fetchAll(db, sql: "SELECT v - 100000 FROM t WHERE v >= 100000 ORDER BY v") }
        #expect(markers == (0..<count).filter { !failed.contains($0) })
    }

    // Proves a lone write commits on its own and returns its body's value.
    @Test func loneWriteReturnsItsValue() async throws {
        let (pool, directory) = try Self.pool()
        defer { directory.remove() }
        let writer = GroupCommitWriter(pool: pool)
        let id = try await writer.write { db -> Int64 in
            try db.execute(sql: "INSERT INTO t (v) VALUES (7)")
            return db.lastInsertedRowID
        }
        #expect(id == 1 && writer.batchesCommitted == 1)
        #expect(try await pool.read { db in try Int.fetchOne(db, sql: "SELECT v FROM t") } == 7)
    }
}
