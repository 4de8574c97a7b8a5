import Foundation
import GRDB
import Identity
import IdentityPostgres
import IdentitySQLite
import Logging
import Outbox
import PostgresNIO
import PostgresSupport
import TestSupport

/// A fresh identity store with a cheap bcrypt cost: identity.sqlite in its own temporary
/// directory, or, when the tests run against PostgreSQL (`TestPostgres.isSelected`), the
/// PostgreSQL store in a schema of its own. The same tests run over either (the conformance
/// suite); the few about SQLite itself are disabled on PostgreSQL.
struct IdentityFixture {
    let directory: URL
    let store: any IdentityStore
    /// The SQLite store, when the tests run on SQLite.
    let sqlite: SQLiteIdentityStore?
    /// The PostgreSQL store, when they run on PostgreSQL.
    let postgres: PostgresIdentityStore?
    let clock = ManualClock(ManualClock.wallStart)
    let service: IdentityService
    private let lifetime: StoreLifetime

    init(loginRateLimits: LoginRateLimits = .standard) async throws {
        directory = try TemporaryDirectory(prefix: "identity-tests").url
        if TestPostgres.isSelected {
            let opened = try await PostgresIdentityStore.open(try await TestPostgres.freshLocation())
            store = opened
            sqlite = nil
            postgres = opened
        } else {
            let opened = try SQLiteIdentityStore(dataDirectory: directory.path)
            store = opened
            sqlite = opened
            postgres = nil
        }
        lifetime = StoreLifetime(postgres)
        service = IdentityService(
            store: store, clock: clock, configuration: IdentityConfiguration(bcryptCost: .reducedForTestsOnly(4), loginRateLimits: loginRateLimits),
            logger: Logger(label: "identity-tests"))
    }

    static let strongPassword = "violet-harbour-lantern-42"

    /// A member with a credential, created through the invitation flow.
    func member(email: String, password: String = strongPassword, memberID: Int64, networkID: Int64 = 1) async throws {
        let issued = try await service.invite(email: email, networkID: networkID, invitedBy: 1)
        let acceptance = try await service.claimInvitation(token: issued.token, password: password)
        try await service.completeAcceptance(acceptance, memberID: memberID)
    }

    /// The store's outbox, as the delivery service reads it.
    var outbox: any OutboxRepository {
        if let postgres { return postgres.outbox }
        return sqlite!.outbox
    }

    /// Every byte SQLite holds for the database: main file, WAL and shared memory.
    func databaseBytes() throws -> Data {
        var bytes = Data()
        for suffix in ["", "-wal", "-shm"] {
            let url = directory.appendingPathComponent(SQLiteIdentityStore.fileName + suffix)
            if let data = try? Data(contentsOf: url) { bytes.append(data) }
        }
        return bytes
    }
}

/// Closes the PostgreSQL store's pool when the last copy of its fixture is gone, so a test run
/// does not hold a pool per test.
private final class StoreLifetime: Sendable {
    let postgres: PostgresIdentityStore?

    init(_ postgres: PostgresIdentityStore?) { self.postgres = postgres }

    deinit { postgres?.close() }
}

extension IdentityFixture {
    /// The identity outbox's unsent messages, oldest first (whatever their next attempt),
    /// without claiming them (PostgreSQL's `dueMessages` leases what it answers).
    func unsentEmails() async throws -> [OutboxMessage] {
        if let postgres { return try await postgres.outbox.pendingMessages(limit: 1_000) }
        return try await outbox.dueMessages(at: .distantFuture, limit: 1_000)
    }

    /// Reads or writes the SQLite store's file through a connection of its own (as a hand edit would).
    func withDatabase<Value: Sendable>(_ body: @Sendable (Database) throws -> Value) async throws -> Value {
        let queue = try DatabaseQueue(path: sqlite!.path)
        defer { try? queue.close() }
        return try await queue.write(body)
    }

    /// Runs test-only SQL (no values) on the PostgreSQL store's schema, answering its rows.
    func postgresRows(_ sql: String) async throws -> [PostgresRandomAccessRow] {
        let pool = postgres!.pool
        return try await pool.transaction { connection in
            var rows: [PostgresRandomAccessRow] = []
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "identity-tests")) {
                rows.append(row.makeRandomAccess())
            }
            return rows
        }
    }

    /// Makes every insert into `table` fail, as a full disk or a broken constraint would.
    func failInserts(into table: String) async throws {
        if postgres != nil {
            _ = try await postgresRows("""
                CREATE OR REPLACE FUNCTION failing_insert() RETURNS trigger LANGUAGE plpgsql
                AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$
                """)
            _ = try await postgresRows(
                "CREATE TRIGGER failing_\(table) BEFORE INSERT ON \(table) FOR EACH ROW EXECUTE FUNCTION failing_insert()")
            return
        }
        try await withDatabase { db in
            try db.execute(sql: """
                CREATE TRIGGER failing_\(table) BEFORE INSERT ON \(table) BEGIN SELECT RAISE(ABORT, 'refused by the test'); END
                """)
        }
    }

    /// Undoes `failInserts(into: table)`.
    func stopFailingInserts(into table: String) async throws {
        if postgres != nil {
            _ = try await postgresRows("DROP TRIGGER failing_\(table) ON \(table)")
            return
        }
        try await withDatabase { db in try db.execute(sql: "DROP TRIGGER failing_\(table)") }
    }

    /// Whether `error` is the store's own failure (a statement the database refused).
    func isStoreFailure(_ error: (any Error)?) -> Bool {
        guard let error else { return false }
        return postgres != nil ? PostgresErrors.sqlState(error) != nil : error is DatabaseError
    }

    /// Rows of `table` (all of them).
    func count(_ table: String) async throws -> Int {
        if postgres != nil {
            return try await postgresRows("SELECT COUNT(*) AS n FROM \(table)").first?["n"].decode(Int.self) ?? -1
        }
        return try await withDatabase { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
    }

    /// The stored token hash of invitation `id`.
    func invitationTokenHash(id: Int64) async throws -> Data? {
        if postgres != nil {
            return try await postgresRows("SELECT token_hash FROM invitation WHERE id = \(id)").first?["token_hash"].decode(Data.self)
        }
        return try await withDatabase { db in
            try Data.fetchOne(db, sql: "SELECT token_hash FROM invitation WHERE id = ?", arguments: [id])
        }
    }

    /// Every outbox row's state and secret.
    func outboxStatesAndSecrets() async throws -> [(state: String, secret: String?)] {
        if postgres != nil {
            return try await postgresRows("SELECT state, secret FROM outbox ORDER BY id").map {
                (try $0["state"].decode(String.self), try $0["secret"].decode(String?.self))
            }
        }
        return try await withDatabase { db in
            try Row.fetchAll(db, sql: "SELECT state, secret FROM outbox ORDER BY id").map { ($0["state"], $0["secret"]) }
        }
    }

    /// Each password reset row's token hash, and how many of its columns hold `text` as their
    /// whole value (as text).
    func passwordResets(holding text: String) async throws -> [(tokenHash: Data, columnsHoldingText: Int)] {
        if postgres != nil {
            let rows = try await postgresRows("SELECT token_hash, row_to_json(r)::text AS whole FROM password_reset r")
            return try rows.map { row in
                let whole = try row["whole"].decode(String.self)
                let values = try JSONSerialization.jsonObject(with: Data(whole.utf8)) as? [String: Any] ?? [:]
                return (try row["token_hash"].decode(Data.self), values.values.filter { "\($0)" == text }.count)
            }
        }
        return try await withDatabase { db in
            try Row.fetchAll(db, sql: "SELECT * FROM password_reset").map { row in
                let holding = row.databaseValues.filter { $0 == text.databaseValue }.count
                return (row["token_hash"], holding)
            }
        }
    }
}
