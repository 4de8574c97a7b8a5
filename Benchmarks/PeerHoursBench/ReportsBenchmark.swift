import ArgumentParser
import Exchange
import ExchangeSQLite
import Foundation
import Ledger
import PeerHoursAPI

/// `peerhours-bench reports --members 50000 --transfers 1000000`: generates a data directory
/// (ReportDataGenerator), then times each report section, the whole report and the CSV export
/// (all seven tables written to files) through `SQLiteReportStore` + `ReportBuilder` +
/// `ReportCSV`, and in the same run the floor: the `sqlite3` shell (Debian's package) running a
/// plain aggregate query for the same figures over the same files. Best of `--repeats` for each.
struct ReportsBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reports",
        abstract: "Reports and export over generated data, against plain sqlite3 aggregates."
    )

    @Option(help: "Members of the network (10…1,000,000).") var members = 50_000
    @Option(help: "Ledger transfers (1,000…20,000,000).") var transfers = 1_000_000
    @Option(help: "Timed runs of each measurement; the best counts (1…20).") var repeats = 3
    @Option(help: "Generator seed.") var seed: UInt64 = 1
    @Option(help: "The sqlite3 shell for the floor.") var sqlite3 = "/usr/bin/sqlite3"
    @Option(help: "Keep the generated data directory here instead of a temporary one removed at the end; if it holds data already, reuse it.")
    var keep: String?

    func validate() throws {
        guard (10...1_000_000).contains(members), (1_000...20_000_000).contains(transfers), (1...20).contains(repeats),
              transfers > members * 2
        else { throw ValidationError("out of bounds: 10…1M members, 1k…20M transfers (more than 2 × members), 1…20 repeats") }
        guard FileManager.default.isExecutableFile(atPath: sqlite3) else {
            throw ValidationError("no sqlite3 shell at \(sqlite3) (apt-get install sqlite3)")
        }
    }

    func run() async throws {
        let directory = keep ?? NSTemporaryDirectory() + "peerhours-reports-bench-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(atPath: directory) } }
        let nowSeconds: Int64 = 1_795_737_600  // 2026-11-27T00:00:00Z
        let generator = ReportDataGenerator(members: members, transfers: transfers, seed: seed, nowSeconds: nowSeconds)
        if keep != nil, FileManager.default.fileExists(atPath: directory + "/exchange.sqlite") {
            print("reusing the data in \(directory) (generated earlier with --keep; --members/--transfers ignored)")
        } else {
            let generation = try await Self.time { try await generator.generate(directory: directory) }
            print(String(format: "generated %d members, %d transfers in %.1f s (%@)", members, transfers, generation, directory))
        }

        let store = try SQLiteReportStore.open(directory: directory)
        let builder = ReportBuilder(store: store)
        let now = Date(timeIntervalSince1970: TimeInterval(nowSeconds))
        let period = try ReportPeriod.parse(from: nil, to: nil, now: now)
        let floor = ReportFloorSQL(period: period, nowSeconds: nowSeconds)
        let same = ReportStoreSQL(period: period, nowSeconds: nowSeconds)
        let network = NetworkID(ReportDataGenerator.network)
        let shell = SQLiteShell(path: sqlite3, directory: directory)
        print("period \(period.from) … \(period.to); best of \(repeats)")
        print("floor: plain sqlite3 queries for the same figures; same SQL: the store's own SQL in sqlite3")
        print("section                      ours ms   floor ms  ratio   same-SQL ms  ratio")

        var rows: [(String, Double, Double, Double?)] = []
        for table in ReportTableName.allCases {
            let ours = try await best { _ = try await builder.table(table, networkID: network, period: period, now: now) }
            let plain = try await best { try shell.run(floor.sql(table)) }
            let sameSQL = try await best { try shell.run(same.sql(table)) }
            rows.append((table.rawValue, ours, plain, sameSQL))
        }
        let report = try await best {
            _ = try await builder.report(networkID: network, slug: "bench-a", period: period, now: now)
        }
        rows.append(("report (all sections)", report, try await best { try shell.run(floor.all) },
                     try await best { try shell.run(same.all) }))
        let out = directory + "/export"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let export = try await best {
            for table in ReportTableName.allCases {
                let rows = try await builder.table(table, networkID: network, period: period, now: now)
                try ReportCSV.encode(rows).write(to: URL(fileURLWithPath: out + "/" + table.fileName))
            }
        }
        rows.append(("export (7 CSV files)", export, try await best { try shell.run(floor.csv(into: out + "/floor")) }, nil))
        for (name, ours, plain, sameSQL) in rows {
            let label = name.padding(toLength: 26, withPad: " ", startingAt: 0)
            let versus = sameSQL.map { String(format: " %12.1f %6.2f", $0 * 1000, ours / $0) } ?? ""
            print(label + String(format: " %9.1f %10.1f %6.2f", ours * 1000, plain * 1000, ours / plain) + versus)
        }
        let worst = rows.map { $0.1 / $0.2 }.max() ?? 0
        let worstSame = rows.compactMap { row in row.3.map { row.1 / $0 } }.max() ?? 0
        print(String(format: "worst ratio to the store's own SQL in sqlite3 %.2f", worstSame))
        print(String(format: "worst ratio %.2f (target ≤ 2.00)", worst))
    }

    func best(_ body: () async throws -> Void) async throws -> Double {
        var seconds = Double.infinity
        for _ in 0..<repeats { seconds = min(seconds, try await Self.time(body)) }
        return seconds
    }

    static func time(_ body: () async throws -> Void) async throws -> Double {
        let start = ContinuousClock.now
        try await body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}

/// Runs SQL through the sqlite3 shell on the data directory's exchange.sqlite, read-only, with the
/// ledger attached as `ledger` — the same arrangement as SQLiteReportStore.
struct SQLiteShell {
    let path: String
    let directory: String

    func run(_ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-readonly", "-batch", directory + "/exchange.sqlite"]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data("ATTACH '\(directory)/ledger.sqlite' AS ledger;\n\(sql)\n".utf8))
        try input.fileHandleForWriting.close()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, message.isEmpty else {
            throw ValidationError("sqlite3 failed: \(String(decoding: message, as: UTF8.self))")
        }
    }
}
