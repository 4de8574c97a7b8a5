import Exchange
import Ledger
import Foundation
import Logging
import PostgresNIO
import PostgresSupport

/// The exchange domain's store on PostgreSQL, for deployments of several `serve` instances over
/// one database. The tables and columns are SQLite's (`SQLiteExchangeStore`), so `peerhours
/// migrate` copies rows as they are. Nothing is cached in a process: every read asks the
/// database, so any instance's commit is seen by the next read of every instance. Each update
/// is a compare-and-set on the row's `version` in one transaction, as on SQLite.
public final class PostgresExchangeStore: ExchangeStore {
    public let database: PostgresPool
    let logger: Logger

    /// The schema's migrations, in order.
    public static let migrator = PostgresMigrator(store: "exchange", migrations: ExchangeSchema.migrations)

    init(database: PostgresPool, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Connects to `location` and brings the schema up to date (whichever instance gets the
    /// migration lock first runs them).
    public static func open(_ location: PostgresLocation, logger: Logger = Logger(label: "peerhours.exchange")) async throws
        -> PostgresExchangeStore
    {
        let database = PostgresPool(location, label: "peerhours.exchange", logger: logger)
        do {
            try await migrator.migrate(database)
        } catch {
            database.close()
            throw error
        }
        return PostgresExchangeStore(database: database, logger: logger)
    }

    public func close() {
        database.close()
    }

    /// Allocates `count` consecutive ids from the named counter inside the caller's transaction;
    /// the counter's row stays locked (`FOR UPDATE`) until it commits, so instances allocating
    /// at once get disjoint ranges.
    static func allocate(_ connection: PostgresConnection, _ counter: String, count: Int, logger: Logger) async throws
        -> Int64
    {
        precondition(count > 0)
        let amount = Int64(count)
        guard let first = try await connection.scalar(
            "UPDATE ledger_id_sequence SET next_id = next_id + \(amount) WHERE name = \(counter) RETURNING next_id - \(amount)",
            as: Int64.self, logger: logger)
        else { throw PostgresMalformedRow(table: "ledger_id_sequence", column: counter) }
        return first
    }

    public func allocateTransferIDs(count: Int) async throws -> TransferID {
        let logger = logger
        return try await database.transaction { connection in
            TransferID(try await Self.allocate(connection, "transfer", count: count, logger: logger))
        }
    }

    public func allocateAccountIDs(count: Int) async throws -> AccountID {
        let logger = logger
        return try await database.transaction { connection in
            AccountID(try await Self.allocate(connection, "account", count: count, logger: logger))
        }
    }

    /// Runs `body` in one transaction, turning a unique-constraint violation into
    /// `ExchangeError.conflict(conflict)`.
    func write<Value: Sendable>(conflict: String, _ body: @Sendable (PostgresConnection) async throws -> Value) async throws
        -> Value
    {
        do {
            return try await database.transaction(body)
        } catch where PostgresErrors.isUniqueViolation(error) {
            throw ExchangeError.conflict(conflict)
        }
    }

    /// Runs `body` in one transaction.
    func write<Value: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> Value) async throws -> Value {
        try await database.transaction(body)
    }

    /// Runs `body` on a pooled connection (one statement, or several that need no snapshot).
    func read<Value: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> Value) async throws -> Value {
        try await database.read(body)
    }

    // MARK: Support kinds

    public func supportKinds() async throws -> [String] {
        let logger = logger
        return try await read { connection in
            try await connection.fetchAll("SELECT name FROM support_kinds ORDER BY name", logger: logger)
                .map { try $0.decode(String.self) }
        }
    }

    public func insertSupportKind(_ name: String) async throws -> Bool {
        let logger = logger
        return try await write { connection in
            try await connection.changes(
                "INSERT INTO support_kinds (name) VALUES (\(name)) ON CONFLICT DO NOTHING RETURNING name", logger: logger) == 1
        }
    }
}
