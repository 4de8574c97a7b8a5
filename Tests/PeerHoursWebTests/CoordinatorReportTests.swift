import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import PeerHoursWeb
import Testing

/// The coordinators' report page and its CSV downloads, over the real domain and a SQLite ledger
/// (reports read the ledger's tables).
@Suite struct CoordinatorReportTests {
    /// Network north-gp: coordinator Cy and six members who each completed a one-hour coaching
    /// session with the next (six givers, six receivers, one month); plain member Ann among them.
    /// Network south-gp: coordinator Oz. Network tiny: coordinator Ty and Uma, one session.
    struct World {
        let fixture: AppFixture
        let north: Network
        let tiny: Network
        let coordinator: Member
        let member: Member

        static let cy = "cy@example.nhs.uk", ann = "ann@example.nhs.uk", oz = "oz@example.nhs.uk", ty = "ty@example.nhs.uk"
        static let admin = "admin@example.org"

        func path(_ network: Network? = nil, _ query: String = "") -> String {
            CoordinatorPaths.report((network ?? north).id) + query
        }

        /// The month of the sessions (the ledger's clock), as the page names it.
        var monthLabel: String {
            ReportPageBuilder.monthLabel(ReportPeriod.month(Int64(fixture.now.timeIntervalSince1970)), words)
        }

        var words: Words {
            // The shipped en-GB words, as the pages load them.
            (try? MessageCatalogues.load(directories: [try WebResources.directory("Catalogues")]).defaultWords)!
        }

        func test(as email: String?, _ body: @escaping @Sendable (inout Browser) async throws -> Void) async throws {
            try await fixture.application().test(.router) { client in
                var browser = Browser(client)
                if let email { #expect(try await browser.signIn(email, AppFixture.password).status == .seeOther) }
                try await body(&browser)
            }
        }
    }

    static func world() async throws -> World {
        let fixture = try await AppFixture(members: .exchange, ledger: .sqlite, administrator: true)
        let north = try await fixture.network("north-gp")
        let south = try await fixture.network("south-gp")
        let tiny = try await fixture.network("tiny")
        let coordinator = try await fixture.member("Cy", in: north, role: .coordinator)
        _ = try await fixture.member("Oz", in: south, role: .coordinator)
        var members: [Member] = []
        for name in ["Ann", "Ben", "Cat", "Dev", "Eli", "Fay"] { members.append(try await fixture.member(name, in: north)) }
        for index in members.indices {
            try await fixture.completedSession(supporter: members[index], requester: members[(index + 1) % members.count], in: north)
        }
        let ty = try await fixture.member("Ty", in: tiny, role: .coordinator)
        let uma = try await fixture.member("Uma", in: tiny)
        try await fixture.completedSession(supporter: ty, requester: uma, in: tiny)
        return World(fixture: fixture, north: north, tiny: tiny, coordinator: coordinator, member: members[0])
    }

    /// Every catalogue key this page builds from parts.
    static let keysFromParts: [String] = {
        var keys: [String] = []
        for name in ["Hours", "Active", "Roles", "Balances", "Positions"] {
            keys += ["Heading", "Intro", "Empty"].map { "report" + name + $0 }
        }
        for role in ReportRole.allCases { keys.append("reportRoles_" + role.rawValue) }
        keys += ["from_format", "to_format", "to_future", "from_order", "from_length"].map { "reportError_" + $0 }
        keys += ["reportFromLabel", "reportFromHint", "reportToLabel", "reportToHint"]
        return keys
    }()

    /// A CSV file's records (RFC 4180: quoted fields, doubled quotes, CRLF).
    static func parseCSV(_ text: String) -> [[String]] {
        var records: [[String]] = [], record: [String] = [], field = "", quoted = false
        var characters = Array(text.unicodeScalars)[...]
        while let scalar = characters.popFirst() {
            if quoted {
                if scalar == "\"" {
                    if characters.first == "\"" { field.unicodeScalars.append("\""); characters.removeFirst() } else { quoted = false }
                } else { field.unicodeScalars.append(scalar) }
            } else if scalar == "\"" {
                quoted = true
            } else if scalar == "," {
                record.append(field); field = ""
            } else if scalar == "\r", characters.first == "\n" {
                characters.removeFirst(); record.append(field); records.append(record); record = []; field = ""
            } else { field.unicodeScalars.append(scalar) }
        }
        return records
    }

    // Proves the report page for a network with activity: the whole network's totals, what is
    // withheld and why, each chart as an SVG image with its title and description and a table of
    // the same figures beside it, a CSV link per table, no bare catalogue key; and that the view is
    // in the network's audit trail as the API's report view is.
    @Test func rendersTheReportWithChartsAndTables() async throws {
        let world = try await Self.world()
        defer { world.fixture.remove() }
        try await world.test(as: World.cy) { browser in
            let page = try await browser.get(world.path())
            #expect(page.status == .ok)
            let html = page.html
            #expect(html.contains("<h1>Report for Network north-gp</h1>"))
            #expect(html.contains("<dt>Members</dt><dd>7</dd>"))
            #expect(html.contains("<dt>Members who gave or received support in the period</dt><dd>6</dd>"))
            #expect(html.contains("<dt>Hours exchanged in the period</dt><dd>6 h</dd>"))
            #expect(html.contains("The whole network’s totals are shown"))
            #expect(html.contains("What is withheld and why"))
            for name in ["hours", "active", "roles", "balances", "positions"] {
                #expect(html.contains("<section id=\"report-\(name)\""), "\(name)")
            }
            // Four charts (no partner networks: no positions chart), each an image with a title and a description.
            #expect(html.components(separatedBy: "role=\"img\" aria-labelledby=\"chart-").count == 5)
            #expect(html.contains("<title id=\"chart-hours-title\">Hours by kind and month</title>"))
            #expect(html.contains("<desc id=\"chart-hours-desc\">Hours given in each month, by kind of support. No figure is withheld.</desc>"))
            #expect(html.contains("viewBox=\"0 0 360 "))
            #expect(html.contains("<rect class=\"chart-series-0\""))
            #expect(html.contains("This network has no partner networks yet."))
            // The hours table: month, kind, hours and movements, as the chart.
            #expect(html.contains("<th scope=\"row\">\(world.monthLabel)</th><td data-label=\"Kind of support\">Coaching</td><td class=\"numeric\" data-label=\"Hours\">6 h</td><td class=\"numeric\" data-label=\"Movements\">6</td>"))
            // Three columns stack on a phone; two stay a table.
            #expect(html.contains("<table class=\"table table-stacked report-table\">") && html.contains("<table class=\"table report-table\">"))
            #expect(html.contains("<th scope=\"row\">Whole period</th><td class=\"numeric\" data-label=\"Givers\">6</td><td class=\"numeric\" data-label=\"Receivers\">6</td>"))
            let id = world.north.id.rawValue
            for table in ReportTableName.allCases where table != .dormantMembers && table != .unconfirmedExchanges {
                #expect(html.contains("href=\"/coordinate/networks/\(id)/report/\(table.fileName)?from="), "\(table)")
            }
            #expect(PageResponse.firstMatch(#"(report[A-Z][A-Za-z]*(_[a-z]+)*)"#, in: html) == nil)
            // The form keeps the period shown.
            let period = try ReportPeriod.parse(fromMonth: nil, toMonth: nil, now: world.fixture.now)
            #expect(html.contains("value=\"\(period.fromMonth)\"") && html.contains("value=\"\(period.toMonth)\""))
        }
        let trail = try await world.fixture.domain.audit.trail(world.fixture.admin.actor, networkID: world.north.id,
                                                               page: PageRequest(size: 100))
        let views = trail.items.filter { $0.action == .reportViewed }
        #expect(views.map(\.actorID) == [world.coordinator.id])
        let words = world.words
        for key in Self.keysFromParts { #expect(words.messages[key] != nil, "\(key)") }
    }

    // Proves a small network's page says what is withheld and why: its totals (fewer than five
    // active members), and the hours cell of two people, each marked "withheld" in the table and
    // the chart; the page still renders every section.
    @Test func aSmallNetworkSeesWhatIsWithheldAndWhy() async throws {
        let world = try await Self.world()
        defer { world.fixture.remove() }
        try await world.test(as: World.ty) { browser in
            let page = try await browser.get(world.path(world.tiny))
            #expect(page.status == .ok)
            let html = page.html
            #expect(html.contains("Withheld: the network had fewer than five active members in this period."))
            #expect(html.contains("The whole network’s totals are withheld too, because fewer than five members were active in the period."))
            #expect(!html.contains("<dt>Hours exchanged in the period</dt>"))
            #expect(html.contains("Hours by kind and month: 1 of 1 figures withheld."))
            #expect(html.contains("a second figure is withheld beside a withheld one"))
            #expect(html.contains("<td data-label=\"Kind of support\">Coaching</td><td class=\"numeric\" data-label=\"Hours\">withheld</td><td class=\"numeric\" data-label=\"Movements\">withheld</td>"))
            #expect(html.contains("class=\"chart-withheld\""))
            #expect(html.contains("<desc id=\"chart-hours-desc\">Hours given in each month, by kind of support. Hours by kind and month: 1 of 1 figures withheld.</desc>"))
        }
    }

    /// Proves the report's urgent figures: one request raised and none acknowledged reads
    /// "withheld" and "none acknowledged yet"; once five more members ask and a lead acknowledges
    /// all six ten minutes after, the count and both times to acknowledgement are shown.
    @Test func showsUrgentRequestsAndHowFastTheyWereAcknowledged() async throws {
        let world = try await Self.world()
        defer { world.fixture.remove() }
        let domain = world.fixture.domain
        let north = world.north.id
        let members = try await domain.roster.roster(world.coordinator.actor, networkID: north, RosterQuery())
            .items.map(\.memberID).filter { $0 != world.coordinator.id }
        _ = try await domain.urgent.appointLead(world.coordinator.actor, networkID: north, memberID: world.coordinator.id)
        let first = try await domain.urgent.raise(world.member.actor, networkID: north, UrgentRequestDraft())
        try await world.test(as: World.cy) { browser in
            let html = try await browser.get(world.path()).html
            #expect(html.contains("<dt>Urgent requests raised</dt><dd>withheld</dd>"))
            #expect(html.contains("acknowledgement, median</dt><dd>none acknowledged yet</dd>"))
        }
        var raised = [first]
        for member in members where member != world.member.id {
            raised.append(try await domain.urgent.raise(Actor(memberID: member), networkID: north, UrgentRequestDraft()))
        }
        #expect(raised.count == 6)
        world.fixture.ledgerClock.advance(seconds: 600)
        for request in raised { _ = try await domain.urgent.acknowledge(world.coordinator.actor, id: request.id) }
        try await world.test(as: World.cy) { browser in
            let html = try await browser.get(world.path()).html
            #expect(html.contains("<dt>Urgent requests raised</dt><dd>6</dd>"))
            #expect(html.contains("acknowledgement, median</dt><dd>10 min</dd>"))
            #expect(html.contains("acknowledgement, 9 in 10 within</dt><dd>10 min</dd>"))
        }
    }

    // Proves each table downloads as CSV — an attachment, the domain's export byte for byte (as
    // the API's), parsed back to the table's rows — and that each download is audited as an export.
    @Test func csvDownloadsParseBack() async throws {
        let world = try await Self.world()
        defer { world.fixture.remove() }
        let period = try ReportPeriod.parse(fromMonth: nil, toMonth: nil, now: world.fixture.now)
        try await world.test(as: World.cy) { browser in
            for table in ReportTableName.allCases {
                let path = CoordinatorPaths.reportFile(world.north.id, table, from: period.fromMonth, to: period.toMonth)
                let file = try await browser.get(path)
                #expect(file.status == .ok)
                #expect(file.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(file.headers[.contentDisposition] == "attachment; filename=\"peerhours-\(world.north.id.rawValue)-\(table.fileName)\"")
                let expected = try await world.fixture.domain.reports.export(
                    world.coordinator.actor, networkID: world.north.id, table: table, fromMonth: period.fromMonth, toMonth: period.toMonth)
                #expect(Data(file.html.utf8) == expected.csv, "\(table)")
                #expect(Self.parseCSV(file.html) == [expected.columns] + expected.rows, "\(table)")
            }
            let hours = Self.parseCSV(try await browser.get(
                CoordinatorPaths.reportFile(world.north.id, .hoursByKind, from: nil, to: nil)).html)
            #expect(hours.first == ["month", "kind", "minutes", "transfers", "suppressed"])
            #expect(hours.dropFirst().map { Array($0.dropFirst()) } == [["coaching", "360", "6", "false"]])
        }
        let trail = try await world.fixture.domain.audit.trail(world.fixture.admin.actor, networkID: world.north.id,
                                                               page: PageRequest(size: 100))
        #expect(trail.items.filter { $0.action == .reportExported }.count == ReportTableName.allCases.count * 2 + 1)
    }

    // Proves who may not see a report or download its tables: signed out (to sign-in), a plain
    // member of the network (403, as the API), another network's coordinator and an unknown or
    // malformed network (404), an unknown table (404); an administrator may. A refused read is
    // not audited, and a refusal is checked before the period (a member's bad period is still 403).
    @Test func refusals() async throws {
        let world = try await Self.world()
        defer { world.fixture.remove() }
        let csv = CoordinatorPaths.reportFile(world.north.id, .hoursByKind, from: nil, to: nil)
        try await world.test(as: nil) { browser in
            for path in [world.path(), csv] {
                let page = try await browser.get(path)
                #expect(page.status == .seeOther && page.location == "/sign-in", "\(path)")
            }
        }
        try await world.test(as: World.ann) { browser in
            for path in [world.path(), csv, world.path(nil, "?from=2026-13")] {
                let status = try await browser.get(path).status
                #expect(status == .forbidden, "\(path)")
            }
        }
        try await world.test(as: World.oz) { browser in
            for path in [world.path(), csv] {
                let status = try await browser.get(path).status
                #expect(status == .notFound, "\(path)")
            }
        }
        try await world.test(as: World.cy) { browser in
            let tiny = try await browser.get(world.path(world.tiny)).status
            #expect(tiny == .notFound)
            for path in ["/coordinate/networks/abc/report", "/coordinate/networks/0/report", "/coordinate/networks/999999/report",
                         "/coordinate/networks/\(world.north.id.rawValue)/report/names.csv",
                         "/coordinate/networks/\(world.north.id.rawValue)/report/hours-by-kind"] {
                let status = try await browser.get(path).status
                #expect(status == .notFound, "\(path)")
            }
        }
        try await world.test(as: World.admin) { browser in
            let page = try await browser.get(world.path()).status
            let file = try await browser.get(csv).status
            let unknown = try await browser.get("/coordinate/networks/999999/report").status
            #expect(page == .ok && file == .ok && unknown == .notFound)
        }
        let trail = try await world.fixture.domain.audit.trail(world.fixture.admin.actor, networkID: world.north.id,
                                                               page: PageRequest(size: 100))
        let reads = trail.items.filter { $0.action == .reportViewed || $0.action == .reportExported }
        #expect(reads.map(\.actorID) == [world.fixture.admin.id, world.fixture.admin.id])
    }

    // Proves a period the domain refuses comes back as the form (422): the title starts
    // "Error:", the summary links to the field, the message is at the field, the input is kept
    // (escaped); each mistake has its own words. A bad period for a download is the 400 page.
    @Test(arguments: [
        ("?from=2026-13", "field-from", "Enter the first month as a year and month, for example 2026-01"),
        ("?from=%3Cb%3Ex", "field-from", "Enter the first month as a year and month, for example 2026-01"),
        ("?to=26-1", "field-to", "Enter the last month as a year and month, for example 2026-12"),
        ("?to=2199-12", "field-to", "The last month must be this month or before"),
        ("?from=2026-05&to=2026-04", "field-from", "The first month must be the same as or before the last month"),
        ("?from=2000-01&to=2026-04", "field-from", "A report covers at most 36 months: choose a later first month"),
    ])
    func badPeriods(query: String, field: String, message: String) async throws {
        let world = try await Self.world()
        defer { world.fixture.remove() }
        try await world.test(as: World.cy) { browser in
            let page = try await browser.get(world.path(nil, query))
            #expect(page.status == .unprocessableContent)
            #expect(page.html.contains("<title>Error: Report for Network north-gp"))
            #expect(page.html.contains("<li><a href=\"#\(field)\">\(message)</a></li>"))
            #expect(page.html.contains("id=\"\(field)-error\""))
            #expect(page.html.contains("aria-invalid=\"true\""))
            #expect(!page.html.contains("<b>x") && !page.html.contains("role=\"img\""))
            if query.hasPrefix("?from=%3C") { #expect(page.html.contains("value=\"&lt;b&gt;x\"")) }
            let file = try await browser.get(CoordinatorPaths.reportFile(world.north.id, .hoursByKind, from: nil, to: nil) + query)
            #expect(file.status == .badRequest)
        }
    }

    // Proves every mistake of the period shows at once, in field order, each at its field.
    @Test func everyMistakeAtOnce() async throws {
        let world = try await Self.world()
        defer { world.fixture.remove() }
        try await world.test(as: World.cy) { browser in
            let page = try await browser.get(world.path(nil, "?from=2026-13&to=2199-01"))
            #expect(page.status == .unprocessableContent)
            let first = try #require(page.html.range(of: "<li><a href=\"#field-from\">Enter the first month"))
            let second = try #require(page.html.range(of: "<li><a href=\"#field-to\">The last month must be this month or before"))
            #expect(first.upperBound < second.lowerBound)
            #expect(page.html.contains("id=\"field-from-error\"") && page.html.contains("id=\"field-to-error\""))
        }
    }

    // Proves the period's limits: 36 whole months to this month is shown, one month of the
    // period is shown, and an empty field is the default period (twelve months to today).
    @Test func periodLimits() async throws {
        let world = try await Self.world()
        defer { world.fixture.remove() }
        let standard = try ReportPeriod.parse(fromMonth: nil, toMonth: nil, now: world.fixture.now)
        let (year, month) = (Int(standard.toMonth.prefix(4))!, Int(standard.toMonth.suffix(2))!)
        let index = year * 12 + month - 1 - 35
        let earliest = String(format: "%04d-%02d", index / 12, index % 12 + 1)
        try await world.test(as: World.cy) { browser in
            let longest = try await browser.get(world.path(nil, "?from=\(earliest)&to=\(standard.toMonth)"))
            #expect(longest.status == .ok)
            #expect(longest.html.contains("value=\"\(earliest)\""))
            let one = try await browser.get(world.path(nil, "?from=\(standard.toMonth)&to=\(standard.toMonth)"))
            #expect(one.status == .ok && one.html.contains("<dd>6 h</dd>"))
            let blank = try await browser.get(world.path(nil, "?from=&to="))
            #expect(blank.status == .ok && blank.html.contains("value=\"\(standard.fromMonth)\""))
        }
    }
}

@Suite struct ReportChartTests {
    // Proves the chart geometry: columns sized to the longest label and value text, bars from the
    // zero line inside the bar area, the largest value reaching its right end, a negative value
    // to the left of zero, a withheld figure without a bar and its text drawn as withheld,
    // stacked segments one after another, and a view box that grows with the rows.
    @Test func geometry() {
        let grouped = BarChart(id: "c", title: "T", summary: "S", data: BarChartData(
            series: ["Settled", "Reserved"],
            rows: [.init(label: "east", values: [-300, nil], valueTexts: ["−5 h", "withheld"]),
                   .init(label: "a-very-long-partner-network-slug", values: [600, 0], valueTexts: ["10 h", "0 h"])],
            stacked: false))
        let columns = grouped.columns
        #expect(columns.labelRight == 4 + 140 && columns.barsLeft == 152)  // 18 characters at 8, at most 140
        #expect(columns.valueRight == 356 && columns.barsRight == 356 - 64 - 8)  // "withheld": 8 characters
        let span = Double(columns.barsRight - columns.barsLeft)
        #expect(grouped.zeroX == columns.barsLeft + Int((300.0 / 900.0 * span).rounded()))
        #expect(grouped.bars.count == 3)
        #expect(grouped.bars[0].x + grouped.bars[0].width == grouped.zeroX && grouped.bars[0].x == columns.barsLeft)
        #expect(grouped.bars[1].x == grouped.zeroX && grouped.bars[1].x + grouped.bars[1].width == columns.barsRight)
        #expect(grouped.bars[2].width == 0)
        #expect(grouped.texts.filter { $0.cssClass == "chart-withheld" }.map(\.text) == ["withheld"])
        #expect(grouped.texts.contains { $0.text == "a-very-long-partn…" && $0.anchor == "end" })
        #expect(grouped.bars.allSatisfy { $0.x >= columns.barsLeft && $0.x + $0.width <= columns.barsRight })
        #expect(grouped.hasLegend && grouped.legend.map(\.cssClass) == ["chart-series-0", "chart-series-1"])
        #expect(grouped.viewBox == "0 0 360 \(grouped.height)")

        let stacked = BarChart(id: "h", title: "T", summary: "S", data: BarChartData(
            series: ["A", "B", "C"],
            rows: [.init(label: "Jan", values: [120, 60, nil], valueTexts: ["3 h + withheld"]),
                   .init(label: "Feb", values: [240, 0, 0], valueTexts: ["4 h"])],
            stacked: true))
        #expect(stacked.zeroX == stacked.columns.barsLeft && stacked.columns.labelRight == 4 + 32)
        #expect(stacked.bars.map(\.cssClass) == ["chart-series-0", "chart-series-1", "chart-series-0"])
        #expect(stacked.bars[0].x + stacked.bars[0].width == stacked.bars[1].x)
        #expect(stacked.bars[2].x + stacked.bars[2].width == stacked.columns.barsRight)
        #expect(stacked.texts.filter { $0.cssClass == "chart-withheld" }.map(\.text) == ["3 h + withheld"])
        #expect(stacked.texts.filter { $0.cssClass == "chart-value" }.map(\.text) == ["4 h"])
        let taller = BarChart(id: "x", title: "T", summary: "S", data: BarChartData(
            series: ["A"], rows: (1...12).map { .init(label: "\($0)", values: [Int64($0)], valueTexts: ["\($0)"]) }, stacked: false))
        #expect(taller.height > stacked.height && !taller.hasLegend)
        #expect(taller.texts.filter { $0.anchor == "end" && $0.x == taller.columns.labelRight }.count == 12)
    }

    // Proves every figure withheld or zero still draws a chart (no division by zero): the zero
    // line at the left, no bar wider than nothing.
    @Test func nothingToScale() {
        let chart = BarChart(id: "z", title: "T", summary: "S", data: BarChartData(
            series: ["A"], rows: [.init(label: "a", values: [nil], valueTexts: ["withheld"]), .init(label: "b", values: [0], valueTexts: ["0"])],
            stacked: false))
        #expect(chart.zeroX == chart.columns.barsLeft)
        #expect(chart.bars.allSatisfy { $0.width == 0 })
    }
}
