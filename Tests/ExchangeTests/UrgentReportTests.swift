@testable import Exchange
import ExchangePostgres
import ExchangeSQLite
import Foundation
import Ledger
import LedgerSQLite
import TestSupport
import Testing

@Suite struct UrgentReportTests {
    // Proves the nearest-rank percentile picks an observed value: the median of six is the
    // third, the 90th percentile of six the sixth, of one its only value, of none nothing.
    @Test func nearestRank() {
        let six: [Int64] = [10, 20, 30, 40, 50, 600]
        #expect(ReportBuilder.nearestRank(six, percent: 50) == 30)
        #expect(ReportBuilder.nearestRank(six, percent: 90) == 600)
        #expect(ReportBuilder.nearestRank([7], percent: 90) == 7)
        #expect(ReportBuilder.nearestRank([], percent: 50) == nil)
        #expect(ReportBuilder.nearestRank(Array(1...10), percent: 90) == 9)
    }

    // Proves the report's urgent figures are withheld when they describe one to four members
    // (the count by who asked, the times by who was acknowledged) and shown from five; with
    // nothing acknowledged the times are absent.
    @Test func suppressedUnderFive() async throws {
        let period = ReportPeriod(startSeconds: 1_728_000_000, endSeconds: 1_736_640_000)
        var store = FixedReportStore(active30: 6, active90: 9, buckets: [0, 0, 3, 7, 0, 12, 5, 0, 0])
        store.urgent = RawUrgentRequests(requests: 7, members: 6, acknowledgementMinutes: [600, 10, 30, 20], acknowledgedMembers: 4)
        var report = try await ReportBuilder(store: store).report(networkID: NetworkID(1), slug: "a", period: period, now: Date())
        #expect(report.urgentRequests.requests.value == 7)
        #expect(report.urgentRequests.medianMinutesToAcknowledge?.suppressed == true)
        store.urgent = RawUrgentRequests(requests: 6, members: 6, acknowledgementMinutes: [50, 600, 10, 30, 20, 40], acknowledgedMembers: 6)
        report = try await ReportBuilder(store: store).report(networkID: NetworkID(1), slug: "a", period: period, now: Date())
        #expect(report.urgentRequests.medianMinutesToAcknowledge?.value == 30)
        #expect(report.urgentRequests.p90MinutesToAcknowledge?.value == 600)
        store.urgent = RawUrgentRequests(requests: 3, members: 3, acknowledgementMinutes: [], acknowledgedMembers: 0)
        report = try await ReportBuilder(store: store).report(networkID: NetworkID(1), slug: "a", period: period, now: Date())
        #expect(report.urgentRequests.requests.suppressed)
        #expect(report.urgentRequests.medianMinutesToAcknowledge == nil && report.urgentRequests.p90MinutesToAcknowledge == nil)
    }

    // Proves the store's figures: requests raised in the period by whom, and each acknowledged
    // one's whole minutes of waiting; a request raised after the period is not counted.
    @Test func storeCountsThePeriod() async throws {
        let ledgerDirectory = try TemporaryDirectory(prefix: "peerhours-urgent-ledger").path
        defer { try? FileManager.default.removeItem(atPath: ledgerDirectory) }
        let ledgerStore = try await SQLiteLedgerStore.open(
            directory: ledgerDirectory, options: .init(durability: .normalLosesRecentCommitsOnPowerLoss))
        let world = try await World(ledgerStore: ledgerStore)
        defer { world.remove() }
        let u = try await world.urgentNetwork()
        let start = Int64(world.now.timeIntervalSince1970)
        var askers: [Actor] = [u.member, u.bystander]
        for index in 0..<3 { askers.append(try await world.member("Asker \(index)", in: u.network)) }
        for (index, asker) in askers.enumerated() {
            let raised = try await world.domain.urgent.raise(asker, networkID: u.network.id, UrgentRequestDraft())
            world.clock.advance(seconds: Int64(index + 1) * 600 + 59)
            if index < 4 { _ = try await world.domain.urgent.acknowledge(u.lead, id: raised.id) }
        }
        let end = Int64(world.now.timeIntervalSince1970) + 1
        world.advance(hours: 1)
        _ = try await world.domain.urgent.raise(u.coordinator, networkID: u.network.id, UrgentRequestDraft())
        // The urgent figures read the exchange tables only: on PostgreSQL no ledger tables are needed.
        let reports: any ReportStore = if let postgres = world.postgres {
            PostgresReportStore(database: postgres.database)
        } else {
            try SQLiteReportStore(exchangePath: world.sqlite.path,
                                  ledgerPath: (ledgerDirectory as NSString).appendingPathComponent("ledger.sqlite"))
        }
        let raw = try await reports.read { try $0.urgentRequests(networkID: u.network.id, startSeconds: start, endSeconds: end) }
        #expect(raw.requests == 5 && raw.members == 5 && raw.acknowledgedMembers == 4)
        #expect(raw.acknowledgementMinutes.sorted() == [10, 20, 30, 40])
    }
}
