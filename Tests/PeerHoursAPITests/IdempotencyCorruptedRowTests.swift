import Foundation
import GRDB
import Idempotency
import SQLiteSupport
import Testing
@testable import IdempotencySQLite

/// A stored response edited behind the store's back (text where an integer belongs): the
/// replay read throws `MalformedRow`, naming the table and column, where GRDB's subscripts would
/// trap the whole server.
@Suite struct IdempotencyCorruptedRowTests {
    typealias Store = IdempotencyStoreFilterTests
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    // Proves a completed record whose status was overwritten with text is refused on the
    // request's retry, and that the key is released for the next attempt (not left in flight).
    @Test func corruptedStoredResponseThrows() async throws {
        let directory = try Store.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteIdempotencyStore(dataDirectory: directory.path)
        #expect(try await Store.begin(store, "retry-me", at: now) == .started)
        try await Store.complete(store, "retry-me", at: now)

        let queue = try DatabaseQueue(path: directory.appendingPathComponent(SQLiteIdempotencyStore.fileName).path)
        try await queue.write { db in
            try db.execute(sql: "UPDATE idempotency_response SET response_status = 'created'")
            #expect(db.changesCount == 1)
        }
        try queue.close()

        for _ in 0..<2 {
            await #expect(throws: MalformedRow(table: "idempotency_response", column: "response_status")) {
                _ = try await Store.begin(store, "retry-me", at: now.addingTimeInterval(60))
            }
        }
    }
}
