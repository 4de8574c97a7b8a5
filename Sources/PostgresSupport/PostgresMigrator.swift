import Foundation
import Logging
import PostgresNIO

/// A store's schema as a list of named, append-only migrations, run at start by whichever
/// instance takes the store's advisory lock first; the others wait on the lock, then find
/// nothing left to do. A database whose record names a migration this build does not know was
/// made by a newer build: opening it is refused (no downgrade).
public struct PostgresMigrator: Sendable {
    public struct Migration: Sendable {
        public var name: String
        public var statements: [String]

        public init(_ name: String, _ statements: [String]) {
            self.name = name
            self.statements = statements
        }
    }

    /// The store's name in `peerhours_migrations` (`ledger`, `exchange`, `identity`, `idempotency`),
    /// which is also its schema's name.
    public var store: String
    public var migrations: [Migration]

    public init(store: String, migrations: [Migration]) {
        precondition(Set(migrations.map(\.name)).count == migrations.count, "migration names must be unique")
        precondition(PostgresLocation.isPlainIdentifier(store), "a store's name is a plain identifier")
        self.store = store
        self.migrations = migrations
    }

    /// Applies the migrations not yet recorded, in order, in one transaction under the lock.
    /// Answers the names applied.
    @discardableResult
    public func migrate(_ database: PostgresPool) async throws -> [String] {
        let store = self.store
        let migrations = self.migrations
        return try await database.transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey(store)))", logger: database.logger)
            // The store's own schema (see PostgresPool), created under the lock so racing instances
            // do not both try.
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(store)"), logger: database.logger)
            try await connection.query(PostgresQuery(unsafeSQL: "SET LOCAL search_path TO \(store)"), logger: database.logger)
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS peerhours_migrations (
                    store TEXT NOT NULL, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),
                    PRIMARY KEY (store, name))
                """, logger: database.logger)
            var applied = Set<String>()
            for try await name in try await connection.query(
                "SELECT name FROM peerhours_migrations WHERE store = \(store)", logger: database.logger
            ).decode(String.self) {
                applied.insert(name)
            }
            let known = Set(migrations.map(\.name))
            if let unknown = applied.subtracting(known).sorted().first {
                throw PostgresMigrationError.newerSchema(store: store, migration: unknown)
            }
            var ran: [String] = []
            for migration in migrations where !applied.contains(migration.name) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: database.logger)
                }
                try await connection.query(
                    "INSERT INTO peerhours_migrations (store, name) VALUES (\(store), \(migration.name))", logger: database.logger)
                ran.append(migration.name)
            }
            return ran
        }
    }

    /// A stable 63-bit key for the store's name (FNV-1a), shared by every instance.
    static func lockKey(_ store: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "peerhours.migrations.\(store)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: hash >> 1)
    }
}

public enum PostgresMigrationError: Error, Hashable, CustomStringConvertible {
    case newerSchema(store: String, migration: String)

    public var description: String {
        switch self {
        case .newerSchema(let store, let migration):
            "the \(store) schema has migration \(migration), which this build does not know: it was made by a newer "
                + "PeerHours; run that version (downgrades are refused)"
        }
    }
}
