import Exchange
import Foundation
import Logging
import PostgresNIO
import PostgresSupport

/// The exchange domain's store on PostgreSQL, for deployments of several `serve` instances over
/// one database. The tables and columns are SQLite's (`SQLiteExchangeStore`), so `peerhours
/// migrate` copies rows as they are. Nothing is cached in a process: every read asks the
/// database, so any instance's commit is seen by the next read of every instance. Each update
/// is a compare-and-set on the row's `version` in one transaction, as on SQLite.
public final class PostgresExchangeStore: Sendable {
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
}
