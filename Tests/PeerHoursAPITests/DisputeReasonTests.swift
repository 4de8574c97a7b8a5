import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import PeerHoursAPI

/// The exchange with the fields only coordinators may see.
struct ExchangeWithReasons: Decodable {
    var status: String; var disputeReason: String?; var resolutionReason: String?
}

@Suite struct DisputeReasonTests {
    // Proves a dispute's and a resolution's reasons are stored and shown to the network's
    // coordinator only: the disputing party, the other party and the resolving coordinator's
    // answers to parties never carry them; an over-long reason is refused (400) with nothing changed.
    @Test func reasonsAreForCoordinatorsOnly() async throws {
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

            let tooLong = try await client.send(
                .post, "/exchanges/\(id)/dispute", json: #"{"reason":"\#(String(repeating: "x", count: 501))"}"#, token: rae)
            #expect(tooLong.status == .badRequest)
            #expect(try await client.send(.get, "/exchanges/\(id)", token: rae).json(ExchangeWithReasons.self).status == "accepted")

            let disputed = try await client.send(
                .post, "/exchanges/\(id)/dispute", json: #"{"reason":"The session did not take place"}"#, token: rae, idempotencyKey: "d")
            #expect(disputed.status == .ok)
            let asDisputer = try disputed.json(ExchangeWithReasons.self)
            #expect(asDisputer.status == "disputed" && asDisputer.disputeReason == nil)
            #expect(try await client.send(.get, "/exchanges/\(id)", token: sol).json(ExchangeWithReasons.self).disputeReason == nil)
            let asCoordinator = try await client.send(.get, "/exchanges/\(id)", token: cy).json(ExchangeWithReasons.self)
            #expect(asCoordinator.disputeReason == "The session did not take place")

            let resolved = try await client.send(.post, "/exchanges/\(id)/resolve", json: """
                {"outcome":"void","reason":"Both agree it was cancelled on the day"}
                """, token: cy, idempotencyKey: "r")
            let answer = try resolved.json(ExchangeWithReasons.self)
            #expect(answer.status == "cancelled" && answer.resolutionReason == "Both agree it was cancelled on the day")
            let listed = try await client.send(.get, "/exchanges", token: rae).json(PageOfReasons.self).items
            #expect(listed.count == 1 && listed[0].disputeReason == nil && listed[0].resolutionReason == nil)
            #expect(try await client.send(.get, "/exchanges/\(id)", token: sol).json(ExchangeWithReasons.self).resolutionReason == nil)
        }
        #expect(try await fixture.minutes(requester, network) == [120, 0, 120])
    }

    // Proves a group session is cancelled by its facilitator (200, twice the same), not by a
    // participant (403); a cancelled session cannot be completed (409) and nothing moved.
    @Test func groupSessionCancel() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let network = try await fixture.network("hull-nurses")
        let facilitator = try await fixture.member("Fay", in: network)
        let one = try await fixture.member("Ola", in: network)
        let two = try await fixture.member("Tom", in: network)
        try await fixture.application().test(.router) { client in
            let fay = try await client.logIn(facilitator)
            let ola = try await client.logIn(one)
            let session = try await client.send(.post, "/group-sessions", json: """
                {"networkID":\(network.id.rawValue),"facilitatorID":\(facilitator.id.rawValue),"title":"Circle",
                 "scheduledStart":"\(fixture.instant(in: 3_600))","durationMinutes":60,"participantIDs":[\(one.id.rawValue),\(two.id.rawValue)]}
                """, token: fay, idempotencyKey: "g").json(GroupSessionWire.self)
            let byParticipant = try await client.send(.post, "/group-sessions/\(session.groupSessionID)/cancel", token: ola, idempotencyKey: "c0")
            #expect(byParticipant.status == .forbidden)
            for key in ["c1", "c2"] {
                let cancelled = try await client.send(.post, "/group-sessions/\(session.groupSessionID)/cancel", token: fay, idempotencyKey: key)
                #expect(cancelled.status == .ok)
                #expect(try cancelled.json(GroupSessionWire.self).status == "cancelled")
            }
            fixture.ledgerClock.advance(seconds: 2 * 3_600)
            let complete = try await client.send(.post, "/group-sessions/\(session.groupSessionID)/complete", token: fay, idempotencyKey: "x")
            #expect(complete.status == .conflict)
            #expect(try await client.send(.get, "/group-sessions/\(session.groupSessionID)", token: ola).json(GroupSessionWire.self).status == "cancelled")
        }
        #expect(try await fixture.minutes(facilitator, network) == [120, 0, 120])
    }
}

struct PageOfReasons: Decodable { var items: [ExchangeWithReasons] }
