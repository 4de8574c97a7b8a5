import Exchange
import ExchangeSQLite
import Foundation
import Ledger
import Testing

@Suite("Reports")
struct ReportTests {
    /// Proves every section's SQL aggregate equals an independent fold over the ledger's transfers
    /// and accounts and the domain's exchanges and memberships, on generated history, for the whole
    /// span and for periods whose edges fall inside it (a transfer exactly at a period's first
    /// instant counts, one at its end does not: both sides use [start, end)).
    @Test func sectionsAgreeWithAFoldOverTheLedger() async throws {
        let scenario = try await ReportScenario.make(seed: 20_261_127)
        defer { scenario.remove() }
        let fold = try ReportFold(ledgerPath: scenario.ledgerPath, networkID: scenario.network.id,
                                  store: scenario.world.store, memberIDs: scenario.members.map(\.memberID))
        let store = scenario.reports
        let id = scenario.network.id
        let now = Int64(scenario.world.now.timeIntervalSince1970)
        let posted = fold.moves(0, now + 1)
        // The generated history is not trivial: the comparison below could fail.
        #expect(posted.count > 40)
        let first = posted.map(\.timestampSeconds).min()!
        let day = ReportPeriod.secondsPerDay
        let periods: [(Int64, Int64)] = [
            (first / day * day, (now / day + 1) * day),
            (first / day * day + 20 * day, first / day * day + 75 * day),
            ((now / day - 40) * day, (now / day - 3) * day),
        ]
        for (start, end) in periods {
            let hours = try await fold.hours(start, end)
            let dormant = try await fold.dormant(start, end)
            let unconfirmed = try await fold.unconfirmed(start, end, now: now)
            try await store.read { (data: any ReportSnapshot) throws in
                #expect(try data.activeMemberCount(networkID: id, startSeconds: start, endSeconds: end)
                    == fold.active(start, end).count)
                #expect(Set(try data.hoursByKindAndMonth(networkID: id, startSeconds: start, endSeconds: end)) == hours)
                #expect(Set(try data.giversAndReceivers(networkID: id, startSeconds: start, endSeconds: end))
                    == fold.roles(start, end))
                #expect(try data.dormantMemberCount(networkID: id, startSeconds: start, endSeconds: end) == dormant)
                #expect(try data.unconfirmedExchanges(networkID: id, startSeconds: start, endSeconds: end, nowSeconds: now)
                    == unconfirmed)
            }
        }
        // A period starting exactly at a movement's instant includes it; one ending there excludes it.
        let edge = posted[posted.count / 2].timestampNanoseconds
        let edgeSeconds = edge / 1_000_000_000
        if edge % 1_000_000_000 == 0 {
            #expect(fold.moves(edgeSeconds, edgeSeconds + 1).count >= 1)
            try await store.read { (data: any ReportSnapshot) throws in
                #expect(try data.activeMemberCount(networkID: id, startSeconds: edgeSeconds, endSeconds: edgeSeconds + 1)
                    == fold.active(edgeSeconds, edgeSeconds + 1).count)
                #expect(try data.activeMemberCount(networkID: id, startSeconds: edgeSeconds - 1, endSeconds: edgeSeconds)
                    == fold.active(edgeSeconds - 1, edgeSeconds).count)
            }
        }
        let edges = ReportBuilder.balanceEdgesMinutes
        let balances = try await store.read { try $0.balanceDistribution(networkID: id, edgesMinutes: edges) }
        #expect(balances == fold.balances(edges: edges))
        let positions = Set(try await store.read { try $0.clearingPositions(networkID: id) })
        #expect(positions == fold.positions(slugs: [scenario.other.id.rawValue: scenario.other.slug]))
        #expect(positions.count == 2)
        let unconfirmed = try await fold.unconfirmed(periods[0].0, periods[0].1, now: now)
        #expect(unconfirmed.exchanges > 0, "the scenario leaves some exchanges unconfirmed")
    }

    /// Proves the report withholds exactly the figures about 1–4 people, on the same generated
    /// data: each hours cell is shown iff the fold counts 0 or ≥ 5 people in it; the partner with
    /// five paying members is shown (two clearing accounts summed), the one with two is withheld.
    @Test func reportSuppressesSmallCellsOfTheGeneratedData() async throws {
        let scenario = try await ReportScenario.make(seed: 7, exchanges: 50)
        defer { scenario.remove() }
        let fold = try ReportFold(ledgerPath: scenario.ledgerPath, networkID: scenario.network.id,
                                  store: scenario.world.store, memberIDs: scenario.members.map(\.memberID))
        let period = try ReportPeriod.parse(from: "2023-01-01", to: "2025-12-31", now: scenario.world.now)
        let report = try await ReportBuilder(store: scenario.reports).report(
            networkID: scenario.network.id, slug: scenario.network.slug, period: period, now: scenario.world.now)
        let expected = try await fold.hours(period.startSeconds, period.endSeconds)
        #expect(report.hoursByKindAndMonth.count == expected.count)
        for cell in expected {
            let shown = try #require(report.hoursByKindAndMonth.first { $0.month == cell.month && $0.kind == cell.kind })
            #expect(shown.minutes.value == (Suppression.needed(people: cell.people) ? nil : cell.minutes))
            #expect(shown.transfers.suppressed == Suppression.needed(people: cell.people))
        }
        #expect(expected.contains { Suppression.needed(people: $0.people) }, "some cell is small enough to withhold")
        #expect(expected.contains { !Suppression.needed(people: $0.people) }, "some cell is shown")
        let partner = try #require(report.crossNetworkPositions.first { $0.partnerNetworkID == scenario.other.id })
        #expect(partner.postedMinutes.value == 50)
        #expect(partner.partnerSlug == scenario.other.slug)
        let unknown = try #require(report.crossNetworkPositions.first { $0.partnerNetworkID == NetworkID(777) })
        #expect(unknown.postedMinutes.suppressed && unknown.pendingMinutes.suppressed && unknown.partnerSlug == nil)
        let tables = ReportTables.all(report)
        #expect(tables.map(\.name) == ReportTableName.allCases)
        for table in tables {
            #expect(table.columns.last == "suppressed")
        }
    }

    /// Proves who may read reports: the network's coordinator and administrators; a member of the
    /// network is refused as forbidden, another network's coordinator as not found (they may not
    /// know it exists); each read and export is in the network's audit trail, refusals are not.
    @Test func onlyCoordinatorsAndAdministratorsReadReportsAndEachReadIsAudited() async throws {
        let scenario = try await ReportScenario.make(seed: 3, exchanges: 6)
        defer { scenario.remove() }
        let world = scenario.world
        let domain = ExchangeDomain(store: world.store, ledger: world.ledger, reportStore: scenario.reports)
        let network = scenario.network.id
        let member = scenario.members[0]
        #expect(await refusal { _ = try await domain.reports.report(member, networkID: network, from: nil, to: nil) }?.isForbidden == true)
        #expect(await refusal {
            _ = try await domain.reports.export(member, networkID: network, table: .hoursByKind, from: nil, to: nil)
        }?.isForbidden == true)
        #expect(await refusal {
            _ = try await domain.reports.report(scenario.otherCoordinator, networkID: network, from: nil, to: nil)
        }?.isNotFound == true)
        #expect(await refusal {
            _ = try await domain.reports.export(scenario.otherCoordinator, networkID: network, table: .activeMembers, from: nil, to: nil)
        }?.isNotFound == true)
        #expect(await refusal {
            _ = try await domain.reports.report(world.admin, networkID: NetworkID(999), from: nil, to: nil)
        }?.isNotFound == true)
        // A bad period is refused only to those who may read the report.
        #expect(await refusal {
            _ = try await domain.reports.report(scenario.coordinator, networkID: network, from: "2026-02-30", to: nil)
        }?.validationField == "from")
        let before = try await world.store.auditEvents(networkID: network, afterID: nil, limit: 1000).count

        let report = try await domain.reports.report(scenario.coordinator, networkID: network, from: nil, to: nil)
        #expect(report.networkSlug == scenario.network.slug)
        _ = try await domain.reports.report(world.admin, networkID: network, from: "2023-01-01", to: "2023-12-31")
        let table = try await domain.reports.export(scenario.coordinator, networkID: network, table: .balanceDistribution,
                                                    from: nil, to: nil)
        #expect(table.name == .balanceDistribution)
        let events = try await world.store.auditEvents(networkID: network, afterID: nil, limit: 1000).dropFirst(before)
        #expect(events.map(\.action) == [.reportViewed, .reportViewed, .reportExported])
        #expect(events.map(\.actorID) == [scenario.coordinator.memberID, world.admin.memberID, scenario.coordinator.memberID])
        #expect(events.last?.detail?.hasPrefix("balance-distribution, period ") == true)
        #expect(events.allSatisfy { $0.subjectMemberID == nil })
    }
}

@Suite("Report suppression and periods")
struct ReportRuleTests {
    /// Proves the boundary of the rule: 1–4 people withheld, 0 and 5 shown.
    @Test(arguments: [(0, false), (1, true), (4, true), (5, false), (6, false)])
    func suppressionBoundary(people: Int, withheld: Bool) {
        #expect(Suppression.needed(people: people) == withheld)
        #expect(Suppression.count(people).suppressed == withheld)
        #expect(Suppression.figure(300, people: people).value == (withheld ? nil : 300))
    }

    /// Proves one withheld cell of a published total takes the smallest non-zero shown cell with
    /// it, so it cannot be recovered by subtraction; two or more withheld cells are left as they are.
    @Test func complementarySuppression() {
        let one = Suppression.complementary([.init(value: 9), .withheld, .init(value: 6), .init(value: 0)])
        #expect(one == [.init(value: 9), .withheld, .withheld, .init(value: 0)])
        let two = [ReportFigure.withheld, .init(value: 7), .withheld]
        #expect(Suppression.complementary(two) == two)
        let none = [ReportFigure(value: 5), .init(value: 8)]
        #expect(Suppression.complementary(none) == none)
    }

    /// Proves the builder's rules on a fixed store: the 30-day count is withheld when it differs
    /// from the 90-day count by 1–4; histogram buckets get complementary suppression; the total is
    /// the sum; cells with exactly 4 people are withheld, and since the network's totals are shown
    /// (nine active members) the one shown hours cell is withheld with it (540 − 300 would give it).
    @Test func builderAppliesTheRules() async throws {
        let store = FixedReportStore(active30: 6, active90: 9, buckets: [0, 0, 3, 7, 0, 12, 5, 0, 0])
        let period = try ReportPeriod.parse(from: "2026-01-01", to: "2026-06-30", now: Date())
        let report = try await ReportBuilder(store: store).report(networkID: NetworkID(1), slug: "n", period: period, now: Date())
        #expect(report.activeMembers.map(\.members) == [.withheld, .init(value: 9)])
        #expect(report.balanceDistribution.buckets.map(\.members.value) == [0, 0, nil, 7, 0, 12, nil, 0, 0])
        #expect(report.balanceDistribution.members.value == 27)
        #expect(report.hoursByKindAndMonth.map(\.minutes.value) == [nil, nil])
        #expect(report.totals.minutes.value == 540 && report.totals.members.value == 27)
        #expect(report.giversAndReceivers.map(\.members.value) == [nil, 5, nil, nil])
        #expect(report.unconfirmedExchanges.minutes.suppressed)
        let apart = FixedReportStore(active30: 5, active90: 10, buckets: Array(repeating: 5, count: 9))
        let second = try await ReportBuilder(store: apart).report(networkID: NetworkID(1), slug: "n", period: period, now: Date())
        #expect(second.activeMembers.map(\.members.value) == [5, 10])
    }

    /// Proves period parsing: defaults (twelve calendar months to today), inclusive days, leap days,
    /// and refusals of malformed, impossible, reversed and over-long periods.
    @Test func periods() throws {
        let now = Date(timeIntervalSince1970: 1_795_780_800)  // 2026-11-27T12:00:00Z
        let standard = try ReportPeriod.parse(from: nil, to: nil, now: now)
        #expect(standard.from == "2025-12-01" && standard.to == "2026-11-27")
        let january = try ReportPeriod.parse(from: nil, to: "2026-01-15", now: now)
        #expect(january.from == "2025-02-01")
        let leap = try ReportPeriod.parse(from: "2024-02-29", to: "2024-02-29", now: now)
        #expect(leap.days == 1 && leap.startSeconds == 1_709_164_800)
        for (from, to, field) in [("2026-13-01", "2026-12-01", "from"), ("2025-02-29", nil, "from"), ("26-01-01", nil, "from"),
                                  ("2026-01-01", "2026-1-1", "to"), ("2026-05-01", "2026-04-30", "from"),
                                  ("2020-01-01", "2026-01-01", "from"), ("１９９９-01-01", nil, "from")] as [(String, String?, String)] {
            let error = #expect(throws: ExchangeError.self, "\(from)..\(to ?? "")") {
                _ = try ReportPeriod.parse(from: from, to: to, now: now)
            }
            #expect(error?.validationField == field)
        }
    }
}

/// A report store answering fixed figures.
struct FixedReportStore: ReportStore, ReportSnapshot {
    var active30: Int
    var active90: Int
    var buckets: [Int]
    /// Members active in a window of any other length (a whole period); nil: `active90`.
    var activeOther: Int? = nil
    var cells = [RawHoursCell(month: "2026-02", kind: "mentoring", minutes: 300, transfers: 5, people: 5),
                 RawHoursCell(month: "2026-01", kind: "coaching", minutes: 240, transfers: 4, people: 4)]

    func read<T: Sendable>(_ body: @Sendable (any ReportSnapshot) throws -> T) async throws -> T { try body(self) }

    func activeMemberCount(networkID: NetworkID, startSeconds: Int64, endSeconds: Int64) throws -> Int {
        switch (endSeconds - startSeconds) / ReportPeriod.secondsPerDay {
        case 30: active30
        case 90: active90
        default: activeOther ?? active90
        }
    }
    func hoursByKindAndMonth(networkID: NetworkID, startSeconds: Int64, endSeconds: Int64) throws -> [RawHoursCell] { cells }
    func giversAndReceivers(networkID: NetworkID, startSeconds: Int64, endSeconds: Int64) throws -> [RawRoleCount] {
        [RawRoleCount(month: "2026-01", role: .giver, people: 4), RawRoleCount(month: "2026-01", role: .receiver, people: 5),
         RawRoleCount(month: nil, role: .giver, people: 1), RawRoleCount(month: nil, role: .receiver, people: 2)]
    }
    func balanceDistribution(networkID: NetworkID, edgesMinutes: [Int64]) throws -> RawBalanceDistribution {
        RawBalanceDistribution(bucketCounts: buckets, atFloor: 0, atCeiling: 0)
    }
    func dormantMemberCount(networkID: NetworkID, startSeconds: Int64, endSeconds: Int64) throws -> Int { 0 }
    func unconfirmedExchanges(networkID: NetworkID, startSeconds: Int64, endSeconds: Int64,
                              nowSeconds: Int64) throws -> RawUnconfirmed {
        RawUnconfirmed(exchanges: 2, minutes: 120, people: 4)
    }
    func clearingPositions(networkID: NetworkID) throws -> [RawPosition] { [] }
    var urgent = RawUrgentRequests(requests: 0, members: 0, acknowledgementMinutes: [], acknowledgedMembers: 0)
    func urgentRequests(networkID: NetworkID, startSeconds: Int64, endSeconds: Int64) throws -> RawUrgentRequests { urgent }
}
