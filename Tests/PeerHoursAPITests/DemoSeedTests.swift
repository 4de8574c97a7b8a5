import AppTestSupport
import ExchangeSQLite
import GRDB
import IdentitySQLite
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import PeerHoursAPI

@Suite struct DemoSeedTests {
    // Proves `serve --demo` seeds through the real domain: every printed login works with the
    // printed password; the completed session moved exactly 60 minutes from Sam to Tom (welcome
    // grant 120 each); Li's accepted session holds 60 minutes pending; Tom sees his proposed and
    // completed exchanges; a second run changes nothing and says so.
    @Test func seedsWorkingLoginsAndRealExchanges() async throws {
        let fixture = try await AppFixture(members: .exchange, ledgerTime: .system)
        let dependencies = fixture.dependencies()
        let outcome = try await seedDemo(fixture.configuration, dependencies: dependencies, logger: .init(label: "demo-test"))
        guard case .seeded(let password, let logins) = outcome else {
            Issue.record("expected a fresh seeding, got \(outcome)")
            return
        }
        #expect(password.count >= 12 && password.hasPrefix("demo-"))
        #expect(logins.count == 8 && logins.filter { $0.role.hasPrefix("coordinator") }.count == 2)
        #expect(logins.first?.role == "administrator")

        try await fixture.application(dependencies).test(.router) { client in
            func logIn(_ name: String) async throws -> String {
                let response = try await client.send(
                    .post, "/auth/login", json: #"{"email":"\#(name)@demo.peerhours.example","password":"\#(password)"}"#)
                #expect(response.status == .ok, "login \(name)")
                return try response.json(LoginBody.self).token
            }
            let balances = { (token: String) in try await client.send(.get, "/me/balances", token: token).json(BalancePageBody.self).items }
            let sam = try await balances(logIn("sam"))
            let tom = try await logIn("tom")
            #expect(sam.map(\.postedMinutes) == [60])
            #expect(try await balances(tom).map(\.postedMinutes) == [180])
            let li = try await balances(logIn("li"))
            #expect(li.map(\.postedMinutes) == [120] && li.map(\.pendingOutMinutes) == [60])
            // Across networks: Priya (north) has 60 minutes reserved for Owen (south).
            let priya = try await balances(logIn("priya"))
            #expect(priya.map(\.postedMinutes) == [120] && priya.map(\.pendingOutMinutes) == [60])
            let amara = try await logIn("amara")
            let north = try await client.send(.get, "/networks", token: amara).json(NetworkPageBody.self).items[0]
            let positions = try await client.send(.get, "/networks/\(north.networkID)/partner-positions", token: amara)
                .json(PartnerPositionListWire.self).items
            #expect(positions.map(\.pendingReceivedMinutes) == [60] && positions.map(\.openAgreementStatus) == ["active"])

            let exchanges = try await client.send(.get, "/exchanges", token: tom).json(ExchangePageWire.self).items
            #expect(Set(exchanges.map(\.status)) == ["completed", "proposed"])
            let admin = try await logIn("admin")
            let networks = try await client.send(.get, "/networks", token: admin).json(NetworkPageBody.self)
            #expect(networks.items.map(\.slug) == ["demo-north", "demo-south"])
        }
        #expect(try await seedDemo(fixture.configuration, dependencies: dependencies, logger: .init(label: "demo-test")) == .alreadySeeded)
    }

    // Proves --demo refuses a data directory that already has a (non-demo) administrator and
    // leaves it as it was.
    @Test func refusesADirectoryInUse() async throws {
        let fixture = try await AppFixture(members: .exchange, ledgerTime: .system)
        let dependencies = fixture.dependencies()
        try await fixture.application(dependencies).test(.router) { client in
            let admin = try await client.bootstrapAndLogIn(fixture)
            _ = try await client.createNetwork("north-gp", admin: admin)
        }
        await #expect(throws: DemoSeedError.self) {
            _ = try await seedDemo(fixture.configuration, dependencies: dependencies, logger: .init(label: "demo-test"))
        }
        try await fixture.application(dependencies).test(.router) { client in
            let login = try await client.send(.post, "/auth/login", json: #"{"email":"admin@example.org","password":"\#(AppFixture.password)"}"#)
            let token = try login.json(LoginBody.self).token
            #expect(try await client.send(.get, "/networks", token: token).json(NetworkPageBody.self).items.map(\.slug) == ["north-gp"])
        }
    }

    // Proves `serve --demo`'s history (on its HistoryClock): the first network has at least 40
    // active members who joined months ago, months of completed sessions the report counts by
    // month, members with hours given and received, and what a coordinator should
    // meet on the first morning — sessions past their time unconfirmed, a dispute, requests
    // nobody took up, two people waiting for approval; afterwards the clock is the machine's, the
    // named members' sessions are as without history, and the ledger verifies.
    @Test func seedsMonthsOfHistoryForTheFirstNetwork() async throws {
        let history = HistoryClock()
        let fixture = try await AppFixture(members: .exchange, ledger: .sqlite, ledgerTime: .clock(history))
        defer { fixture.remove() }
        var dependencies = fixture.dependencies()
        dependencies.clock = history
        let started = Date()
        guard case .seeded(_, let logins) = try await seedDemo(fixture.configuration, dependencies: dependencies,
                                                               logger: .init(label: "demo-test")) else {
            Issue.record("expected a fresh seeding")
            return
        }
        #expect(abs(history.nowDate().timeIntervalSince(Date())) < 5, "the clock is the machine's again")
        #expect(logins.count == 8)
        let domain = fixture.domain
        let admin = Actor(memberID: MemberID(1), isAdministrator: true)
        let north = try #require(try await domain.networks.networks(admin).items.first { $0.slug == "demo-north" })
        let amara = try #require(try await domain.roster.roster(admin, networkID: north.id, RosterQuery(search: "Amara")).items.first)
        let lead = Actor(memberID: amara.memberID)
        let everyone = try await domain.roster.roster(lead, networkID: north.id, page: PageRequest(size: 100))
        let active = everyone.items.filter { $0.status == .active }
        #expect(active.count >= 40)
        #expect(everyone.items.filter { $0.status == .invited }.count == 2)
        #expect(active.compactMap(\.joinedAt).min()! < started.addingTimeInterval(-100 * 86_400))
        #expect(active.filter { $0.givenMinutes > 0 }.count >= 8 && active.filter { $0.receivedMinutes > 0 }.count >= 25)
        #expect(active.map(\.givenMinutes).reduce(0, +) >= 100 * 45)
        #expect(active.compactMap(\.lastSessionAt).min()! < started.addingTimeInterval(-30 * 86_400))

        let report = try await domain.reports.report(lead, networkID: north.id, fromMonth: nil, toMonth: nil)
        #expect(!report.totals.withheld)
        // A cell about fewer than five people is withheld (nil): it still says the month had sessions.
        let months = Set(report.hoursByKindAndMonth.filter { $0.minutes.value.map { $0 > 0 } ?? true }.map(\.month))
        #expect(months.count >= 4, "\(months)")

        let overdue = try await domain.followUps.unconfirmedExchanges(lead, networkID: north.id)
        #expect(overdue.items.count >= 3)
        let waiting = try await domain.followUps.unmatchedRequests(lead, networkID: north.id, olderThanDays: 7)
        #expect(waiting.items.count >= 4)
        var disputed = Set<ExchangeID>()
        for member in active {
            let theirs = try await domain.exchanges.myExchanges(Actor(memberID: member.memberID), ExchangeListFilter(role: .requester, status: .disputed))
            disputed.formUnion(theirs.items.map(\.id))
        }
        #expect(disputed.count == 1)
        _ = try await fixture.ledger.store.verify()
    }
}


@Suite struct DemoHistoryNoticeTests {
    // Proves the notices the demo's seeding wrote (its months of history) are settled as skipped
    // before delivery starts: nothing of them is pending, none is failed, and there were some.
    @Test func historyNoticesAreNotSent() async throws {
        let fixture = try await AppFixture(members: .exchange, ledgerTime: .system)
        var dependencies = fixture.dependencies()
        let exchangeStore = try SQLiteExchangeStore.open(directory: fixture.directory.path)
        let identityStore = try SQLiteIdentityStore(dataDirectory: fixture.directory.path)
        dependencies.mail = mailDependencies(exchangeStore: exchangeStore, identityStore: identityStore)
        _ = try await seedDemo(fixture.configuration, dependencies: dependencies, logger: .init(label: "demo-test"))
        for outbox in [exchangeStore.outbox, identityStore.outbox] {
            #expect(try await outbox.dueMessages(at: .distantFuture, limit: 10).isEmpty)
            #expect(try await outbox.outboxCounts(at: Date()).failed == 0)
        }
        let skipped = try await DatabaseQueue(path: fixture.directory.path + "/exchange.sqlite").read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE state = 'skipped' AND last_error = 'demo history: not sent'")
        }
        #expect((skipped ?? 0) > 0, "the seeding wrote notices")
    }
}
