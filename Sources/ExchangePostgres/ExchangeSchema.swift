import PostgresSupport

/// The exchange store's tables on PostgreSQL: SQLite's (`ExchangeMigrations`), in order.
enum ExchangeSchema {
    static let migrations: [PostgresMigrator.Migration] = core + later

    static let core: [PostgresMigrator.Migration] = []
}
