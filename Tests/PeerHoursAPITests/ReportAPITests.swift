import AppTestSupport
import Exchange
import ExchangeSQLite
import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import Testing
@testable import PeerHoursAPI

struct ReportFigureWire: Decodable, Equatable { var value: Int64?; var suppressed: Bool }
struct ReportWire: Decodable {
    struct Active: Decodable { var windowDays: Int; var members: ReportFigureWire }
    struct Hours: Decodable { var month: String; var kind: String; var minutes: ReportFigureWire; var transfers: ReportFigureWire }
    struct Distribution: Decodable { var members: ReportFigureWire; var atFloor: ReportFigureWire }
    var networkID: Int64
    var networkSlug: String
    var from: String
    var to: String
    var activeMembers: [Active]
    var hoursByKindAndMonth: [Hours]
    var balanceDistribution: Distribution
}

@Suite struct ReportAPITests {
    /// A network with six members who each completed a session with the next one (six givers,
    /// six receivers, all in one month), a coordinator, and a second network with its own coordinator.
    struct Setup {
        let fixture: AppFixture
        let north: Network
        let coordinator: Member
        let member: Member
        let otherCoordinator: Member
    }

    static func setUp() async throws -> Setup {
        let fixture = try await AppFixture(ledger: .sqlite, administrator: true)
        let north = try await fixture.network("north-gp")
        let south = try await fixture.network("south-gp")
        let coordinator = try await fixture.member("Cy", in: north, role: .coordinator)
        let otherCoordinator = try await fixture.member("Oz", in: south, role: .coordinator)
        var members: [Member] = []
        for name in ["Ann", "Ben", "Cat", "Dev", "Eli", "Fay"] {
            members.append(try await fixture.member(name, in: north))
        }
        for index in members.indices {
            try await fixture.completedSession(supporter: members[index], requester: members[(index + 1) % members.count], in: north)
        }
        return Setup(fixture: fixture, north: north, coordinator: coordinator, member: members[0],
                     otherCoordinator: otherCoordinator)
    }

    // Proves over HTTP who may read the report and its exports: the network's coordinator and an
    // administrator (200, JSON and text/csv); a member of the network 403; another network's
    // coordinator 404; no token 401; a bad day or table 400. Each successful read is in the
    // network's audit trail (readable over the API: the new actions are in the spec's enum).
    @Test func permissionsContentTypesAndAudit() async throws {
        let setup = try await Self.setUp()
        defer { setup.fixture.remove() }
        let id = setup.north.id.rawValue
        try await setup.fixture.application().test(.router) { client in
            let cy = try await client.logIn(setup.coordinator)
            let ann = try await client.logIn(setup.member)
            let oz = try await client.logIn(setup.otherCoordinator)
            let admin = try await client.logIn(email: "admin@example.org", password: AppFixture.password)
            let report = "/networks/\(id)/reports"
            let export = "/networks/\(id)/exports/hours-by-kind"

            for path in [report, export] {
                #expect(try await client.send(.get, path).status == .unauthorized)
                let forbidden = try await client.send(.get, path, token: ann)
                #expect(forbidden.status == .forbidden)
                #expect(forbidden.headers[.contentType] == "application/problem+json")
                #expect(try await client.send(.get, path, token: oz).status == .notFound)
            }
            #expect(try await client.send(.get, "/networks/999/reports", token: admin).status == .notFound)
            #expect(try await client.send(.get, report + "?from=2026-02-30", token: cy).status == .badRequest)
            #expect(try await client.send(.get, report + "?from=2026-05-02&to=2026-05-01", token: cy).status == .badRequest)
            #expect(try await client.send(.get, "/networks/\(id)/exports/names", token: cy).status == .badRequest)

            let json = try await client.send(.get, report, token: cy)
            #expect(json.status == .ok)
            #expect(json.headers[.contentType]?.hasPrefix("application/json") == true)
            let body = try json.json(ReportWire.self)
            #expect(body.networkSlug == "north-gp" && body.networkID == id)
            // Six givers and six receivers, 60 minutes each: shown; the kind is the offer's.
            let cells = body.hoursByKindAndMonth
            #expect(cells.count == 1 && cells.first?.kind == "coaching")
            #expect(cells.first?.minutes == ReportFigureWire(value: 360, suppressed: false))
            #expect(body.balanceDistribution.members.value == 7)
            #expect(try await client.send(.get, report, token: admin).status == .ok)

            let csv = try await client.send(.get, export, token: cy)
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let text = String(buffer: csv.body)
            #expect(text.hasPrefix("month,kind,minutes,transfers,suppressed\r\n"))
            #expect(text.hasSuffix("\r\n"))
            #expect(text.contains(",coaching,360,6,false\r\n"))

            let trail = try await client.send(.get, "/networks/\(id)/audit-events?limit=100", token: cy).json(AuditPageWire.self)
            let reads = trail.items.filter { $0.action.hasPrefix("report.") }
            #expect(reads.map(\.action) == ["report.viewed", "report.viewed", "report.exported"])
            #expect(reads.map(\.actorID) == [setup.coordinator.id.rawValue, setup.fixture.admin.id.rawValue, setup.coordinator.id.rawValue])
        }
    }

    // Proves every table's download is byte for byte what `ReportCSV` makes of the domain's table
    // (what `peerhours export` writes), with a header row and rows as wide as it.
    @Test func everyTableDownloadsAsTheExportWritesIt() async throws {
        let setup = try await Self.setUp()
        defer { setup.fixture.remove() }
        let id = setup.north.id.rawValue
        let store = try SQLiteReportStore.open(directory: setup.fixture.directory.path)
        let period = try ReportPeriod.parse(from: nil, to: nil, now: setup.fixture.now)
        try await setup.fixture.application().test(.router) { client in
            let cy = try await client.logIn(setup.coordinator)
            for name in ReportTableName.allCases {
                let response = try await client.send(.get, "/networks/\(id)/exports/\(name.rawValue)", token: cy)
                #expect(response.status == .ok, "\(name)")
                let table = try await ReportBuilder(store: store).table(
                    name, networkID: setup.north.id, period: period, now: setup.fixture.now)
                #expect(Data(response.body.readableBytesView) == (try ReportCSV.encode(table)), "\(name)")
                let lines = String(buffer: response.body).components(separatedBy: "\r\n").dropLast()
                #expect(lines.first == table.columns.joined(separator: ","))
                #expect(lines.count == table.rows.count + 1)
            }
        }
    }
}
