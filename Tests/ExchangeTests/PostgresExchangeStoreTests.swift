import Exchange
import ExchangePostgres
import Foundation
import PostgresSupport
import TestSupport
import Testing

/// What only the PostgreSQL exchange store has to prove: its schema comes up on an empty
/// database and a second instance finds nothing left to migrate.
@Suite(.enabled(if: TestPostgres.isSelected, "needs PEERHOURS_TEST_DATABASE_URL"))
struct PostgresExchangeStoreTests {
    /// Proves the whole schema applies on a fresh database and opening it again runs nothing.
    @Test func schemaAppliesOnceOnAFreshDatabase() async throws {
        let location = try await TestPostgres.freshLocation()
        let store = try await PostgresExchangeStore.open(location)
        defer { store.close() }
        let again = try await PostgresExchangeStore.migrator.migrate(store.database)
        #expect(again.isEmpty)
        let kinds = try await store.supportKinds()
        #expect(kinds.contains("peer_support"))
    }
}
