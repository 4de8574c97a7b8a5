import PostgresSupport

extension ExchangeSchema {
    /// Tables or changes found missing after `core` was written, appended (never edited in place).
    static let later: [PostgresMigrator.Migration] = []
}
