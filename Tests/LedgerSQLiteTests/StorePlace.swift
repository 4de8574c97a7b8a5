import Foundation
import Ledger
import LedgerPostgres
import LedgerSQLite
import PostgresSupport
import Synchronization
import TestSupport

/// Where a ledger store test keeps its ledger: a temporary directory for SQLite, or — when
/// `TestPostgres.isSelected` (PEERHOURS_TEST_DATABASE_URL) — a fresh database on the test
/// database for PostgreSQL. The same tests then run over both stores (the conformance suite).
/// Every store opened here is closed by `remove()`, which also drops the database.
final class StorePlace: Sendable {
    let directory: TemporaryDirectory
    let location: PostgresLocation?
    private let opened = Mutex<[PostgresLedgerStore]>([])

    init() async throws {
        directory = try TemporaryDirectory()
        location = TestPostgres.isSelected ? try await TestPostgres.freshLocation() : nil
    }

    var storeName: String { location == nil ? "SQLite" : "PostgreSQL" }

    /// Opens (again, when called again) the ledger kept here. `durability` is SQLite's only.
    func open(verifiesOnOpen: Bool = true, sqliteDurability: SQLiteLedgerStore.Durability = .full,
              subdirectory: String? = nil) async throws -> any LedgerStore
    {
        if let location {
            let store = try await PostgresLedgerStore.open(location, options: .init(verifiesOnOpen: verifiesOnOpen))
            opened.withLock { $0.append(store) }
            return store
        }
        let path = subdirectory.map { directory.path + "/" + $0 } ?? directory.path
        return try await SQLiteLedgerStore.open(
            directory: path, options: .init(durability: sqliteDurability, verifiesOnOpen: verifiesOnOpen))
    }

    /// Closes the PostgreSQL stores opened so far (their connections), keeping the database.
    func closeStores() {
        let stores = opened.withLock { stores in
            defer { stores = [] }
            return stores
        }
        for store in stores { store.close() }
    }

    func remove() async {
        closeStores()
        directory.remove()
        if let location { await TestPostgres.drop(location) }
    }
}
