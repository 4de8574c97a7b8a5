import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import PeerHoursAPI

@Suite struct DisputeAnswerAPITests {
    struct Answered: Decodable {
        var status: String; var disputeReason: String?; var disputeAnswer: String?; var disputeAnsweredAt: String?; var disputedAt: String?
    }

    struct DisputePage: Decodable {
        struct Item: Decodable {
            var exchangeID: Int64; var requesterName: String; var supporterName: String; var disputedBy: Int64; var answered: Bool
            var ageDays: Int
        }

        var items: [Item]
    }

    // Proves POST /exchanges/{id}/dispute-answer and GET /networks/{id}/follow-ups/disputed-exchanges:
    // the other party gives their side once (the disputer 403, other words 409), the parties
    // see only that it was given, the coordinator reads both sides and lists the dispute by name
    // (a plain member 403); the list's reads are audited.
    @Test func otherSideAndDisputeList() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let network = try await fixture.network("leeds-gp")
        let supporter = try await fixture.member("Sol", in: network)
        let requester = try await fixture.member("Rae", in: network)
        let coordinator = try await fixture.member("Cy", in: network, role: .coordinator)
        let offer = try await ExchangeHandlerTests.domainOffer(fixture, supporter, network)
        try await fixture.application().test(.router) { client in
            let sol = try await client.logIn(supporter)
            let rae = try await client.logIn(requester)
            let cy = try await client.logIn(coordinator)
            let id = try await client.send(.post, "/exchanges", json: """
                {"offerID":\(offer.id.rawValue),"scheduledStart":"\(fixture.instant(in: 3_600))","durationMinutes":60}
                """, token: rae, idempotencyKey: "p").json(ExchangeWireBody.self).exchangeID
            #expect(try await client.send(.post, "/exchanges/\(id)/accept", token: sol, idempotencyKey: "a").status == .ok)
            let early = try await client.send(.post, "/exchanges/\(id)/dispute-answer", json: #"{"reason":"Early"}"#, token: sol)
            #expect(early.status == .conflict)
            #expect(try await client.send(.post, "/exchanges/\(id)/dispute", json: #"{"reason":"Did not happen"}"#,
                                          token: rae).status == .ok)
            let own = try await client.send(.post, "/exchanges/\(id)/dispute-answer", json: #"{"reason":"Mine"}"#, token: rae)
            #expect(own.status == .forbidden)
            let empty = try await client.send(.post, "/exchanges/\(id)/dispute-answer", json: #"{"reason":""}"#, token: sol)
            #expect(empty.status == .badRequest)
            let answered = try await client.send(.post, "/exchanges/\(id)/dispute-answer", json: #"{"reason":"It did"}"#, token: sol)
            #expect(answered.status == .ok)
            let asParty = try answered.json(Answered.self)
            #expect(asParty.status == "disputed" && asParty.disputeAnswer == nil && asParty.disputeAnsweredAt != nil)
            let changed = try await client.send(.post, "/exchanges/\(id)/dispute-answer", json: #"{"reason":"Other"}"#, token: sol)
            #expect(changed.status == .conflict)
            let asCoordinator = try await client.send(.get, "/exchanges/\(id)", token: cy).json(Answered.self)
            #expect(asCoordinator.disputeReason == "Did not happen" && asCoordinator.disputeAnswer == "It did")
            #expect(asCoordinator.disputedAt != nil)
            let path = "/networks/\(network.id.rawValue)/follow-ups/disputed-exchanges"
            let page = try await client.send(.get, path, token: cy).json(DisputePage.self)
            #expect(page.items.count == 1)
            #expect(page.items.first.map { [$0.requesterName, $0.supporterName] } == ["Rae", "Sol"])
            #expect(page.items.first?.disputedBy == requester.id.rawValue && page.items.first?.answered == true)
            #expect(try await client.send(.get, path, token: rae).status == .forbidden)
        }
    }
}
