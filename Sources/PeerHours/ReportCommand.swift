import ArgumentParser
import Exchange
import ExchangePostgres
import ExchangeSQLite
import Foundation
import Ledger
import PeerHoursAPI

/// `peerhours report --data DIR --network SLUG [--from DAY] [--to DAY]`: prints a network's report
/// (the same figures, the same suppression as the API's) as text. Reads the data directory
/// read-only; it may run beside `peerhours serve`.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print a network's report for a period (figures about fewer than 5 people withheld)."
    )

    @OptionGroup var subject: ReportSubjectOptions

    func run() async throws {
        let (builder, networkID, period) = try await subject.open()
        let report = try await builder.report(networkID: networkID, slug: subject.network, period: period, now: Date())
        print(ReportText.render(report), terminator: "")
    }
}

/// `peerhours export --data DIR --network SLUG --out DIR [--from DAY] [--to DAY]`: writes one CSV
/// per report table into `--out` (created if needed), byte for byte what the API serves.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a network's report tables as CSV files (no private content; small figures withheld)."
    )

    @OptionGroup var subject: ReportSubjectOptions

    @Option(name: .long, help: "The folder to write the CSV files into (created if missing).")
    var out: String

    func run() async throws {
        let (builder, networkID, period) = try await subject.open()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let now = Date()
        for name in ReportTableName.allCases {
            let table = try await builder.table(name, networkID: networkID, period: period, now: now)
            let path = (out as NSString).appendingPathComponent(name.fileName)
            try PeerHoursAPI.ReportCSV.encode(table).write(to: URL(fileURLWithPath: path), options: .atomic)
            print("\(path)  \(table.rows.count) rows")
        }
    }
}

struct ReportSubjectOptions: ParsableArguments {
    @Option(name: .long, help: "The data directory (as given to `peerhours serve`).")
    var data: String = "./peerhours-data"

    @OptionGroup var storage: DatabaseOption

    @Option(name: .long, help: "The network's slug.")
    var network: String

    @Option(name: .long, help: "First day, YYYY-MM-DD (UTC; default: twelve calendar months back).")
    var from: String?

    @Option(name: .long, help: "Last day, YYYY-MM-DD (UTC; default: today).")
    var to: String?

    /// The builder over the directory's stores (read-only), the network, the period; exits 2 with a
    /// message for a missing directory, an unknown slug or a bad period.
    func open() async throws -> (ReportBuilder, NetworkID, ReportPeriod) {
        let period: ReportPeriod
        do {
            period = try ReportPeriod.parse(from: from, to: to, now: Date())
        } catch {
            printError("invalid period: \(error)")
            throw ExitCode(2)
        }
        let store: any ReportStore
        let found: NetworkID?
        let source: String
        if let location = try storage.location() {
            let postgres = PostgresReportStore.open(location)
            (store, source) = (postgres, "\(location)")
            found = try await postgres.networkID(slug: network)
        } else {
            let sqlite: SQLiteReportStore
            do {
                sqlite = try SQLiteReportStore.open(directory: data)
            } catch {
                printError("cannot read \(data): \(error)")
                throw ExitCode(2)
            }
            (store, source) = (sqlite, data)
            found = try await sqlite.networkID(slug: network)
        }
        guard let networkID = found else {
            printError("no network with the slug \(network) in \(source)")
            throw ExitCode(2)
        }
        return (ReportBuilder(store: store), networkID, period)
    }
}

/// The report as plain text for a terminal.
enum ReportText {
    /// The columns that hold figures (the others are labels and bounds).
    static let figureColumns: Set = ["members", "minutes", "transfers", "exchanges", "posted_minutes", "pending_minutes"]

    static func render(_ report: NetworkReport) -> String {
        var lines = ["Report for \(report.networkSlug) (network \(report.networkID)), \(report.period.from) to \(report.period.to)",
                     "Figures about 1–4 people are withheld (shown as \"withheld\")."]
        for table in ReportTables.all(report) {
            lines.append("")
            lines.append("\(table.name.rawValue):")
            if table.rows.isEmpty { lines.append("  (none)") }
            let shown = table.columns.dropLast()
            for row in table.rows {
                let cells = zip(shown, row).compactMap { column, cell -> String? in
                    if figureColumns.contains(column) { return "\(column)=\(cell.isEmpty ? "withheld" : cell)" }
                    return cell.isEmpty ? nil : "\(column)=\(cell)"
                }
                lines.append("  " + cells.joined(separator: "  "))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
