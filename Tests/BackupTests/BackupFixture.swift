import Foundation
import GRDB
import Ledger
import LedgerSQLite
import SQLiteSupport
@testable import StoreBackup
import TestSupport

/// A data directory as `serve` leaves it, reduced to what a backup handles: a real ledger
/// (`ledger.sqlite`, its store and `Ledger`), and the other store files as WAL databases opened
/// the way the stores open theirs (`DurableDatabasePool`), each with one table of numbered rows.
struct BackupFixture: Sendable {
    static let communityAccount: Int64 = 9
    static let memberAccounts: [Int64] = [1, 2, 3, 4]

    let root: TemporaryDirectory
    let data: String
    let ledger: Ledger
    let exchange: DatabasePool
    let identity: DatabasePool
    let idempotency: DatabasePool

    init() async throws {
        root = try TemporaryDirectory(prefix: "peerhours-backup-test")
        data = root.file("data")
        let store = try await SQLiteLedgerStore.open(directory: data)
        ledger = Ledger(store: store, clock: SystemClock())
        var accounts = [NewAccount(id: AccountID(Self.communityAccount), networkID: NetworkID(1), kind: .community,
                                   lowerLimitMinutes: -1_000_000_000)]
        for member in Self.memberAccounts {
            accounts.append(NewAccount(id: AccountID(member), networkID: NetworkID(1), kind: .member, lowerLimitMinutes: -600))
        }
        _ = try await ledger.createAccounts(accounts)
        exchange = try Self.numberedStore(data + "/exchange.sqlite")
        identity = try Self.numberedStore(data + "/identity.sqlite")
        idempotency = try Self.numberedStore(data + "/idempotency.sqlite")
        try Data((0..<32).map { UInt8($0) }).write(to: URL(fileURLWithPath: data + "/notices.key"))
    }

    static func numberedStore(_ path: String) throws -> DatabasePool {
        let pool = try DurableDatabasePool.open(path: path, label: "backup-test")
        try pool.write { db in try db.execute(sql: "CREATE TABLE IF NOT EXISTS numbered (id INTEGER PRIMARY KEY)") }
        return pool
    }

    /// One credit of a minute from the community to a member, under `id`.
    func credit(_ id: Int64) async throws {
        let member = Self.memberAccounts[Int(id % Int64(Self.memberAccounts.count))]
        let results = try await ledger.submit([TransferCommand(
            id: TransferID(id), networkID: NetworkID(1),
            kind: .single(debit: AccountID(Self.communityAccount), credit: AccountID(member), amountMinutes: 1), code: .exchange)])
        precondition(results.allSatisfy { $0.code == .created }, "a credit of a minute is accepted")
    }

    static func insert(_ id: Int64, into pool: DatabasePool) async throws {
        try await pool.write { db in try db.execute(sql: "INSERT INTO numbered (id) VALUES (?)", arguments: [id]) }
    }

    /// A backup of the fixture's directory at `root/name`.
    func backUp(_ name: String = "backup.tar") throws -> DataDirectoryBackup.Summary {
        try DataDirectoryBackup(directory: data, peerhoursVersion: "test").write(to: root.file(name))
    }

    func restore(_ archive: String, into name: String) async throws -> DataDirectoryRestore.Summary {
        try await DataDirectoryRestore(archivePath: archive, directory: root.file(name)).run()
    }
}

/// Row count of a table in a restored file (a fresh connection).
func rows(_ path: String, sql: String) throws -> Int64 {
    let queue = try DatabaseQueue(path: path)
    defer { try? queue.close() }
    return try queue.read { db in try Int64.fetchOne(db, sql: sql) ?? -1 }
}

/// Runs blocking work on a thread of its own (a backup blocks on SQLite and file I/O).
func onThread<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
    }
}
