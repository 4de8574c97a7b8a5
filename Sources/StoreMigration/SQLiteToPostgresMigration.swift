import ExchangePostgres
import Foundation
import GRDB
import IdempotencyPostgres
import IdentityPostgres
import Ledger
import LedgerPostgres
import LedgerSQLite
import Logging
import PostgresNIO
import PostgresSupport
import SQLiteSupport

/// `peerhours migrate --from-data DIR --to postgres://…`: a SQLite deployment's whole history
/// moved into an empty PostgreSQL database. The caller holds the data directory (no `serve` runs
/// on it), so the files do not change while they are read.
///
/// 1. Each PostgreSQL store's migrations create its schema (as `serve --database` would).
/// 2. One transaction copies every store file's tables into its schema (`SQLiteTableCopy`):
///    all of it lands or none does; the SQLite files are only read.
/// 3. Each table's row count is read back and compared; the ledger on PostgreSQL recomputes its
///    hash chain and re-folds every balance (`verify`), and its head must be SQLite's head.
public enum SQLiteToPostgresMigration {
    /// The store files of a data directory, by the PostgreSQL schema each becomes (the list
    /// `peerhours backup` copies too).
    static let stores = DataDirectoryStores.all

    public struct Report: Sendable {
        public var tables: [CopiedTable]
        public var verification: VerificationReport
    }

    public static func run(dataDirectory: String, location: PostgresLocation, logger: Logger) async throws -> Report {
        var sources: [(schema: String, queue: DatabaseQueue)] = []
        for store in stores {
            let path = (dataDirectory as NSString).appendingPathComponent(store.file)
            guard FileManager.default.fileExists(atPath: path) else {
                if store.required { throw StoreMigrationError.missingSource(path) }
                continue
            }
            var configuration = Configuration()
            configuration.readonly = true
            sources.append((store.schema, try DatabaseQueue(path: path, configuration: configuration)))
        }
        let sqliteHead = try await SQLiteLedgerStore.open(directory: dataDirectory, options: .init(verifiesOnOpen: true)).journalHead()

        try await createSchemas(location, logger: logger)
        let pool = PostgresPool(location, label: "peerhours.migrate", logger: logger)
        defer { pool.close() }
        let opened = sources
        let tables = try await pool.transaction { connection in
            var copied: [CopiedTable] = []
            for source in opened {
                try await connection.query(PostgresQuery(unsafeSQL: "SET LOCAL search_path TO \(source.schema)"), logger: logger)
                copied += try await SQLiteTableCopy(
                    source: source.queue, schema: source.schema, connection: connection, logger: logger
                ).run()
                if source.schema == "ledger" {
                    // PostgreSQL's one table SQLite has no need of: the head row every commit locks.
                    try await connection.query(PostgresQuery(unsafeSQL: PostgresLedgerStore.headFromJournalStatement), logger: logger)
                }
            }
            return copied
        }

        let ledger = try await PostgresLedgerStore.open(location, options: .init(verifiesOnOpen: false), logger: logger)
        defer { ledger.close() }
        let verification: VerificationReport
        do {
            verification = try await ledger.verify()
        } catch {
            throw StoreMigrationError.verificationFailed("\(error)")
        }
        guard verification.head == sqliteHead else {
            throw StoreMigrationError.journalHeadMismatch(source: sqliteHead.hash.hex, target: verification.head.hash.hex)
        }
        return Report(tables: tables, verification: verification)
    }

    /// Every store's schema at this build's version, created as the stores create it at start.
    static func createSchemas(_ location: PostgresLocation, logger: Logger) async throws {
        // Opening each store runs its migrations, as `serve` does.
        try await PostgresLedgerStore.open(location, options: .init(verifiesOnOpen: false), logger: logger).close()
        try await PostgresExchangeStore.open(location, logger: logger).close()
        try await PostgresIdentityStore.open(location, logger: logger).close()
        try await PostgresIdempotencyStore.open(location, logger: logger).close()
    }
}
