import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import Testing
@testable import PeerHoursAPI

/// Lists whose query narrows them (`status`, `role`) are narrowed by the store's query, so a
/// page holds `limit` items whenever that many more match and the cursor follows the
/// narrowed list.
@Suite struct FilteredPageTests {
    /// Proves a `status` filter on a network's memberships fills the page: with the two
    /// suspended members last in id order, `?status=suspended&limit=2` answers both of them
    /// and no cursor (not an empty first page with a cursor to follow).
    @Test func membershipStatusFilterFillsThePage() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let network = try await fixture.network("hull-gps")
        var created: [Member] = []
        for name in ["Ann", "Bob", "Cat", "Dan"] { created.append(try await fixture.member(name, in: network)) }
        let members = created
        for member in members.suffix(2) {
            _ = try await fixture.domain.memberships.suspend(fixture.admin.actor, memberID: member.id, networkID: network.id)
        }
        try await fixture.application().test(.router) { client in
            let admin = try await client.logIn(email: "admin@example.org", password: AppFixture.password)
            let page = try await client.send(
                .get, "/networks/\(network.id.rawValue)/memberships?status=suspended&limit=2", token: admin)
                .json(MembershipPageBody.self)
            #expect(page.items.map(\.memberID) == members.suffix(2).map(\.id.rawValue))
            #expect(page.items.allSatisfy { $0.status == "suspended" })
            #expect(page.nextCursor == nil)

            let first = try await client.send(
                .get, "/networks/\(network.id.rawValue)/memberships?status=active&limit=1", token: admin)
                .json(MembershipPageBody.self)
            #expect(first.items.map(\.memberID) == [members[0].id.rawValue])
            let cursor = try #require(first.nextCursor)
            let second = try await client.send(
                .get, "/networks/\(network.id.rawValue)/memberships?status=active&limit=1&cursor=\(cursor)", token: admin)
                .json(MembershipPageBody.self)
            #expect(second.items.map(\.memberID) == [members[1].id.rawValue])
            #expect(second.nextCursor == nil)
        }
    }

    /// Proves `role` and `status` filters on one's exchanges fill the page: Sam is the
    /// requester of the first exchange and the supporter of the next two, so
    /// `?role=supporter&limit=2` answers those two and no cursor; `?status=declined&limit=1`
    /// finds the declined one after two that are not.
    @Test func exchangeRoleAndStatusFiltersFillThePage() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let network = try await fixture.network("leeds-nurses")
        let supporter = try await fixture.member("Sam", in: network)
        let other = try await fixture.member("Rita", in: network)
        try await fixture.application().test(.router) { client in
            let sam = try await client.logIn(supporter)
            let rita = try await client.logIn(other)
            let asRequester = try await Self.propose(client, fixture, network, supporter: rita, requester: sam, key: "a")
            let firstSupported = try await Self.propose(client, fixture, network, supporter: sam, requester: rita, key: "b")
            let secondSupported = try await Self.propose(client, fixture, network, supporter: sam, requester: rita, key: "c")
            let declined = try await client.send(.post, "/exchanges/\(secondSupported)/decline", token: sam, idempotencyKey: "d")
            #expect(declined.status == .ok)

            let supported = try await client.send(.get, "/exchanges?role=supporter&limit=2", token: sam).json(ExchangePageWire.self)
            #expect(supported.items.map(\.exchangeID) == [firstSupported, secondSupported])
            #expect(supported.nextCursor == nil)

            let requested = try await client.send(.get, "/exchanges?role=requester&limit=1", token: sam).json(ExchangePageWire.self)
            #expect(requested.items.map(\.exchangeID) == [asRequester])
            #expect(requested.nextCursor == nil)

            let onlyDeclined = try await client.send(.get, "/exchanges?status=declined&limit=1", token: sam).json(ExchangePageWire.self)
            #expect(onlyDeclined.items.map(\.exchangeID) == [secondSupported])
            #expect(onlyDeclined.nextCursor == nil)

            let proposed = try await client.send(.get, "/exchanges?status=proposed&role=supporter&limit=1", token: sam)
                .json(ExchangePageWire.self)
            #expect(proposed.items.map(\.exchangeID) == [firstSupported])
            #expect(proposed.nextCursor == nil)
        }
    }

    /// An offer by `supporter`, a request by `requester` and the requester's proposal on it;
    /// answers the exchange's id.
    static func propose(
        _ client: some TestClientProtocol, _ fixture: AppFixture, _ network: Network, supporter: String, requester: String,
        key: String
    ) async throws -> Int64 {
        let offer = try await client.send(
            .post, "/offers", json: ExchangeHandlerTests.offerJSON(network.id), token: supporter, idempotencyKey: "offer-\(key)")
            .json(OfferWire.self)
        let request = try await client.send(
            .post, "/requests", json: ExchangeHandlerTests.requestJSON(network.id, description: "Nights"), token: requester,
            idempotencyKey: "request-\(key)")
            .json(RequestWire.self)
        let proposed = try await client.send(.post, "/exchanges", json: """
            {"offerID":\(offer.offerID),"requestID":\(request.requestID),"scheduledStart":"\(fixture.instant(in: 86_400))","durationMinutes":60}
            """, token: requester, idempotencyKey: "exchange-\(key)")
        #expect(proposed.status == .created)
        return try proposed.json(ExchangeWireBody.self).exchangeID
    }
}
