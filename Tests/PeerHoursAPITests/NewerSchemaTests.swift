import ExchangeSQLite
import Foundation
import GRDB
import IdempotencySQLite
import IdentitySQLite
import LedgerSQLite
import SQLiteSupport
import TestSupport
import Testing

/// A downgrade stops at start: each SQLite store refuses a file a newer build has migrated,
/// and opens it again once that migration is gone (the file itself untouched by the refusal).
@Suite struct NewerSchemaTests {
    static func markNewer(_ path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('9999-from-a-newer-build')") }
    }

    static func removeMark(_ path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = '9999-from-a-newer-build'") }
    }

    @Test func everyStoreRefusesAFileANewerBuildMigrated() async throws {
        let directory = try TemporaryDirectory(prefix: "peerhours-newer-schema")
        defer { directory.remove() }
        let path = directory.path
        let opens: [(String, @Sendable () async throws -> Void)] = [
            ("ledger.sqlite", { _ = try await SQLiteLedgerStore.open(directory: path) }),
            (SQLiteExchangeStore.fileName, { _ = try SQLiteExchangeStore.open(directory: path) }),
            ("identity.sqlite", { _ = try SQLiteIdentityStore(dataDirectory: path) }),
            (SQLiteIdempotencyStore.fileName, { _ = try SQLiteIdempotencyStore(dataDirectory: path) }),
        ]
        for (file, open) in opens {
            try await open()
            let filePath = (path as NSString).appendingPathComponent(file)
            try Self.markNewer(filePath)
            await #expect(throws: NewerSchemaRefused.self, "\(file)") { try await open() }
            try Self.removeMark(filePath)
            try await open()
        }
    }
}
