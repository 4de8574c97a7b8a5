import Foundation
import Logging
import PostgresNIO

/// Secrets every instance must hold the same (the key that signs unsubscribe links): on SQLite a
/// file in the data directory, on PostgreSQL a row of `settings.secrets`, made by whichever
/// instance asks first and read by the others.
public enum PostgresSharedSecrets {
    public static let migrator = PostgresMigrator(store: "settings", migrations: [
        .init("secrets", ["CREATE TABLE secrets (name TEXT PRIMARY KEY, value BYTEA NOT NULL, created_at BIGINT NOT NULL)"]),
    ])

    /// The pool the secrets are read through (schema `settings`), its schema brought up to date.
    public static func open(_ location: PostgresLocation, logger: Logger) async throws -> PostgresPool {
        let pool = PostgresPool(location, label: "peerhours.settings", logger: logger)
        do {
            try await migrator.migrate(pool)
        } catch {
            pool.close()
            throw error
        }
        return pool
    }

    /// The secret called `name`: the stored one, or `candidate` when none was stored (two
    /// instances racing store one of theirs and both read it back).
    public static func loadOrStore(_ pool: PostgresPool, name: String, candidate: [UInt8], at now: Date = Date()) async throws -> [UInt8] {
        try await pool.transaction { connection in
            try await connection.query("""
                INSERT INTO secrets (name, value, created_at) VALUES (\(name), \(ByteBuffer(bytes: candidate)), \(Int64(now.timeIntervalSince1970)))
                ON CONFLICT (name) DO NOTHING
                """, logger: Logger(label: "peerhours.settings"))
            var stored: [UInt8] = []
            for try await value in try await connection.query(
                "SELECT value FROM secrets WHERE name = \(name)", logger: Logger(label: "peerhours.settings")).decode(ByteBuffer.self)
            {
                stored = Array(value.readableBytesView)
            }
            return stored
        }
    }
}
