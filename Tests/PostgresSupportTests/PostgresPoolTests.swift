import Foundation
import Ledger
import Logging
import Outbox
import PostgresNIO
import PostgresSupport
import Synchronization
import TestSupport
import Testing

/// The pool, the migrator and the outbox table against the test cluster
/// (`PEERHOURS_TEST_DATABASE_URL`); skipped without one.
@Suite(.enabled(if: TestPostgres.isSelected, "needs PEERHOURS_TEST_DATABASE_URL"))
struct PostgresPoolTests {
    static let logger = Logger(label: "peerhours.tests")

    static func count(_ pool: PostgresPool, _ sql: String) async throws -> Int {
        try await pool.read { connection in
            var value = 0
            for try await count in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(Int.self) {
                value = count
            }
            return value
        }
    }

    static let migrations = [
        PostgresMigrator.Migration("create things", ["CREATE TABLE things (id BIGINT PRIMARY KEY, name TEXT NOT NULL)"]),
        PostgresMigrator.Migration("index names", ["CREATE INDEX things_name ON things (name)"]),
    ]

    @Test func migratesOnceInItsOwnSchemaAndRecordsWhatItRan() async throws {
        let pool = PostgresPool(try await TestPostgres.freshLocation(), label: "peerhours.things")
        defer { pool.close() }
        let migrator = PostgresMigrator(store: "things", migrations: Self.migrations)
        #expect(try await migrator.migrate(pool) == ["create things", "index names"])
        #expect(try await migrator.migrate(pool) == [])
        #expect(try await Self.count(pool, "SELECT COUNT(*) FROM things") == 0)
        #expect(try await Self.count(pool, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'things' AND table_name = 'things'") == 1)
        // A later build appends a migration: only it runs.
        let later = PostgresMigrator(store: "things", migrations: Self.migrations + [.init("add size", ["ALTER TABLE things ADD COLUMN size INT"])])
        #expect(try await later.migrate(pool) == ["add size"])
    }

    @Test func racingInstancesMigrateOnce() async throws {
        let location = try await TestPostgres.freshLocation()
        let pools = (0..<4).map { _ in PostgresPool(location, label: "peerhours.things") }
        defer { pools.forEach { $0.close() } }
        let migrator = PostgresMigrator(store: "things", migrations: Self.migrations)
        let ran = try await withThrowingTaskGroup(of: [String].self) { group in
            for pool in pools { group.addTask { try await migrator.migrate(pool) } }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(ran.sorted() == ["create things", "index names"])
        #expect(try await Self.count(pools[0], "SELECT COUNT(*) FROM peerhours_migrations") == 2)
    }

    @Test func refusesASchemaMadeByANewerBuild() async throws {
        let pool = PostgresPool(try await TestPostgres.freshLocation(), label: "peerhours.things")
        defer { pool.close() }
        try await PostgresMigrator(store: "things", migrations: Self.migrations).migrate(pool)
        let older = PostgresMigrator(store: "things", migrations: Array(Self.migrations.prefix(1)))
        await #expect(throws: PostgresMigrationError.newerSchema(store: "things", migration: "index names")) {
            try await older.migrate(pool)
        }
    }

    @Test func aThrowingTransactionLeavesNothingAndRethrowsItsOwnError() async throws {
        let pool = PostgresPool(try await TestPostgres.freshLocation(), label: "peerhours.things")
        defer { pool.close() }
        try await PostgresMigrator(store: "things", migrations: Self.migrations).migrate(pool)
        struct Refused: Error, Equatable {}
        await #expect(throws: Refused()) {
            try await pool.transaction { connection in
                try await connection.query("INSERT INTO things (id, name) VALUES (1, 'one')", logger: Self.logger)
                throw Refused()
            }
        }
        #expect(try await Self.count(pool, "SELECT COUNT(*) FROM things") == 0)
    }

    @Test func aSerializationFailureIsRunAgain() async throws {
        let pool = PostgresPool(try await TestPostgres.freshLocation(), label: "peerhours.things")
        defer { pool.close() }
        try await PostgresMigrator(store: "things", migrations: Self.migrations).migrate(pool)
        let attempts = Atomic<Int>(0)
        try await pool.transaction { connection in
            try await connection.query("INSERT INTO things (id, name) VALUES (1, 'one')", logger: Self.logger)
            if attempts.add(1, ordering: .relaxed).newValue == 1 {
                try await connection.query(
                    "DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '40001'; END $$", logger: Self.logger)
            }
        }
        #expect(attempts.load(ordering: .relaxed) == 2)
        #expect(try await Self.count(pool, "SELECT COUNT(*) FROM things") == 1)
    }

    @Test func outboxRowsAreWrittenOncePerDedupeKey() async throws {
        let pool = PostgresPool(try await TestPostgres.freshLocation(), label: "peerhours.things")
        defer { pool.close() }
        try await PostgresMigrator(store: "things", migrations: [.init("outbox", PostgresOutboxTable.createStatements)]).migrate(pool)
        let draft = OutboxDraft(kind: .invitation, recipient: .address("a@example.org"), facts: ["network": "GPs"], dedupeKey: "k1")
        let stored = try await pool.transaction { connection in
            try await PostgresOutboxTable.insert(connection, [draft, draft], at: Date(), logger: Self.logger)
        }
        #expect(stored == 1)
        #expect(try await Self.count(pool, "SELECT COUNT(*) FROM outbox WHERE state = 'pending'") == 1)
    }
}

/// Without any database: a refused connection is `StoreUnavailable`, never a 500's stack.
@Suite struct PostgresUnavailableTests {
    @Test func aRefusedConnectionIsStoreUnavailable() async throws {
        // Port 9 (discard) on loopback: nothing listens there in the test environment.
        let pool = PostgresPool(PostgresLocation(host: "127.0.0.1", port: 9, user: "nobody", database: "none"), label: "peerhours.exchange")
        defer { pool.close() }
        await #expect(throws: StoreUnavailable(store: "exchange")) {
            try await pool.transaction { _ in }
        }
        #expect(await pool.ping() == false)
    }
}

@Suite(.enabled(if: TestPostgres.isSelected, "needs PEERHOURS_TEST_DATABASE_URL"))
struct PostgresSharedSecretsTests {
    @Test func racingInstancesAllReadTheOneSecretStored() async throws {
        let location = try await TestPostgres.freshLocation()
        let pools = try await withThrowingTaskGroup(of: PostgresPool.self) { group in
            for _ in 0..<4 { group.addTask { try await PostgresSharedSecrets.open(location, logger: PostgresPoolTests.logger) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        defer { pools.forEach { $0.close() } }
        let secrets = try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for (index, pool) in pools.enumerated() {
                group.addTask { try await PostgresSharedSecrets.loadOrStore(pool, name: "notices", candidate: Array(repeating: UInt8(index), count: 32)) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(secrets).count == 1)
        #expect(secrets[0].count == 32)
        // A later start keeps the stored one.
        #expect(try await PostgresSharedSecrets.loadOrStore(pools[0], name: "notices", candidate: Array(repeating: 9, count: 32)) == secrets[0])
    }
}
