import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import PeerHoursAPI

struct CrossExchangeWire: Decodable {
    var exchangeID: Int64; var networkID: Int64; var supporterNetworkID: Int64?; var agreementID: Int64?; var status: String
}
struct PartnerPositionWire: Decodable {
    var partnerNetworkID: Int64; var openAgreementStatus: String?; var netReceivedMinutes: Int64; var pendingReceivedMinutes: Int64
    var sessionsReceived: Int; var receiveHeadroomMinutes: Int64?; var giveHeadroomMinutes: Int64?
}
struct PartnerPositionListWire: Decodable { var items: [PartnerPositionWire] }
struct OfferPageWire: Decodable { var items: [OfferWire] }

@Suite struct CrossNetworkAPITests {
    // Proves over HTTP: a north member finds south's partner-visible offer, reads it, proposes to
    // it for a north request (201, with the supporter's network and the agreement), south's
    // supporter accepts (both sides reserved); the next proposal beyond the one-hour imbalance is
    // 409 `agreement-imbalance-exceeded`; positions are for each network's coordinators (a
    // member 403, another network's coordinator 404) and show the reservation and headroom.
    @Test func proposeAcrossNetworksAndReadPositions() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let north = try await fixture.network("north-gp")
        let south = try await fixture.network("south-nurses")
        let northLead = try await fixture.member("Nia", in: north, role: .coordinator)
        let southLead = try await fixture.member("Sol", in: south, role: .coordinator)
        let requester = try await fixture.member("Rae", in: north)
        let supporter = try await fixture.member("Sam", in: south)
        let agreements = fixture.domain.agreements
        let proposed = try await agreements.propose(northLead.actor, from: north.id, to: south.id, AgreementTerms(
            kinds: ["peer_support"], proposerMayReceiveMinutes: 60, partnerMayReceiveMinutes: 600,
            startsOn: fixture.now, endsOn: fixture.now.addingTimeInterval(300 * 86_400)))
        let agreement = try await agreements.accept(southLead.actor, proposed.id)
        let offer = try await fixture.domain.offers.createOffer(supporter.actor, networkID: south.id, OfferDetails(
            title: "Peer support across networks", kinds: ["peer_support"], topics: ["burnout"],
            availability: (1...7).map { AvailabilityWindow(weekday: $0, startMinute: 0, endMinute: 1440) },
            timeZone: "Europe/London", modes: [.video], languages: ["en"], capacityHoursPerMonth: 10, visibility: .partners))
        func request() async throws -> SupportRequest {
            try await fixture.domain.requests.createRequest(requester.actor, networkID: north.id, RequestDetails(
                kind: "peer_support", topics: ["burnout"], timeZone: "Europe/London", mode: .video, language: "en",
                durationMinutes: 60, description: "Private words"))
        }
        let first = try await request()
        let second = try await request()
        try await fixture.application().test(.router) { client in
            let rae = try await client.logIn(requester)
            let sam = try await client.logIn(supporter)
            let nia = try await client.logIn(northLead)
            let sol = try await client.logIn(southLead)
            let found = try await client.send(.get, "/offers", token: rae).json(OfferPageWire.self)
            #expect(found.items.map(\.offerID) == [offer.id.rawValue])
            #expect(try await client.send(.get, "/offers/\(offer.id.rawValue)", token: rae).status == .ok)
            func propose(_ request: SupportRequest, key: String) async throws -> TestResponse {
                try await client.send(.post, "/exchanges", json: """
                    {"offerID":\(offer.id.rawValue),"requestID":\(request.id.rawValue),"scheduledStart":"\(fixture.instant(in: 86_400))","durationMinutes":60}
                    """, token: rae, idempotencyKey: key)
            }
            let created = try await propose(first, key: "one")
            #expect(created.status == .created)
            let exchange = try created.json(CrossExchangeWire.self)
            #expect(exchange.networkID == north.id.rawValue && exchange.supporterNetworkID == south.id.rawValue)
            #expect(exchange.agreementID == agreement.id.rawValue)
            let accepted = try await client.send(.post, "/exchanges/\(exchange.exchangeID)/accept", token: sam, idempotencyKey: "a")
            #expect(try accepted.json(CrossExchangeWire.self).status == "accepted")

            let refused = try await propose(second, key: "two")
            #expect(refused.status == .conflict)
            #expect(try refused.json(ProblemBody.self).type == Problem.typePrefix + "agreement-imbalance-exceeded")

            let positions = try await client.send(.get, "/networks/\(north.id.rawValue)/partner-positions", token: nia)
            let position = try positions.json(PartnerPositionListWire.self).items
            #expect(position.count == 1)
            #expect(position.first?.partnerNetworkID == south.id.rawValue && position.first?.openAgreementStatus == "active")
            #expect(position.first?.pendingReceivedMinutes == 60 && position.first?.netReceivedMinutes == 0)
            #expect(position.first?.receiveHeadroomMinutes == 0 && position.first?.giveHeadroomMinutes == 600)
            #expect(try await client.send(.get, "/networks/\(north.id.rawValue)/partner-positions", token: rae).status == .forbidden)
            #expect(try await client.send(.get, "/networks/\(north.id.rawValue)/partner-positions", token: sol).status == .notFound)
            #expect(try await client.send(.get, "/exchanges/\(exchange.exchangeID)", token: sol).status == .ok)
        }
    }
}
