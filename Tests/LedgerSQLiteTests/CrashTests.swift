import Foundation
import Ledger
import LedgerSQLite
import TestSupport
import Testing

@Suite("Crash recovery")
struct CrashTests {
    /// Kill count: at least 10 by default; LEDGER_CRASH_ITERATIONS for longer runs.
    static var iterations: Int {
        max(10, Int(ProcessInfo.processInfo.environment["LEDGER_CRASH_ITERATIONS"] ?? "") ?? 10)
    }

    /// Proves durability and atomicity under SIGKILL: a child process submits linked
    /// cross-network chains from 8 tasks and logs each acknowledged id outside the database;
    /// it is killed at a random moment, ≥ 10 times. After each kill the store opens (which
    /// verifies the journal), every acknowledged id is present, every chain is whole (reserved,
    /// posted, voided and expired together), and the pair's clearing balances sum to zero.
    @Test func acknowledgedTransfersSurviveSIGKILL() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let acks = directory.path + "/acks.txt"
        #expect(FileManager.default.createFile(atPath: acks, contents: nil))
        var generator = SystemRandomNumberGenerator()
        var acknowledgedTotal = 0
        for run in 1...Self.iterations {
            let worker = try ChildProcess(productPath("LedgerCrashWorker"), [directory.path + "/data", acks, String(run)])
            let ready = worker.readAvailableOutput()
            #expect(String(decoding: ready, as: UTF8.self).hasPrefix("ready"), "worker \(run) did not start")
            try await Task.sleep(for: .milliseconds(Int.random(in: 50...400, using: &generator)))
            worker.signal(SIGKILL)
            #expect(worker.wait() == .signalled(SIGKILL))

            let store = try await SQLiteLedgerStore.open(directory: directory.path + "/data")
            let acknowledged = try readAcknowledged(acks)
            acknowledgedTotal = acknowledged.count
            // Every transfer the worker writes touches clearing account 100 or 300, so their two
            // statements list every stored transfer.
            let firstHalves = try await allTransferIDs(store, account: 100)
            let secondHalves = try await allTransferIDs(store, account: 300)
            let stored = Set(firstHalves).union(secondHalves)
            let missing = acknowledged.filter { !stored.contains($0) }
            #expect(missing.isEmpty, "run \(run): acknowledged but missing: \(missing.prefix(10))")
            #expect(Set(firstHalves.map { $0 + 1 }) == Set(secondHalves), "run \(run): a linked chain is half-applied")
            #expect(firstHalves.allSatisfy { $0 % 2 == 0 })
            // The two clearing accounts mirror each other, pending reservations included.
            let here = try #require(try await store.account(AccountID(100)))
            let there = try #require(try await store.account(AccountID(300)))
            #expect(here.postedBalanceMinutes + there.postedBalanceMinutes == 0, "run \(run): clearing balances do not sum to zero")
            #expect(here.creditsPendingMinutes == there.debitsPendingMinutes, "run \(run): a reservation is half-applied")
            #expect(here.debitsPendingMinutes == 0 && there.creditsPendingMinutes == 0)
        }
        #expect(acknowledgedTotal > 0, "the worker never acknowledged anything")
        print("crash: \(Self.iterations) kills, \(acknowledgedTotal) acknowledged transfers, all present")
    }

    /// Ids written completely (a line cut short by the kill is ignored).
    private func readAcknowledged(_ path: String) throws -> [Int64] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if !text.hasSuffix("\n") { lines.removeLast() }
        return lines.compactMap { Int64($0) }
    }

    private func allTransferIDs(_ store: SQLiteLedgerStore, account: Int64) async throws -> [Int64] {
        var ids: [Int64] = []
        var cursor: Int64?
        while true {
            let page = try await store.statement(of: AccountID(account), afterSequence: cursor, limit: 1000)
            guard let last = page.last else { return ids }
            ids += page.map(\.transfer.id.rawValue)
            cursor = last.sequence
        }
    }
}
