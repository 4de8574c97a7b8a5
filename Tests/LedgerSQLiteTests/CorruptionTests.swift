import Foundation
import GRDB
import Ledger
import LedgerSQLite
import TestSupport
import Testing

@Suite("Corruption detection")
struct CorruptionTests {
    /// One change to one stored value each, made behind the ledger's back.
    static let tamperings: [(name: String, sql: String)] = [
        ("transfer amount", "UPDATE ledger_transfers SET amount_minutes = amount_minutes + 1 WHERE id = 3"),
        ("transfer code", "UPDATE ledger_transfers SET code = 'exchangf' WHERE id = 2"),
        ("transfer debit account", "UPDATE ledger_transfers SET debit_account_id = 4 WHERE id = 2"),
        ("transfer timestamp", "UPDATE ledger_transfers SET timestamp = timestamp + 1 WHERE id = 4"),
        ("journal hash byte", "UPDATE ledger_journal SET hash = CAST((X'FF' || substr(hash, 2)) AS BLOB) WHERE sequence = 9"),
        ("journal entity", "UPDATE ledger_journal SET entity_id = 3 WHERE sequence = 9"),
        ("journal timestamp", "UPDATE ledger_journal SET timestamp = timestamp + 1 WHERE sequence = 11"),
        ("account balance", "UPDATE ledger_accounts SET credits_posted_minutes = credits_posted_minutes + 1 WHERE id = 2"),
        ("account limit", "UPDATE ledger_accounts SET lower_limit_minutes = -6000 WHERE id = 1"),
        ("deleted transfer", "DELETE FROM ledger_transfers WHERE id = 5"),
        ("resolution status", "UPDATE ledger_pending_resolutions SET status = 'voided' WHERE pending_id = 3"),
        ("network totals", "UPDATE ledger_network_totals SET debits_posted_minutes = debits_posted_minutes + 5"),
    ]

    /// A small ledger: 7 accounts (journal 1–7), then transfers 1–5 (journal 8–12).
    private func makeLedger(at directory: TemporaryDirectory) async throws {
        let ledger = Ledger(store: try await SQLiteLedgerStore.open(directory: directory.path), clock: ManualClock())
        _ = try await ledger.createAccounts(sampleAccounts)
        let results = try await ledger.submit([
            single(1, 9, 1, 120, code: .welcomeGrant), single(2, 1, 2, 60), pending(3, 1, 3, 30, timeoutSeconds: 600),
            post(4, pending: 3, minutes: 20), single(5, 3, 4, 10),
        ])
        #expect(results.allSatisfy { $0.code == .created })
    }

    /// Proves each single tampering with a stored transfer, journal, account, resolution or
    /// totals row makes verification fail and the store refuse to open.
    @Test(arguments: tamperings.indices)
    func tamperingIsDetected(_ index: Int) async throws {
        let (name, sql) = Self.tamperings[index]
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await makeLedger(at: directory)
        let queue = try DatabaseQueue(path: directory.databasePath)
        try await queue.write { db in
            try db.execute(sql: sql)
            #expect(db.changesCount >= 1, "\(name): the tampering changed nothing")
        }
        let unverified = try await SQLiteLedgerStore.open(directory: directory.path, options: .init(verifiesOnOpen: false))
        await #expect(throws: VerificationFailure.self, "\(name)") { try await unverified.verify() }
        await #expect(throws: LedgerError.self, "\(name)") {
            _ = try await SQLiteLedgerStore.open(directory: directory.path)
        }
    }

    /// Proves one flipped byte in the database file itself — inside a transfer's code — is
    /// caught: the store refuses to open, naming the broken journal entry.
    @Test func flippedByteInTheFileIsDetected() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do {
            let ledger = Ledger(store: try await SQLiteLedgerStore.open(directory: directory.path), clock: ManualClock())
            _ = try await ledger.createAccounts(sampleAccounts)
            _ = try await ledger.submit([single(1, 9, 1, 120, code: TransferCode(rawValue: "tamper_target_code"))])
        }
        let queue = try DatabaseQueue(path: directory.databasePath)
        try await queue.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        try queue.close()
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: directory.databasePath)))
        let needle = Array("tamper_target_code".utf8)
        let offset = try #require(bytes.indices.first { start in
            start + needle.count <= bytes.count && Array(bytes[start..<start + needle.count]) == needle
        })
        bytes[offset + 7] = UInt8(ascii: "X")
        try Data(bytes).write(to: URL(fileURLWithPath: directory.databasePath))
        do {
            _ = try await SQLiteLedgerStore.open(directory: directory.path)
            Issue.record("a store with a flipped byte opened")
        } catch let LedgerError.corrupted(failure) {
            #expect(failure.sequence == 8, "\(failure)")
        }
    }
}
