import Exchange
import ExchangePostgres
import Foundation
import IdempotencyPostgres
import IdentityPostgres
import Ledger
import LedgerPostgres
import Logging
import Onboarding
import PostgresNIO
import PostgresSupport

/// The PostgreSQL stores (`serve --database`): the same domain and services as over SQLite, on
/// the stores that several instances can share. No data directory lock: other instances use the
/// same database, and correctness is held by it (docs/DEPLOYMENT.md). The ledger verifies itself
/// as it opens, as on SQLite.
func openPostgresDependencies(_ configuration: AppConfiguration, location: PostgresLocation, logger: Logger) async throws
    -> AppDependencies
{
    let clock = configuration.serverClock
    let ledgerStore = try await PostgresLedgerStore.open(location, logger: logger)
    let ledger = Ledger(store: ledgerStore, clock: clock, observer: configuration.metrics?.service)
    let exchangeStore = try await PostgresExchangeStore.open(location, logger: logger)
    let exchange = ExchangeDomain(store: exchangeStore, ledger: ledger, logger: logger,
                                  reportStore: PostgresReportStore.open(location, logger: logger))
    // Before any request: exchanges a stop (of this or another instance) left a step behind the
    // ledger catch up. Safe beside running instances: each step is a compare-and-set.
    _ = try await exchange.recoverUnrecordedActions()
    let identityStore = try await PostgresIdentityStore.open(location, logger: logger)
    var dependencies = AppDependencies(
        identityStore: identityStore,
        idempotencyStore: try await PostgresIdempotencyStore.open(location, logger: logger),
        members: ExchangeMemberDirectory(exchange: exchange), clock: clock,
        exchange: exchange, ledger: ledger,
        mail: mailDependencies(
            outboxes: [.exchange: exchangeStore.outbox, .identity: identityStore.outbox], identity: identityStore,
            exchange: exchangeStore))
    let pool = exchangeStore.database
    dependencies.store = StoreProbe(engine: .postgres, sizeBytes: { try await databaseSizeBytes(pool, logger: logger) }) {
        await pool.ping()
    }
    dependencies.exchangeCounts = exchangeStore
    return dependencies
}

/// `pg_database_size` of the instance's database: every store's tables share it.
private func databaseSizeBytes(_ pool: PostgresPool, logger: Logger) async throws -> Int64 {
    try await pool.read { connection in
        var size: Int64 = 0
        for try await (bytes) in try await connection.query("SELECT pg_database_size(current_database())::BIGINT", logger: logger)
            .decode(Int64.self) {
            size = bytes
        }
        return size
    }
}
