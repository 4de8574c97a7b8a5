import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import Testing
@testable import PeerHoursAPI

struct DormantPageWire: Decodable {
    struct Item: Decodable { var memberID: Int64; var displayName: String; var lastExchangeAt: Date? }
    var days: Int; var items: [Item]; var nextCursor: String?
}
struct OverduePageWire: Decodable {
    struct Item: Decodable {
        var exchangeID: Int64; var requesterName: String; var supporterName: String; var overdueMinutes: Int64
        var requesterConfirmed: Bool; var supporterConfirmed: Bool
    }
    var items: [Item]; var nextCursor: String?
}
struct UnmatchedPageWire: Decodable {
    struct Item: Decodable { var requestID: Int64; var requesterName: String; var kind: String; var topics: [String]; var ageDays: Int }
    var days: Int; var items: [Item]; var nextCursor: String?
}

@Suite struct FollowUpAPITests {
    /// North with its coordinator Cy, Sol (with an offer) and Rae; South with its coordinator Oz.
    static func northAndSouth(_ fixture: AppFixture) async throws
        -> (north: Network, coordinator: Member, supporter: Member, requester: Member, otherLead: Member, offer: Offer)
    {
        let north = try await fixture.network("north-gp")
        let south = try await fixture.network("south-gp")
        let coordinator = try await fixture.member("Cy", in: north, role: .coordinator)
        let supporter = try await fixture.member("Sol", in: north)
        let requester = try await fixture.member("Rae", in: north)
        let otherLead = try await fixture.member("Oz", in: south, role: .coordinator)
        let offer = try await ExchangeHandlerTests.domainOffer(fixture, supporter, north)
        return (north, coordinator, supporter, requester, otherLead, offer)
    }

    // Proves over HTTP the three follow-up lists name people — a member gone quiet, both people
    // of an exchange past its session, the requester of a request nobody proposed for (never its
    // description) — page by cursor, and each read is in the network's audit trail; a plain
    // member (403), a coordinator of another network (404), a caller not signed in (401), a
    // window outside its bounds and a bad limit (400) are refused.
    @Test func followUpListsByName() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let (north, coordinator, supporter, requester, otherLead, offer) = try await Self.northAndSouth(fixture)
        let waiting = try await fixture.domain.requests.createRequest(requester.actor, networkID: north.id, RequestDetails(
            kind: "coaching", topics: ["leadership"], timeZone: "Europe/London", mode: .video, language: "en",
            description: "Private words about my team"))
        let proposed = try await fixture.domain.exchanges.propose(requester.actor, ExchangeProposal(
            offerID: offer.id, scheduledStart: fixture.now.addingTimeInterval(3600)))
        _ = try await fixture.domain.exchanges.accept(supporter.actor, proposed.id)
        fixture.ledgerClock.advance(seconds: 3 * 86_400)

        try await fixture.application().test(.router) { client in
            let cy = try await client.logIn(coordinator)
            let rae = try await client.logIn(requester)
            let oz = try await client.logIn(otherLead)
            let base = "/networks/\(north.id.rawValue)/follow-ups"

            let overdue = try await client.send(.get, base + "/unconfirmed-exchanges", token: cy).json(OverduePageWire.self)
            #expect(overdue.items.map(\.exchangeID) == [proposed.id.rawValue])
            #expect(overdue.items.map(\.requesterName) == ["Rae"] && overdue.items.map(\.supporterName) == ["Sol"])
            #expect(overdue.items.map(\.overdueMinutes) == [3 * 24 * 60 - 120])

            let unmatched = try await client.send(.get, base + "/unmatched-requests?days=2", token: cy)
            #expect(!String(buffer: unmatched.body).contains("Private"))
            let requests = try unmatched.json(UnmatchedPageWire.self)
            #expect(requests.days == 2 && requests.items.map(\.requestID) == [waiting.id.rawValue])
            #expect(requests.items.map(\.requesterName) == ["Rae"] && requests.items.map(\.ageDays) == [3])

            let first = try await client.send(.get, base + "/dormant-members?days=1&limit=1", token: cy).json(DormantPageWire.self)
            #expect(first.days == 1 && first.items.map(\.displayName) == ["Cy"])
            let cursor = try #require(first.nextCursor)
            let rest = try await client.send(.get, base + "/dormant-members?days=1&cursor=\(cursor)", token: cy).json(DormantPageWire.self)
            #expect(rest.items.map(\.displayName) == ["Sol", "Rae"] && rest.nextCursor == nil)

            let trail = try await client.send(.get, "/networks/\(north.id.rawValue)/audit-events?limit=100", token: cy)
                .json(AuditPageWire.self).items.filter { $0.action == "network.follow_ups_viewed" }.compactMap(\.detail)
            #expect(trail == ["unconfirmed-exchanges", "unmatched-requests, 2 days", "dormant-members, 1 days",
                              "dormant-members, 1 days"])

            for list in ["/dormant-members", "/unconfirmed-exchanges", "/unmatched-requests"] {
                #expect(try await client.send(.get, base + list, token: rae).status == .forbidden)
                #expect(try await client.send(.get, base + list, token: oz).status == .notFound)
                #expect(try await client.send(.get, base + list).status == .unauthorized)
                #expect(try await client.send(.get, base + list + "?limit=101", token: cy).status == .badRequest)
            }
            #expect(try await client.send(.get, base + "/dormant-members?days=0", token: cy).status == .badRequest)
            #expect(try await client.send(.get, base + "/dormant-members?days=731", token: cy).status == .badRequest)
            #expect(try await client.send(.get, base + "/unmatched-requests?days=366", token: cy).status == .badRequest)
        }
    }
}
