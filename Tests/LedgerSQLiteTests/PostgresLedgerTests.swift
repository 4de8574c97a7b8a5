import Foundation
import Ledger
import LedgerPostgres
import Logging
import MatchingBenchmarkSupport
import PostgresNIO
import PostgresSupport
import TestSupport
import Testing

/// What is new on PostgreSQL: the durability setting of a commit, the head lock that orders the
/// chain, and several instances (several stores, each with its own group-commit writer) over one
/// schema at once.
@Suite("PostgreSQL ledger store", .enabled(if: TestPostgres.isSelected, "needs PEERHOURS_TEST_DATABASE_URL"))
struct PostgresLedgerTests {
    /// Proves every commit runs with synchronous_commit = on, even where the session's setting
    /// (a server or role default) says off: an acknowledged transfer is in the server's WAL.
    @Test func commitsRunWithSynchronousCommitOn() async throws {
        let place = try await StorePlace()
        let store = try #require(try await place.open() as? PostgresLedgerStore)
        #expect(try await store.synchronousCommitInCommit(startingFrom: "off") == "on")
        #expect(try await store.synchronousCommitInCommit() == "on")
        await place.remove()
    }

    /// Proves a commit waits for the journal's head row: while another transaction holds it,
    /// nothing is appended; once released, the commit chains on and the journal verifies.
    @Test func theHeadLockOrdersCommits() async throws {
        let place = try await StorePlace()
        let store = try await place.open()
        let ledger = Ledger(store: store, clock: ManualClock())
        _ = try await ledger.createAccounts(sampleAccounts)
        let before = try await store.journalHead()
        let location = try #require(place.location)
        let holder = PostgresPool(location, label: "peerhours.ledger")
        defer { holder.close() }
        let locked = AsyncStream<Void>.makeStream()
        let release = AsyncStream<Void>.makeStream()
        let holding = Task {
            try await holder.transaction { connection in
                try await connection.query("SELECT sequence FROM ledger_head WHERE id = 1 FOR UPDATE",
                                           logger: Logger(label: "peerhours.tests"))
                locked.continuation.yield()
                for await _ in release.stream { break }
            }
        }
        for await _ in locked.stream { break }
        let submitting = Task { try await ledger.submit([single(1, 9, 1, 120)]) }
        try await Task.sleep(for: .milliseconds(400))
        #expect(try await store.journalHead() == before, "a commit appended while the head was locked")
        #expect(try await store.transfer(TransferID(1)) == nil)
        release.continuation.yield()
        release.continuation.finish()
        try await holding.value
        #expect(try await submitting.value.map(\.code) == [.created])
        let after = try await store.journalHead()
        #expect(after.sequence == before.sequence + 1)
        _ = try await store.verify()
        await place.remove()
    }

    /// One unit of work: what a submitter sends in one request. The same unit always carries
    /// the same commands, so any instance may (re)send any unit.
    /// k ≡ 0 (mod 5): a pending transfer; 1: its post; 2: its void (racing the post);
    /// 3: a single transfer; 4: a linked chain of two, the second sometimes over the floor.
    static func unit(_ k: Int64) -> [TransferCommand] {
        let base = k * 10
        let debit = 1 + k % 4
        let credit = 1 + (k + 1) % 4
        switch k % 5 {
        case 0: return [pending(base, debit, credit, 1 + k % 7, timeoutSeconds: 3600)]
        case 1: return [post(base, pending: (k - 1) * 10)]
        case 2: return [void(base, pending: (k - 2) * 10)]
        case 3: return [single(base, debit, credit, 1 + k % 11)]
        default:
            return [single(base, debit, credit, 3, linked: true),
                    single(base + 1, credit, debit, k % 3 == 0 ? 700 : 2)]
        }
    }

    /// Proves several instances stay correct together: three stores (three group-commit
    /// writers) on one schema, four submitters each, send the same units in different orders —
    /// transfers on shared accounts, two-phase transfers whose post and void race across
    /// instances, linked chains. Every id is created at most once, what was acknowledged is
    /// stored as sent, a chain is all or nothing, a reservation is never both posted and voided,
    /// no account passes its limits, and every store's verify (chain recomputed, balances
    /// re-folded) passes on one chain.
    @Test func threeInstancesOnOneSchema() async throws {
        let place = try await StorePlace()
        let clock = ManualClock()
        var ledgers: [Ledger] = []
        for _ in 0..<3 { ledgers.append(Ledger(store: try await place.open(), clock: clock)) }
        _ = try await ledgers[0].createAccounts(sampleAccounts)
        _ = try await ledgers[0].submit([single(1_000_000, 9, 1, 300), single(1_000_001, 9, 2, 300),
                                         single(1_000_002, 9, 3, 300), single(1_000_003, 9, 4, 300)])
        let units: Int64 = 250
        let outcomes = Outcomes()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (instance, ledger) in ledgers.enumerated() {
                for submitter in 0..<4 {
                    group.addTask {
                        var generator = SplitMix64(seed: UInt64(instance * 16 + submitter) + 1)
                        for k in Array(Int64(1)...units).shuffled(using: &generator) {
                            outcomes.record(try await ledger.submit(Self.unit(k)))
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let store = ledgers[0].store
        let all = outcomes.byID
        for k in Int64(1)...units {
            for command in Self.unit(k) {
                let codes = all[command.id] ?? []
                #expect(codes.count == 12)
                let stored = try await store.transfer(command.id)
                if codes.contains(.created) {
                    #expect(codes.filter { $0 == .created }.count == 1, "id \(command.id) created twice: \(codes)")
                    #expect(stored?.command == command)
                } else {
                    #expect(stored == nil, "id \(command.id) stored but never acknowledged: \(codes)")
                }
            }
            if k % 5 == 4 {
                let first = try await store.transfer(TransferID(k * 10)) != nil
                let second = try await store.transfer(TransferID(k * 10 + 1)) != nil
                #expect(first == second, "linked chain \(k) half applied")
            }
            if k % 5 == 0 {
                let posted = try await store.transfer(TransferID((k + 1) * 10)) != nil
                let voided = try await store.transfer(TransferID((k + 2) * 10)) != nil
                #expect(!(posted && voided), "pending \(k * 10) both posted and voided")
            }
        }
        var reports: [VerificationReport] = []
        for ledger in ledgers { reports.append(try await ledger.store.verify()) }
        #expect(Set(reports).count == 1)
        let head = try await store.journalHead()
        #expect(reports.first?.head == head)
        for account in try await store.accounts(in: NetworkID(1), afterID: nil, limit: 100) {
            #expect(account.limitsHold, "account \(account.id) passed its limits")
        }
        let commits = ledgers.map(\.writer.statistics.commits).reduce(0, +)
        var histogram: [TransferResultCode: Int] = [:]
        for codes in all.values { for code in codes { histogram[code, default: 0] += 1 } }
        print("three instances: \(head.sequence) journal entries in \(commits) commits; results: "
            + histogram.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", "))
        await place.remove()
    }

    /// The SQLite corruption tests' tamperings in PostgreSQL's SQL (the hash byte through
    /// `overlay`), and the head row PostgreSQL keeps besides.
    static let tamperings: [(name: String, sql: String)] = CorruptionTests.tamperings.map { tampering in
        tampering.name == "journal hash byte"
            ? (tampering.name, "UPDATE ledger_journal SET hash = overlay(hash placing '\\xff'::bytea from 1 for 1) WHERE sequence = 9")
            : tampering
    } + [
        ("head row hash", "UPDATE ledger_head SET hash = overlay(hash placing '\\xff'::bytea from 1 for 1)"),
        ("head row sequence", "UPDATE ledger_head SET sequence = sequence - 1"),
    ]

    /// Proves each single tampering with a stored transfer, journal, account, resolution,
    /// totals or head row makes verification fail and the store refuse to open, on PostgreSQL.
    @Test(arguments: tamperings.indices)
    func tamperingIsDetected(_ index: Int) async throws {
        let (name, sql) = Self.tamperings[index]
        let place = try await StorePlace()
        let ledger = Ledger(store: try await place.open(), clock: ManualClock())
        _ = try await ledger.createAccounts(sampleAccounts)
        let results = try await ledger.submit([
            single(1, 9, 1, 120, code: .welcomeGrant), single(2, 1, 2, 60), pending(3, 1, 3, 30, timeoutSeconds: 600),
            post(4, pending: 3, minutes: 20), single(5, 3, 4, 10),
        ])
        #expect(results.allSatisfy { $0.code == .created })
        let location = try #require(place.location)
        let pool = PostgresPool(location, label: "peerhours.ledger.tamper")
        defer { pool.close() }
        let changed = try await pool.transaction { connection in
            var count = 0
            for try await _ in try await connection.query(PostgresQuery(unsafeSQL: sql + " RETURNING 1"),
                                                          logger: Logger(label: "peerhours.tests")) {
                count += 1
            }
            return count
        }
        #expect(changed >= 1, "\(name): the tampering changed nothing")
        let unverified = try await place.open(verifiesOnOpen: false)
        await #expect(throws: VerificationFailure.self, "\(name)") { try await unverified.verify() }
        await #expect(throws: LedgerError.self, "\(name)") { _ = try await place.open() }
        await place.remove()
    }
}
