import Exchange
import Foundation
import Ledger

/// The report page's view model from the domain's `NetworkReport` (figures already withheld by
/// the domain's `Suppression`): words, hours in words, and the charts' geometry. Pure.
struct ReportPageBuilder {
    var words: Words
    var networkID: NetworkID
    /// Partner networks' names by id (the directory's), so positions read by name; a partner
    /// not listed reads by its slug.
    var partnerNames: [NetworkID: String] = [:]

    static let fieldOrder = ["from", "to"]

    /// The catalogue's message for the period the domain refused, by field and by what was wrong.
    static func messageKey(_ error: ValidationError) -> String {
        let reason = error.reason
        let problem = reason.hasPrefix("must be a month") ? "format"
            : reason.contains("after this month") ? "future"
            : reason.contains("on or before") ? "order" : "length"
        return "reportError_\(error.field == "to" ? "to" : "from")_\(problem)"
    }

    func form(networkName: String, from: String?, to: String?, errors: FormErrors) -> ReportPageView {
        ReportPageView(
            title: words.format("reportTitle", ["network": networkName]),
            formAction: CoordinatorPaths.report(networkID),
            from: FormField("from", words: words, key: "reportFrom", value: from ?? "", errors: errors),
            to: FormField("to", words: words, key: "reportTo", value: to ?? "", errors: errors),
            errors: errors.summary(fieldOrder: Self.fieldOrder), hasErrors: !errors.isEmpty, report: nil, hasReport: false)
    }

    func page(networkName: String, report: NetworkReport, from: String?, to: String?) -> ReportPageView {
        var view = form(networkName: networkName, from: from ?? report.period.fromMonth, to: to ?? report.period.toMonth,
                        errors: FormErrors())
        let months = (report.period.fromMonth, report.period.toMonth)
        let sections = [hoursSection(report, months), activeSection(report, months), rolesSection(report, months),
                        balanceSection(report, months), positionsSection(report, months)]
        view.report = ReportPageView.Body(
            periodText: words.format("reportPeriod", ["from": Self.day(report.period.startSeconds, words),
                                                      "to": Self.day(report.period.endSeconds - ReportPeriod.secondsPerDay, words)]),
            totalsWithheld: report.totals.withheld, totals: totals(report), otherFigures: otherFigures(report),
            withheldNotes: withheldNotes(report, sections: sections), sections: sections)
        view.hasReport = true
        return view
    }

    // MARK: Totals and what is withheld

    func totals(_ report: NetworkReport) -> [ReportFact] {
        let totals = report.totals
        guard !totals.withheld else { return [] }
        return [
            ReportFact(label: words["reportTotalMembers"], value: count(totals.members)),
            ReportFact(label: words["reportTotalActive"], value: count(totals.activeMembers)),
            ReportFact(label: words["reportTotalHours"], value: hours(totals.minutes)),
            ReportFact(label: words["reportTotalMovements"], value: count(totals.transfers)),
        ]
    }

    func otherFigures(_ report: NetworkReport) -> [ReportFact] {
        [
            ReportFact(label: words.format("reportDormant", ["days": String(report.dormantMembers.windowDays)]),
                       value: count(report.dormantMembers.members)),
            ReportFact(label: words["reportUnconfirmed"], value: count(report.unconfirmedExchanges.exchanges)),
            ReportFact(label: words["reportUnconfirmedHours"], value: hours(report.unconfirmedExchanges.minutes)),
            ReportFact(label: words["reportUrgentRequests"], value: count(report.urgentRequests.requests)),
            ReportFact(label: words["reportUrgentMedian"], value: urgentMinutes(report.urgentRequests.medianMinutesToAcknowledge)),
            ReportFact(label: words["reportUrgentP90"], value: urgentMinutes(report.urgentRequests.p90MinutesToAcknowledge)),
        ]
    }

    /// Minutes to acknowledgement; withheld under five like every figure; nil when none was.
    func urgentMinutes(_ figure: ReportFigure?) -> String {
        guard let figure else { return words["reportUrgentNoneAcknowledged"] }
        return figure.value.map { words.format("reportUrgentMinutes", ["minutes": String($0)]) } ?? words["reportWithheld"]
    }

    /// The rule, whether the network's own totals are withheld, and each section's withheld count.
    func withheldNotes(_ report: NetworkReport, sections: [ReportSectionView]) -> [String] {
        var notes = [words["reportWithheldRule"]]
        notes.append(words[report.totals.withheld ? "reportTotalsWithheld" : "reportTotalsShown"])
        let withheld = sections.compactMap(\.withheldNote)
        notes += withheld.isEmpty ? [words["reportWithheldNone"]] : withheld + [words["reportWithheldSecond"]]
        return notes
    }

    func withheldNote(_ heading: String, _ figures: [ReportFigure]) -> String? {
        let withheld = figures.filter(\.suppressed).count
        guard withheld > 0 else { return nil }
        return words.format("reportWithheldIn", ["section": heading, "count": String(withheld), "total": String(figures.count)])
    }

    // MARK: Sections

    func hoursSection(_ report: NetworkReport, _ months: (String, String)) -> ReportSectionView {
        let cells = report.hoursByKindAndMonth
        let kinds = Array(Set(cells.map(\.kind))).sorted()
        let byMonth = Dictionary(grouping: cells, by: \.month)
        let rows = byMonth.keys.sorted().map { month -> BarChartData.Row in
            let monthCells = byMonth[month] ?? []
            let values = kinds.map { kind in monthCells.first { $0.kind == kind }.map { $0.minutes.value } ?? 0 }
            let shown = values.compactMap { $0 }.reduce(0, +)
            let hours = HoursText.text(minutes: shown, words: words)
            let text = !values.contains { $0 == nil } ? hours
                : values.contains { ($0 ?? 0) > 0 } ? words.format("reportShownPart", ["hours": hours]) : words["reportWithheld"]
            return BarChartData.Row(label: Self.monthLabel(month, words), values: values, valueTexts: [text])
        }
        let table = ReportTableView(
            caption: words["reportHoursCaption"],
            columns: [words["reportColumnMonth"], words["reportColumnKind"], words["reportColumnHours"], words["reportColumnMovements"]],
            numeric: [2, 3],
            rows: cells.map { [Self.monthLabel($0.month, words), KindWords.text($0.kind), hours($0.minutes), count($0.transfers)] })
        return section("hours", .hoursByKind, months, data: BarChartData(series: kinds.map(KindWords.text), rows: rows, stacked: true),
                       table: table, figures: cells.map(\.minutes))
    }

    func activeSection(_ report: NetworkReport, _ months: (String, String)) -> ReportSectionView {
        let rows = report.activeMembers.map { active in
            BarChartData.Row(label: words.format("reportWindow", ["days": String(active.windowDays)]),
                             values: [active.members.value], valueTexts: [count(active.members)])
        }
        let table = ReportTableView(
            caption: words["reportActiveCaption"], columns: [words["reportColumnWindow"], words["reportColumnMembers"]],
            numeric: [1], rows: zip(rows, report.activeMembers).map { [$0.label, count($1.members)] })
        return section("active", .activeMembers, months, data: BarChartData(series: [words["reportColumnMembers"]], rows: rows, stacked: false),
                       table: table, figures: report.activeMembers.map(\.members))
    }

    func rolesSection(_ report: NetworkReport, _ months: (String, String)) -> ReportSectionView {
        let counts = report.giversAndReceivers
        let periods = counts.map(\.month).reduce(into: [String?]()) { if !$0.contains($1) { $0.append($1) } }
        let rows = periods.map { month -> BarChartData.Row in
            let figures = ReportRole.allCases.map { role in
                counts.first { $0.month == month && $0.role == role }?.members ?? ReportFigure(value: 0)
            }
            return BarChartData.Row(label: month.map { Self.monthLabel($0, words) } ?? words["reportWholePeriod"],
                                    values: figures.map(\.value), valueTexts: figures.map(count))
        }
        let series = ReportRole.allCases.map { words["reportRoles_" + $0.rawValue] }
        let table = ReportTableView(caption: words["reportRolesCaption"], columns: [words["reportColumnMonth"]] + series,
                                    numeric: [1, 2], rows: rows.map { [$0.label] + $0.valueTexts })
        return section("roles", .giversReceivers, months, data: BarChartData(series: series, rows: rows, stacked: false),
                       table: table, figures: counts.map(\.members))
    }

    func balanceSection(_ report: NetworkReport, _ months: (String, String)) -> ReportSectionView {
        let distribution = report.balanceDistribution
        let labels = distribution.buckets.map(bucketLabel)
        let rows = zip(labels, distribution.buckets).map { label, bucket in
            BarChartData.Row(label: label, values: [bucket.members.value], valueTexts: [count(bucket.members)])
        }
        let tableRows = [[words["reportBucketTotal"], count(distribution.members)]] + rows.map { [$0.label, $0.valueTexts[0]] }
            + [[words["reportBucketAtFloor"], count(distribution.atFloor)], [words["reportBucketAtCeiling"], count(distribution.atCeiling)]]
        let table = ReportTableView(
            caption: words["reportBalanceCaption"], columns: [words["reportColumnBalance"], words["reportColumnMembers"]],
            numeric: [1], rows: tableRows)
        return section("balances", .balanceDistribution, months,
                       data: BarChartData(series: [words["reportColumnMembers"]], rows: rows, stacked: false), table: table,
                       figures: [distribution.members] + distribution.buckets.map(\.members) + [distribution.atFloor, distribution.atCeiling])
    }

    func positionsSection(_ report: NetworkReport, _ months: (String, String)) -> ReportSectionView {
        let positions = report.crossNetworkPositions
        let name = { (position: NetworkReport.Position) in
            self.partnerNames[position.partnerNetworkID] ?? position.partnerSlug ?? self.words["reportPartnerUnknown"]
        }
        let rows = positions.map { position in
            BarChartData.Row(label: name(position), values: [position.postedMinutes.value, position.pendingMinutes.value],
                             valueTexts: [hours(position.postedMinutes), hours(position.pendingMinutes)])
        }
        let table = ReportTableView(
            caption: words["reportPositionsCaption"],
            columns: [words["reportColumnPartner"], words["reportColumnPosted"], words["reportColumnPending"]], numeric: [1, 2],
            rows: positions.map { [name($0), hours($0.postedMinutes), hours($0.pendingMinutes)] })
        let series = [words["reportColumnPosted"], words["reportColumnPending"]]
        return section("positions", .crossNetworkPositions, months, data: BarChartData(series: series, rows: rows, stacked: false),
                       table: table, figures: positions.flatMap { [$0.postedMinutes, $0.pendingMinutes] })
    }

    /// A section's frame: heading and intro `report<Name>Heading` / `…Intro`, the chart when
    /// there are rows (its description: the intro and what is withheld), else `…Empty`.
    func section(_ name: String, _ table: ReportTableName, _ months: (String, String), data: BarChartData,
                 table view: ReportTableView, figures: [ReportFigure]) -> ReportSectionView {
        let key = "report" + name.prefix(1).uppercased() + name.dropFirst()
        let heading = words[key + "Heading"], intro = words[key + "Intro"]
        let note = withheldNote(heading, figures)
        let chart = data.rows.isEmpty ? nil : BarChart(
            id: "chart-" + name, title: heading, summary: [intro, note ?? words["reportChartNothingWithheld"]].joined(separator: " "),
            data: data)
        return ReportSectionView(
            id: "report-" + name, headingID: "report-" + name + "-heading", heading: heading, intro: intro, withheldNote: note,
            chart: chart, hasChart: chart != nil, emptyText: chart == nil ? words[key + "Empty"] : nil, table: view,
            csvPath: CoordinatorPaths.reportFile(networkID, table, from: months.0, to: months.1),
            csvLabel: words.format("reportDownload", ["table": heading]))
    }

    // MARK: Words for figures

    func count(_ figure: ReportFigure) -> String { figure.value.map(String.init) ?? words["reportWithheld"] }

    func hours(_ figure: ReportFigure) -> String {
        figure.value.map { HoursText.text(minutes: $0, words: words) } ?? words["reportWithheld"]
    }

    func bucketLabel(_ bucket: NetworkReport.BalanceBucket) -> String {
        let lower = bucket.lowerMinutes.map { HoursText.text(minutes: $0, words: words) }
        let upper = bucket.upperMinutes.map { HoursText.text(minutes: $0, words: words) }
        switch (lower, upper) {
        case (nil, let upper?): return words.format("reportBucketBelow", ["upper": upper])
        case (let lower?, nil): return words.format("reportBucketFrom", ["lower": lower])
        case (let lower?, let upper?): return words.format("reportBucketBetween", ["lower": lower, "upper": upper])
        case (nil, nil): return words["reportBucketAll"]
        }
    }

    /// "Mar 2026" for `2026-03`, in the page's language.
    static func monthLabel(_ month: String, _ words: Words) -> String {
        let parser = monthFormat(words, "yyyy-MM")
        parser.locale = Locale(identifier: "en_US_POSIX")
        guard let date = parser.date(from: month) else { return month }
        return monthFormat(words, "LLL yyyy").string(from: date)
    }

    /// "1 March 2026" for the UTC day holding `seconds`.
    static func day(_ seconds: Int64, _ words: Words) -> String {
        monthFormat(words, "d MMMM yyyy").string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    private static func monthFormat(_ words: Words, _ pattern: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: words.locale)
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = pattern
        return formatter
    }
}
