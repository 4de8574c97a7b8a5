import Exchange
import Foundation
import Ledger
import Testing

@Suite("Report totals, months and CSV")
struct ReportTotalsTests {
    static let period = ReportPeriod(startSeconds: 1_767_225_600, endSeconds: 1_767_225_600 + 120 * 86_400)  // 2026-01-01, 120 days

    static func report(active: Int, cells: [RawHoursCell], buckets: [Int] = [0, 0, 0, 3, 0, 4, 0, 0, 0]) async throws -> NetworkReport {
        let store = FixedReportStore(active30: 90, active90: 90, buckets: buckets, activeOther: active, cells: cells)
        return try await ReportBuilder(store: store).report(networkID: NetworkID(1), slug: "n", period: period, now: Date())
    }

    static let cells = [
        RawHoursCell(month: "2026-01", kind: "coaching", minutes: 600, transfers: 8, people: 7),
        RawHoursCell(month: "2026-01", kind: "mentoring", minutes: 120, transfers: 2, people: 3),
        RawHoursCell(month: "2026-02", kind: "coaching", minutes: 420, transfers: 6, people: 6),
        RawHoursCell(month: "2026-02", kind: "peer_support", minutes: 0, transfers: 0, people: 0),
    ]

    // Proves a network of at least five active members sees its totals — members now, active
    // members, minutes and movements — even with a cell withheld, and that the one withheld cell
    // takes the smallest non-zero shown cell with it (so the total minus the rest does not give it).
    @Test func totalsShownWithComplementaryCells() async throws {
        let report = try await Self.report(active: 5, cells: Self.cells)
        #expect(!report.totals.withheld)
        #expect(report.totals.members.value == 7 && report.totals.activeMembers.value == 5)
        #expect(report.totals.minutes.value == 1_140 && report.totals.transfers.value == 16)
        #expect(report.hoursByKindAndMonth.map(\.minutes.value) == [600, nil, nil, 0])
        #expect(report.hoursByKindAndMonth.map(\.transfers.value) == [8, nil, nil, 0])
        // The balance buckets of three and four people stay withheld, their total (seven) is shown.
        #expect(report.balanceDistribution.members.value == 7)
    }

    // Proves the boundary of the network rule: four active members (or none) withhold every
    // total; the cells then keep only the primary rule (no total to subtract them from).
    @Test(arguments: [0, 1, 4])
    func totalsWithheldForASmallNetwork(active: Int) async throws {
        let report = try await Self.report(active: active, cells: Self.cells)
        #expect(report.totals.withheld)
        let figures = [report.totals.members, report.totals.activeMembers, report.totals.minutes, report.totals.transfers]
        #expect(figures.allSatisfy { $0.suppressed })
        #expect(report.hoursByKindAndMonth.map(\.minutes.value) == [600, nil, 420, 0])
    }

    // Proves the export table of hours withholds the same cells as the whole report.
    @Test func theHoursTableAgreesWithTheReport() async throws {
        let store = FixedReportStore(active30: 90, active90: 90, buckets: Array(repeating: 0, count: 9), activeOther: 9, cells: Self.cells)
        let table = try await ReportBuilder(store: store).table(.hoursByKind, networkID: NetworkID(1), period: Self.period, now: Date())
        #expect(table.rows.map { $0[2] } == ["600", "", "", "0"])
        #expect(table.rows.map { $0[4] } == ["false", "true", "true", "false"])
    }

    // Proves whole-month periods: defaults (twelve months to today), this month counted to today,
    // an earlier month to its last day (leap February too), and refusals by field — malformed,
    // impossible, after this month, reversed, longer than 36 months.
    @Test func monthPeriods() throws {
        let now = Date(timeIntervalSince1970: 1_795_780_800)  // 2026-11-27T12:00:00Z
        let standard = try ReportPeriod.parse(fromMonth: nil, toMonth: nil, now: now)
        #expect(standard.from == "2025-12-01" && standard.to == "2026-11-27")
        #expect(standard.fromMonth == "2025-12" && standard.toMonth == "2026-11")
        let leap = try ReportPeriod.parse(fromMonth: "2024-02", toMonth: "2024-02", now: now)
        #expect(leap.from == "2024-02-01" && leap.to == "2024-02-29" && leap.days == 29)
        let year = try ReportPeriod.parse(fromMonth: nil, toMonth: "2026-03", now: now)
        #expect(year.from == "2025-04-01" && year.to == "2026-03-31")
        let longest = try ReportPeriod.parse(fromMonth: "2023-12", toMonth: "2026-11", now: now)
        #expect(longest.from == "2023-12-01")
        for (from, to, field) in [("2026-13", nil, "from"), ("26-01", nil, "from"), ("2026-1", nil, "from"), ("1999-12", nil, "from"),
                                  ("２０２６-01", nil, "from"), ("2026-01-01", nil, "from"), (nil, "2026-12", "to"),
                                  (nil, "x", "to"), ("2026-05", "2026-04", "from"), ("2023-11", "2026-11", "from")]
            as [(String?, String?, String)] {
            let error = #expect(throws: ExchangeError.self, "\(from ?? "")..\(to ?? "")") {
                _ = try ReportPeriod.parse(fromMonth: from, toMonth: to, now: now)
            }
            #expect(error?.validationField == field)
        }
    }

    // Proves every mistake of a month period is found at once, `from`'s first; none for a good one.
    @Test func everyMonthProblemAtOnce() {
        let now = Date(timeIntervalSince1970: 1_795_780_800)  // 2026-11-27T12:00:00Z
        let both = ReportPeriod.problems(fromMonth: "2026-13", toMonth: "2027-01", now: now)
        #expect(both.map(\.field) == ["from", "to"])
        #expect(ReportPeriod.problems(fromMonth: "2026-05", toMonth: "2026-04", now: now).map(\.field) == ["from"])
        #expect(ReportPeriod.problems(fromMonth: nil, toMonth: "x", now: now).map(\.field) == ["to"])
        #expect(ReportPeriod.problems(fromMonth: "2026-01", toMonth: nil, now: now).isEmpty)
    }

    // Proves a report table's CSV neutralises a text field a spreadsheet would run (a kind or a
    // partner slug starting = + - @, a tab or a carriage return) and leaves numbers, negative
    // ones too, as numbers; parsed back, the cells are the table's.
    @Test func reportCSVNeutralisesFormulas() {
        let table = ReportTable(name: .crossNetworkPositions, columns: ["partner_slug", "posted_minutes"],
                                rows: [["=HYPERLINK(\"x\")", "-90"], ["+east", "0"], ["@west", "15"], ["\rcr", "1"], ["\tt", "2"],
                                       ["-north", "-5"], ["plain", "7"]])
        let text = String(decoding: table.csv, as: UTF8.self)
        #expect(text == "partner_slug,posted_minutes\r\n\"'=HYPERLINK(\"\"x\"\")\",-90\r\n'+east,0\r\n'@west,15\r\n\"'\rcr\",1\r\n"
            + "'\tt,2\r\n'-north,-5\r\nplain,7\r\n")
    }
}
