import Exchange
import ExchangePostgres
import ExchangeSQLite
import Foundation
import Identity
import Ledger
import LedgerPostgres
import LedgerSQLite
import Logging
import PeerHoursAPI
import PostgresSupport
import StoreMigration
import TestSupport
import Testing

/// `peerhours migrate` on generated data: the demo's history (two networks, about 45 members, four
/// months of one-to-one, group and cross-network sessions, corrections, the audit trail, logins)
/// seeded into SQLite as `serve --demo` does, moved into PostgreSQL, then read back through both
/// stores' own repositories: every account, member, membership, exchange, audit event and report
/// figure is equal, and the ledger verifies to the same head.
@Suite(.enabled(if: TestPostgres.isSelected, "needs PEERHOURS_TEST_DATABASE_URL"))
struct SQLiteToPostgresMigrationTests {
    static let logger = Logger(label: "migrate-tests")

    @Test func aSeededDirectoryMovesWholeAndEqual() async throws {
        let directory = try TemporaryDirectory(prefix: "migrate")
        var configuration = AppConfiguration(
            dataDirectory: directory.path, identity: IdentityConfiguration(bcryptCost: .reducedForTestsOnly(4)))
        configuration.historyClock = HistoryClock()
        let dependencies = try await openDependencies(configuration, logger: Self.logger)
        guard case .seeded = try await seedDemo(configuration, dependencies: dependencies, logger: Self.logger) else {
            Issue.record("the demo did not seed")
            return
        }
        let location = try await TestPostgres.freshLocation()
        let report = try await SQLiteToPostgresMigration.run(dataDirectory: directory.path, location: location, logger: Self.logger)
        #expect(report.tables.contains { $0.table == "ledger_transfers" && $0.rows > 100 })
        #expect(report.tables.contains { $0.store == "exchange" && $0.table == "members" && $0.rows > 40 })
        // The eight demo logins, their sessions and the outbox of their emails.
        #expect(report.tables.contains { $0.store == "identity" && $0.rows >= 8 })
        #expect(report.tables.reduce(0) { $0 + $1.rows } > 1_000)

        // The ledger: same head, every account of every network equal.
        let sqliteLedger = try await SQLiteLedgerStore.open(directory: directory.path)
        let postgresLedger = try await PostgresLedgerStore.open(location)
        defer { postgresLedger.close() }
        #expect(try await postgresLedger.journalHead() == (try await sqliteLedger.journalHead()))
        let sqliteExchange = try SQLiteExchangeStore.open(directory: directory.path)
        let postgresExchange = try await PostgresExchangeStore.open(location)
        defer { postgresExchange.close() }
        let networks = try await sqliteExchange.networks(only: nil, afterID: nil, limit: 100)
        #expect(networks.count == 2)
        #expect(try await postgresExchange.networks(only: nil, afterID: nil, limit: 100) == networks)
        var memberIDs = Set<MemberID>()
        for network in networks {
            #expect(try await postgresLedger.accounts(in: network.id, afterID: nil, limit: 10_000)
                == (try await sqliteLedger.accounts(in: network.id, afterID: nil, limit: 10_000)))
            let memberships = try await sqliteExchange.memberships(in: network.id, afterMemberID: nil, limit: 10_000)
            #expect(!memberships.isEmpty)
            #expect(try await postgresExchange.memberships(in: network.id, afterMemberID: nil, limit: 10_000) == memberships)
            memberIDs.formUnion(memberships.map(\.memberID))

            // Every report figure, over the last twelve months (the demo's history is four).
            let now = Date()
            let period = try ReportPeriod.parse(from: nil, to: nil, now: now)
            let sqliteReport = try await ReportBuilder(store: try SQLiteReportStore.open(directory: directory.path))
                .report(networkID: network.id, slug: network.slug, period: period, now: now)
            let postgresReport = try await ReportBuilder(store: PostgresReportStore.open(location))
                .report(networkID: network.id, slug: network.slug, period: period, now: now)
            #expect(postgresReport == sqliteReport)
        }
        #expect(memberIDs.count > 40)
        let ids = memberIDs.sorted { $0.rawValue < $1.rawValue }
        #expect(try await postgresExchange.members(ids) == (try await sqliteExchange.members(ids)))
        var exchanges = 0
        for id in ids {
            let stored = try await sqliteExchange.exchanges(involving: id, afterID: nil, limit: 1_000)
            exchanges += stored.count
            #expect(try await postgresExchange.exchanges(involving: id, afterID: nil, limit: 1_000) == stored, "member \(id)")
        }
        #expect(exchanges > 20)
        #expect(try await postgresExchange.auditEvents(networkID: nil, afterID: nil, limit: 10_000)
            == (try await sqliteExchange.auditEvents(networkID: nil, afterID: nil, limit: 10_000)))

        // Ids continue after the copied ones: a new network takes the next id.
        let next = try await postgresExchange.allocateAccountIDs(count: 1)
        let highest = try await sqliteExchange.allocateAccountIDs(count: 1)
        #expect(next == highest)

        // A second run into the same database is refused and changes nothing.
        await #expect(throws: StoreMigrationError.self) {
            _ = try await SQLiteToPostgresMigration.run(dataDirectory: directory.path, location: location, logger: Self.logger)
        }
        #expect(try await postgresLedger.verify().head == report.verification.head)
    }

    @Test func aDirectoryWithoutALedgerIsRefused() async throws {
        let directory = try TemporaryDirectory(prefix: "migrate-empty")
        await #expect(throws: StoreMigrationError.missingSource(directory.file("ledger.sqlite"))) {
            _ = try await SQLiteToPostgresMigration.run(
                dataDirectory: directory.path, location: try await TestPostgres.freshLocation(), logger: Self.logger)
        }
    }
}
