import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import Testing
@testable import PeerHoursAPI

/// Issue 16 over HTTP: the proposal rules' problem types, group-session reading and consent,
/// and a request's supporter preferences.
@Suite struct ExchangeRulesAPITests {
    static let problems = "https://peerhours.example/problems/"

    static func offer(_ fixture: AppFixture, _ supporter: Member, _ network: Network,
                      availability: [AvailabilityWindow], capacityHours: Int = 4) async throws -> Offer {
        try await fixture.domain.offers.createOffer(supporter.actor, networkID: network.id, OfferDetails(
            title: "Peer support", kinds: ["peer_support"], topics: ["burnout"], availability: availability,
            timeZone: "Europe/London", modes: [.video], languages: ["en"], capacityHoursPerMonth: capacityHours))
    }

    static let allWeek = (1...7).map { AvailabilityWindow(weekday: $0, startMinute: 0, endMinute: 1440) }

    static func proposal(_ offer: Offer, at start: String, minutes: Int, requestID: Int64? = nil) -> String {
        let request = requestID.map { ",\"requestID\":\($0)" } ?? ""
        return #"{"offerID":\#(offer.id.rawValue),"scheduledStart":"\#(start)","durationMinutes":\#(minutes)\#(request)}"#
    }

    // Proves each proposal rule answers its own problem: a Tuesday session on a Monday-morning
    // offer 422 `outside-availability` naming the window; beyond the month's hours 422
    // `capacity-exhausted`; beyond the requester's floor 422 `insufficient-credit` in words; a
    // second open proposal for the same request and offer 409 `open-proposal-exists`.
    @Test func proposalRulesAnswerTheirProblems() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let network = try await fixture.network("rules-net", policy: NetworkPolicy(creditFloorMinutes: 0, welcomeGrantMinutes: 90))
        let supporter = try await fixture.member("Sia", in: network)
        let requester = try await fixture.member("Ray", in: network)
        let mondays = try await Self.offer(fixture, supporter, network,
                                           availability: [AvailabilityWindow(weekday: 1, startMinute: 540, endMinute: 720)])
        let small = try await Self.offer(fixture, supporter, network, availability: Self.allWeek, capacityHours: 1)
        try await fixture.application().test(.router) { client in
            let ray = try await client.logIn(requester)
            // The fixture's clock is Monday 21 September 2026; the next day is a Tuesday.
            let tuesday = try await client.send(.post, "/exchanges", json: Self.proposal(mondays, at: "2026-09-22T09:00:00Z", minutes: 60),
                                                token: ray, idempotencyKey: "t")
            #expect(tuesday.status == .unprocessableContent)
            #expect(try tuesday.problem().type == Self.problems + "outside-availability")
            #expect(try tuesday.problem().detail.contains("Monday 09:00–12:00"))

            let fits = try await client.send(.post, "/exchanges", json: Self.proposal(small, at: fixture.instant(in: 86_400), minutes: 45),
                                             token: ray, idempotencyKey: "c1")
            #expect(fits.status == .created)
            let full = try await client.send(.post, "/exchanges", json: Self.proposal(small, at: fixture.instant(in: 86_400), minutes: 30),
                                             token: ray, idempotencyKey: "c2")
            #expect(full.status == .unprocessableContent)
            #expect(try full.problem().type == Self.problems + "capacity-exhausted")
            #expect(try full.problem().detail.contains("15 min left"))

            let broke = try await client.send(.post, "/exchanges", json: Self.proposal(mondays, at: "2026-09-28T08:00:00Z", minutes: 120),
                                              token: ray, idempotencyKey: "f")
            #expect(broke.status == .unprocessableContent)
            #expect(try broke.problem().type == Self.problems + "insufficient-credit")
            #expect(try broke.problem().detail == "This session needs 2 h and you can spend 1 h 30 min before your network's limit of 0 min.")

            let request = try await client.send(.post, "/requests", json: ExchangeHandlerTests.requestJSON(network.id, description: "x"),
                                                token: ray, idempotencyKey: "r").json(RequestWire.self)
            let first = try await client.send(.post, "/exchanges", json: Self.proposal(
                mondays, at: "2026-09-28T08:00:00Z", minutes: 60, requestID: request.requestID), token: ray, idempotencyKey: "d1")
            #expect(first.status == .created)
            let twice = try await client.send(.post, "/exchanges", json: Self.proposal(
                mondays, at: "2026-09-28T09:00:00Z", minutes: 60, requestID: request.requestID), token: ray, idempotencyKey: "d2")
            #expect(twice.status == .conflict)
            #expect(try twice.problem().type == Self.problems + "open-proposal-exists")
            #expect(try twice.problem().detail.contains("exchange \(try first.json(ExchangeWireBody.self).exchangeID)"))
        }
    }

    // Proves GET /group-sessions/{id} answers its facilitator, participants and the network's
    // coordinators (200), another member of the network 403 and an outsider 404; and that with
    // split payment only the participant who joined (POST …/join, twice the same) pays, the other
    // having joined and left before the start (POST …/leave).
    @Test func groupSessionReadersAndConsent() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let network = try await fixture.network("circle-net", policy: NetworkPolicy(groupSessionPayment: .split))
        let elsewhere = try await fixture.network("other-net")
        let facilitator = try await fixture.member("Fay", in: network)
        let one = try await fixture.member("Ola", in: network)
        let two = try await fixture.member("Tom", in: network)
        let coordinator = try await fixture.member("Cora", in: network, role: .coordinator)
        let bystander = try await fixture.member("Bo", in: network)
        let outsider = try await fixture.member("Otto", in: elsewhere)
        try await fixture.application().test(.router) { client in
            let fay = try await client.logIn(facilitator)
            let ola = try await client.logIn(one)
            let tom = try await client.logIn(two)
            let session = try await client.send(.post, "/group-sessions", json: """
                {"networkID":\(network.id.rawValue),"facilitatorID":\(facilitator.id.rawValue),"title":"Circle",
                 "scheduledStart":"\(fixture.instant(in: 3_600))","durationMinutes":60,"participantIDs":[\(one.id.rawValue),\(two.id.rawValue)]}
                """, token: fay, idempotencyKey: "g").json(GroupSessionWire.self)
            #expect(session.joinedParticipantIDs == [])
            let path = "/group-sessions/\(session.groupSessionID)"
            for token in [fay, ola, try await client.logIn(coordinator)] {
                #expect(try await client.send(.get, path, token: token).status == .ok)
            }
            #expect(try await client.send(.get, path, token: try await client.logIn(bystander)).status == .forbidden)
            #expect(try await client.send(.get, path, token: try await client.logIn(outsider)).status == .notFound)

            for key in ["j1", "j2"] {
                let joined = try await client.send(.post, path + "/join", token: ola, idempotencyKey: key)
                #expect(joined.status == .ok)
                #expect(try joined.json(GroupSessionWire.self).joinedParticipantIDs == [one.id.rawValue])
            }
            _ = try await client.send(.post, path + "/join", token: tom, idempotencyKey: "t1")
            let left = try await client.send(.post, path + "/leave", token: tom, idempotencyKey: "t2")
            #expect(try left.json(GroupSessionWire.self).joinedParticipantIDs == [one.id.rawValue])
            fixture.ledgerClock.advance(seconds: 2 * 3_600)
            let late = try await client.send(.post, path + "/join", token: tom, idempotencyKey: "t3")
            #expect(late.status == .conflict)
            let completed = try await client.send(.post, path + "/complete", token: fay, idempotencyKey: "c")
            #expect(completed.status == .ok)
        }
        #expect(try await fixture.minutes(one, network) == [60, 0, 60])
        #expect(try await fixture.minutes(two, network) == [120, 0, 120])
        #expect(try await fixture.minutes(facilitator, network) == [180, 0, 180])
    }

    // Proves a request's preferred profession and career stage are accepted, stored and answered.
    @Test func requestPreferencesRoundTrip() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let network = try await fixture.network("prefs-net")
        let requester = try await fixture.member("Ray", in: network)
        try await fixture.application().test(.router) { client in
            let ray = try await client.logIn(requester)
            let created = try await client.send(.post, "/requests", json: """
                {"networkID":\(network.id.rawValue),"kind":"peer_support","mode":"video","language":"en",
                 "preferredProfession":"Nurse","preferredCareerStage":"senior"}
                """, token: ray, idempotencyKey: "r")
            #expect(created.status == .created)
            let id = try created.json(RequestWire.self).requestID
            let read = try await client.send(.get, "/requests/\(id)", token: ray).json(PreferencesWire.self)
            #expect(read.preferredProfession == "Nurse" && read.preferredCareerStage == "senior")
        }
    }

    struct PreferencesWire: Decodable { var preferredProfession: String?; var preferredCareerStage: String? }
}
