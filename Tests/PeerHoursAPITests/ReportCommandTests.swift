import Exchange
import ExchangeSQLite
import Foundation
import TestSupport
import Testing
@testable import PeerHoursAPI

@Suite struct ReportCommandTests {
    // Proves `peerhours export` writes one CSV per table, byte for byte what the API serves for the
    // same period, and `peerhours report` prints every section; both refuse an unknown slug, a bad
    // day and a directory without data with exit status 2 and a message.
    @Test func exportWritesTheAPIsFilesAndReportPrintsASummary() async throws {
        let setup = try await ReportAPITests.setUp()
        defer { setup.fixture.remove() }
        let data = setup.fixture.directory.path
        let out = data + "/export"
        let binary = productPath("peerhours")
        let range = ["--from", "2026-01-01", "--to", "2026-12-31"]
        let export = try runProgram(binary, ["export", "--data", data, "--network", "north-gp", "--out", out] + range)
        #expect(export.status == 0, "\(export.stderr)")
        let store = try SQLiteReportStore.open(directory: data)
        let period = try ReportPeriod.parse(from: "2026-01-01", to: "2026-12-31", now: Date())
        for name in ReportTableName.allCases {
            let written = try Data(contentsOf: URL(fileURLWithPath: out + "/" + name.fileName))
            let table = try await ReportBuilder(store: store).table(name, networkID: setup.north.id, period: period, now: Date())
            #expect(written == (try ReportCSV.encode(table)), "\(name)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).count == ReportTableName.allCases.count)

        let report = try runProgram(binary, ["report", "--data", data, "--network", "north-gp"] + range)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.hasPrefix("Report for north-gp"))
        for name in ReportTableName.allCases { #expect(report.stdout.contains("\(name.rawValue):")) }
        #expect(report.stdout.contains("kind=coaching  minutes=360"))

        let unknown = try runProgram(binary, ["report", "--data", data, "--network", "nowhere"])
        #expect(unknown.status == 2 && unknown.stderr.contains("no network with the slug nowhere"))
        let badDay = try runProgram(binary, ["export", "--data", data, "--network", "north-gp", "--out", out, "--to", "2026-02-30"])
        #expect(badDay.status == 2 && badDay.stderr.contains("invalid period"))
        let empty = try runProgram(binary, ["report", "--data", data + "/missing", "--network", "north-gp"])
        #expect(empty.status == 2 && empty.stderr.contains("cannot read"))
    }
}
