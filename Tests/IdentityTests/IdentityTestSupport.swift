import Foundation
import GRDB
import Identity
import IdentitySQLite
import Logging
import Outbox
import TestSupport

/// A fresh identity.sqlite in its own temporary directory, with a cheap bcrypt cost.
struct IdentityFixture {
    let directory: URL
    let store: SQLiteIdentityStore
    let clock = ManualClock(ManualClock.wallStart)
    let service: IdentityService

    init(loginRateLimits: LoginRateLimits = .standard) throws {
        directory = try TemporaryDirectory(prefix: "identity-tests").url
        store = try SQLiteIdentityStore(dataDirectory: directory.path)
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

extension IdentityFixture {
    /// The identity outbox's unsent messages, oldest first (whatever their next attempt).
    func unsentEmails() async throws -> [OutboxMessage] {
        try await store.outbox.dueMessages(at: .distantFuture, limit: 1_000)
    }

    /// Reads or writes the store's file through a connection of its own (as a hand edit would).
    func withDatabase<Value: Sendable>(_ body: @Sendable (Database) throws -> Value) async throws -> Value {
        let queue = try DatabaseQueue(path: store.path)
        defer { try? queue.close() }
        return try await queue.write(body)
    }

    /// Makes every insert into `table` fail, as a full disk or a broken constraint would.
    func failInserts(into table: String) async throws {
        try await withDatabase { db in
            try db.execute(sql: """
                CREATE TRIGGER failing_\(table) BEFORE INSERT ON \(table) BEGIN SELECT RAISE(ABORT, 'refused by the test'); END
                """)
        }
    }

    /// Rows of `table` (all of them).
    func count(_ table: String) async throws -> Int {
        try await withDatabase { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
    }
}
