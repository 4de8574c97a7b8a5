import Foundation
import GRDB
import Ledger
import LedgerPostgres
import LedgerSQLite
import TestSupport
import Testing

/// The ledger store's contract, over SQLite, and over PostgreSQL when `TestPostgres.isSelected`
/// (`StorePlace` opens the one selected). Tests of SQLite itself stay SQLite-only.
@Suite("Ledger store (SQLite; PostgreSQL when PEERHOURS_TEST_DATABASE_URL is set)")
struct SQLiteStoreTests {
    /// Proves the durability promise: the writer connection runs at synchronous = FULL by
    /// default (GRDB would leave NORMAL), and only the option named for its risk lowers it.
    @Test(.disabled(if: TestPostgres.isSelected, "about SQLite's synchronous pragma"))
    func synchronousIsFullByDefaultAndNormalOnlyByName() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let full = try await SQLiteLedgerStore.open(directory: directory.path + "/full")
        #expect(try await full.synchronousSetting() == 2)
        let normal = try await SQLiteLedgerStore.open(
            directory: directory.path + "/normal", options: .init(durability: .normalLosesRecentCommitsOnPowerLoss))
        #expect(try await normal.synchronousSetting() == 1)
    }

    /// Proves that what was acknowledged is there after reopening: accounts, transfers,
    /// pending states and balances, and that the reopened journal verifies and chains on.
    @Test func acknowledgedStateSurvivesReopening() async throws {
        let place = try await StorePlace()
        let clock = ManualClock()
        do {
            let ledger = Ledger(store: try await place.open(), clock: clock)
            #expect(try await ledger.createAccounts(sampleAccounts).allSatisfy { $0.code == .created })
            let results = try await ledger.submit([
                single(1, 9, 1, 120, code: .welcomeGrant),
                pending(2, 1, 2, 60, timeoutSeconds: 3600),
                pending(3, 1, 3, 30, timeoutSeconds: 3600),
            ])
            #expect(results.map(\.code) == [.created, .created, .created])
            #expect(try await ledger.submit([post(4, pending: 2, minutes: 45)]).map(\.code) == [.created])
        }
        place.closeStores()
        let store = try await place.open()
        let ledger = Ledger(store: store, clock: clock)
        let requester = try #require(try await store.account(AccountID(1)))
        #expect(requester.creditsPostedMinutes == 120)
        #expect(requester.debitsPostedMinutes == 45)
        #expect(requester.debitsPendingMinutes == 30)
        #expect(try await store.resolution(ofPending: TransferID(2))?.status == .posted)
        #expect(try await store.resolution(ofPending: TransferID(3)) == nil)
        #expect(try await ledger.submit([post(4, pending: 2, minutes: 45)]).map(\.code) == [.exists])
        #expect(try await ledger.submit([void(5, pending: 3)]).map(\.code) == [.created])
        let report = try await store.verify()
        #expect(report.transfers == 5)
        #expect(report.openPending == 0)
        #expect(report.accounts == sampleAccounts.count)
        await place.remove()
    }

    /// Proves statements list every transfer touching an account once, in journal order, and
    /// that the cursor pages through them without gaps or repeats.
    @Test func statementPagesInJournalOrder() async throws {
        let place = try await StorePlace()
        let store = try await place.open()
        let ledger = Ledger(store: store, clock: ManualClock())
        _ = try await ledger.createAccounts(sampleAccounts)
        var expected: [Int64] = []
        for id in Int64(1)...25 {
            let touchesOne = id % 3 != 0
            _ = try await ledger.submit([single(id, touchesOne ? (id % 2 == 0 ? 1 : 2) : 3, touchesOne ? (id % 2 == 0 ? 2 : 1) : 4, 5)])
            if touchesOne { expected.append(id) }
        }
        var seen: [Int64] = []
        var cursor: Int64?
        while true {
            let page = try await store.statement(of: AccountID(1), afterSequence: cursor, limit: 4)
            if page.isEmpty { break }
            #expect(page.count <= 4)
            seen += page.map(\.transfer.id.rawValue)
            cursor = page.last?.sequence
        }
        #expect(seen == expected)
        await place.remove()
    }

    /// Proves expiry through the store: nothing is released before the deadline, everything
    /// due is released at it, in one commit, and the deadline query tracks the next one.
    @Test func expiryReleasesReservationsAtTheirDeadline() async throws {
        let place = try await StorePlace()
        let clock = ManualClock()
        let store = try await place.open()
        let ledger = Ledger(store: store, clock: clock)
        _ = try await ledger.createAccounts(sampleAccounts)
        _ = try await ledger.submit([pending(1, 1, 2, 60, timeoutSeconds: 10), pending(2, 3, 4, 60, timeoutSeconds: 20)])
        let created = try #require(try await store.transfer(TransferID(1))).timestampNanoseconds
        #expect(try await store.nextPendingDeadlineNanoseconds() == created + 10 * LedgerTime.nanosecondsPerSecond)
        clock.advance(seconds: 10)
        clock.advance(nanoseconds: -1)
        #expect(try await ledger.expireDue() == 0)
        clock.advance(nanoseconds: 1)
        #expect(try await ledger.expireDue() == 1)
        #expect(try await store.resolution(ofPending: TransferID(1))?.status == .expired)
        #expect(try await store.account(AccountID(1))?.debitsPendingMinutes == 0)
        #expect(try await store.account(AccountID(3))?.debitsPendingMinutes == 60)
        #expect(try await store.nextPendingDeadlineNanoseconds() == created + 20 * LedgerTime.nanosecondsPerSecond)
        _ = try await store.verify()
        await place.remove()
    }

    /// Proves the writer's cache never serves stale state: two stores (two writer connections)
    /// on one file take turns, and each sees the other's commits — journal chain, balances,
    /// pending states and expiry — because the cache is checked against `data_version`.
    @Test func twoWritersOnOneFileSeeEachOther() async throws {
        let place = try await StorePlace()
        let clock = ManualClock()
        let first = Ledger(store: try await place.open(), clock: clock)
        let second = Ledger(store: try await place.open(), clock: clock)
        _ = try await first.createAccounts(sampleAccounts)
        #expect(try await first.submit([single(1, 9, 1, 100)]).map(\.code) == [.created])
        #expect(try await second.submit([single(1, 9, 1, 100)]).map(\.code) == [.exists])
        #expect(try await second.submit([pending(2, 1, 2, 80, timeoutSeconds: 60)]).map(\.code) == [.created])
        // The first writer cached account 1 (available 100) before the reservation of 80: with a
        // stale cache 621 would pass the −600 floor; with the truth (20 available) it cannot.
        #expect(try await first.submit([single(3, 1, 3, 621)]).map(\.code) == [.exceedsFloor])
        #expect(try await first.submit([single(4, 1, 3, 620)]).map(\.code) == [.created])
        clock.advance(seconds: 60)
        #expect(try await second.expireDue() == 1)
        #expect(try await first.submit([post(5, pending: 2)]).map(\.code) == [.pendingExpired])
        #expect(try await first.store.account(AccountID(1))?.debitsPendingMinutes == 0)
        let report = try await first.store.verify()
        #expect(report.transfers == 3)
        await place.remove()
    }

    /// Proves the background expiry loop releases a reservation once its deadline has passed,
    /// without anyone calling expireDue, and stops when cancelled. (It waits for the loop with
    /// a bounded poll; nothing depends on how fast it runs.)
    @Test func expiryLoopReleasesDueReservations() async throws {
        let place = try await StorePlace()
        let clock = ManualClock()
        let store = try await place.open()
        let ledger = Ledger(store: store, clock: clock)
        _ = try await ledger.createAccounts(sampleAccounts)
        _ = try await ledger.submit([pending(1, 1, 2, 60, timeoutSeconds: 30)])
        clock.advance(seconds: 31)
        let loop = Task { try await ledger.runExpiry(pollSeconds: 1) }
        var status: PendingStatus?
        // Up to 60 s: under the whole suite's load a PostgreSQL round trip can take seconds.
        for _ in 0..<6_000 where status == nil {
            try await Task.sleep(for: .milliseconds(10))
            status = try await store.resolution(ofPending: TransferID(1))?.status
        }
        loop.cancel()
        #expect(status == .expired)
        await #expect(throws: CancellationError.self) { try await loop.value }
        await place.remove()
    }
}
