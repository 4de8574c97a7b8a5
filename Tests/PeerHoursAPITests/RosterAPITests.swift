import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import Testing
@testable import PeerHoursAPI

struct RosterPageWire: Decodable {
    struct Item: Decodable {
        var memberID: Int64; var displayName: String; var status: String; var role: String
        var balanceMinutes: Int64?; var givenMinutes: Int64; var receivedMinutes: Int64; var lastSessionAt: Date?
    }
    var total: Int; var showsBalances: Bool; var items: [Item]; var nextCursor: String?
}

@Suite struct RosterAPITests {
    // Proves over HTTP the members list: names with balances and session figures, found by part of
    // a name, sorted and paged (the next page keeps the order), one audit event per read; a plain
    // member (403), another network's coordinator (404), no token (401), an unknown sort and a
    // cursor of another order (400) are refused.
    @Test func membersListByNameSortedAndAudited() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let (north, coordinator, supporter, requester, otherLead, offer) = try await FollowUpAPITests.northAndSouth(fixture)
        let proposed = try await fixture.domain.exchanges.propose(requester.actor, ExchangeProposal(
            offerID: offer.id, scheduledStart: fixture.now.addingTimeInterval(3600)))
        _ = try await fixture.domain.exchanges.accept(supporter.actor, proposed.id)
        fixture.ledgerClock.advance(seconds: 2 * 3600)
        for person in [requester, supporter] {
            _ = try await fixture.domain.exchanges.confirm(person.actor, proposed.id, minutesGiven: 45)
        }

        try await fixture.application().test(.router) { client in
            let cy = try await client.logIn(coordinator)
            let rae = try await client.logIn(requester)
            let oz = try await client.logIn(otherLead)
            let base = "/networks/\(north.id.rawValue)/roster"

            let byGiven = try await client.send(.get, base + "?sort=given&order=desc&limit=2", token: cy).json(RosterPageWire.self)
            #expect(byGiven.total == 3 && byGiven.showsBalances)
            #expect(byGiven.items.map(\.displayName) == ["Sol", "Cy"])
            #expect(byGiven.items[0].givenMinutes == 45 && byGiven.items[0].receivedMinutes == 0)
            #expect(byGiven.items[0].lastSessionAt == proposed.scheduledStart && byGiven.items[1].lastSessionAt == nil)
            let cursor = try #require(byGiven.nextCursor)
            let rest = try await client.send(.get, base + "?sort=given&order=desc&limit=2&cursor=\(cursor)", token: cy)
                .json(RosterPageWire.self)
            #expect(rest.items.map(\.displayName) == ["Rae"] && rest.items[0].receivedMinutes == 45 && rest.nextCursor == nil)
            let balances = try await client.send(.get, base + "?q=RA", token: cy).json(RosterPageWire.self)
            let raeBalance = try await fixture.domain.accounts.balance(coordinator.actor, memberID: requester.id,
                                                                       networkID: north.id).postedMinutes
            #expect(balances.items.map(\.displayName) == ["Rae"] && balances.items[0].balanceMinutes == raeBalance)

            let trail = try await client.send(.get, "/networks/\(north.id.rawValue)/audit-events?limit=100", token: cy)
                .json(AuditPageWire.self).items.filter { $0.action == "network.balances_viewed" }.compactMap(\.detail)
            #expect(trail == ["members list", "members list", "members list"])

            #expect(try await client.send(.get, base, token: rae).status == .forbidden)
            #expect(try await client.send(.get, base, token: oz).status == .notFound)
            #expect(try await client.send(.get, base).status == .unauthorized)
            #expect(try await client.send(.get, base + "?sort=salary", token: cy).status == .badRequest)
            #expect(try await client.send(.get, base + "?sort=name&cursor=\(cursor)", token: cy).status == .badRequest)
        }
    }
}
