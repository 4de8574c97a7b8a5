import Exchange
import Foundation
import Ledger
import Hummingbird

/// A table beside a chart, as the `report-table` partial draws it: the accessible form of the
/// chart's figures, in words (the CSV download has the same figures as numbers).
struct ReportTableView: Sendable {
    struct Cell: Sendable {
        var text: String
        /// The row's first cell, a `<th scope="row">`.
        var header: Bool
        var numeric: Bool
        var label: String
    }

    struct Column: Sendable {
        var text: String
        var numeric: Bool
    }

    struct Row: Sendable {
        var cells: [Cell]
    }

    var caption: String
    var columns: [Column]
    var rows: [Row]
    /// Three columns or more: on a phone each row stacks, each cell under its column's name.
    var stacked: Bool

    /// `rows` are texts per column; the first column heads its row, those named in `numeric`
    /// are right-aligned.
    init(caption: String, columns: [String], numeric: Set<Int>, rows: [[String]]) {
        self.caption = caption
        stacked = columns.count > 2
        self.columns = columns.enumerated().map { Column(text: $1, numeric: numeric.contains($0)) }
        self.rows = rows.map { texts in
            Row(cells: texts.enumerated().map { index, text in
                Cell(text: text, header: index == 0, numeric: numeric.contains(index),
                     label: index < columns.count ? columns[index] : "")
            })
        }
    }
}

/// One part of the report: a heading, what it shows, the chart (or why there is none), the
/// table and its CSV download.
struct ReportSectionView: Sendable {
    var id: String
    var headingID: String
    var heading: String
    var intro: String
    var withheldNote: String?
    var chart: BarChart?
    var hasChart: Bool
    var emptyText: String?
    var table: ReportTableView
    var csvPath: String
    var csvLabel: String
}

/// A figure of the report in words, for the lists of totals.
struct ReportFact: Sendable {
    var label: String
    var value: String
}

/// The report page: the period form, and (when the period is right) the network's totals, what
/// is withheld and why, and one section per chart.
struct ReportPageView: Sendable {
    var title: String
    var formAction: String
    var from: FormField
    var to: FormField
    var errors: [FormErrors.SummaryItem]
    var hasErrors: Bool
    var report: Body?
    var hasReport: Bool

    struct Body: Sendable {
        var periodText: String
        var totalsWithheld: Bool
        var totals: [ReportFact]
        var otherFigures: [ReportFact]
        var withheldNotes: [String]
        var sections: [ReportSectionView]
    }
}

extension WebApp {
    /// `/coordinate/networks/{id}/report[?from=YYYY-MM&to=YYYY-MM]`: the network's report for
    /// whole months, for its coordinators and administrators (the domain's `ReportService`
    /// authorises first — a member of the network 403, anyone else 404, as the API — and audits
    /// the view as `report.viewed`). A period it refuses comes back as the form with every mistake.
    func showNetworkReport<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let networkID = NetworkID(try pathID(context))
        let (from, to) = Self.reportMonths(request)
        let words = visit.words
        do {
            let report = try await exchange.reports.report(signedIn.actor, networkID: networkID, fromMonth: from, toMonth: to)
            let network = try await exchange.networks.network(signedIn.actor, networkID)
            let names = report.crossNetworkPositions.isEmpty ? [:] : try await networkNames(signedIn.actor)
            let view = ReportPageBuilder(words: words, networkID: networkID, partnerNames: names).page(
                networkName: network.name, report: report, from: from, to: to)
            return try await page("coordinate-report", view, visit: visit)
        } catch ExchangeError.validation(let refusal) {
            // Authorised (the domain checks that first): every mistake of the period at once.
            let network = try await exchange.networks.network(signedIn.actor, networkID)
            var errors = FormErrors()
            for problem in ReportPeriod.problems(fromMonth: from, toMonth: to, now: exchange.now()) + [refusal] {
                errors.add(problem.field, words[ReportPageBuilder.messageKey(problem)])
            }
            let view = ReportPageBuilder(words: words, networkID: networkID).form(
                networkName: network.name, from: from, to: to, errors: errors)
            return try await page("coordinate-report", view, visit: visit, status: .unprocessableContent)
        }
    }

    /// `/coordinate/networks/{id}/report/{table}.csv[?from&to]`: one table of the report as the
    /// API's export writes it (`ReportTable.csv`), audited as `report.exported`.
    func networkReportFile<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let networkID = NetworkID(try pathID(context))
        guard let file = context.parameters.get("file"),
              let table = ReportTableName.allCases.first(where: { $0.fileName == file })
        else { throw WebRefusal.notFound }
        let (from, to) = Self.reportMonths(request)
        let result: ReportTable
        do {
            result = try await exchange.reports.export(signedIn.actor, networkID: networkID, table: table, fromMonth: from, toMonth: to)
        } catch ExchangeError.validation {
            throw WebRefusal.badRequest
        }
        var response = Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8",
                      .contentDisposition: "attachment; filename=\"peerhours-\(networkID.rawValue)-\(table.fileName)\""],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: result.csv)))
        setVisitCookies(visit, on: &response)
        return response
    }

    /// The query's `from` and `to` months; an empty field (the form sent blank) is the default.
    static func reportMonths(_ request: Request) -> (from: String?, to: String?) {
        let query = request.uri.queryParameters
        func month(_ name: String) -> String? {
            guard let value = query.get(name).map({ String($0) }), !value.isEmpty else { return nil }
            return value
        }
        return (month("from"), month("to"))
    }
}
