import Foundation
import GRDB
import Ledger
import LedgerSQLite
import TestSupport
import Testing

@Suite("peerhours ledger verify")
struct VerifyCommandTests {
    /// Proves the command's contract: exit 0 and a one-line summary on a sound ledger; exit 1
    /// naming the first broken entry after tampering; exit 2 when there is no ledger.
    @Test func exitStatusAndMessages() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let binary = productPath("peerhours")
        let missing = try runProgram(binary, ["ledger", "verify", "--data", directory.path + "/none"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no ledger"))

        do {
            let ledger = Ledger(store: try await SQLiteLedgerStore.open(directory: directory.path), clock: ManualClock())
            _ = try await ledger.createAccounts(sampleAccounts)
            _ = try await ledger.submit([single(1, 9, 1, 120), single(2, 1, 2, 60)])
        }
        let sound = try runProgram(binary, ["ledger", "verify", "--data", directory.path])
        #expect(sound.status == 0, "\(sound.stderr)")
        #expect(sound.stdout.hasPrefix("ok: 9 journal entries, 7 accounts, 2 transfers"), "\(sound.stdout)")
        #expect(sound.stdout.split(separator: "\n").count == 1)

        let queue = try DatabaseQueue(path: directory.databasePath)
        try await queue.write { db in
            try db.execute(sql: "UPDATE ledger_transfers SET amount_minutes = 61 WHERE id = 2")
        }
        let broken = try runProgram(binary, ["ledger", "verify", "--data", directory.path])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("journal entry 9"), "\(broken.stderr)")
    }
}
