import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import PeerHoursAPI

struct WeightsWire: Codable, Equatable {
    var topicOverlap, availabilityOverlap, professionPreference, careerStagePreference: Int
    var history, loadFairness, balanceFairness, imbalanceReduction: Int
}
struct BlockListWire: Decodable { var memberIDs: [Int64] }

@Suite struct MatchingPreferencesAPITests {
    // Proves over HTTP: the standard weights until set; a coordinator sets them (200, read back
    // by a member); a member may not (403); a weight over 1000 is refused naming it (400) with
    // nothing changed.
    @Test func weights() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let north = try await fixture.network("north-gp")
        let member = try await fixture.member("Mo", in: north)
        let coordinator = try await fixture.member("Cy", in: north, role: .coordinator)
        try await fixture.application().test(.router) { client in
            let mo = try await client.logIn(member)
            let cy = try await client.logIn(coordinator)
            let path = "/networks/\(north.id.rawValue)/matching-weights"
            let standard = try await client.send(.get, path, token: mo).json(WeightsWire.self)
            #expect(standard == WeightsWire(topicOverlap: 40, availabilityOverlap: 15, professionPreference: 10,
                                            careerStagePreference: 5, history: 10, loadFairness: 10, balanceFairness: 5,
                                            imbalanceReduction: 5))
            let wanted = #"{"topicOverlap":20,"availabilityOverlap":30,"professionPreference":0,"careerStagePreference":0,"history":10,"loadFairness":20,"balanceFairness":10,"imbalanceReduction":10}"#
            #expect(try await client.send(.put, path, json: wanted, token: mo).status == .forbidden)
            let set = try await client.send(.put, path, json: wanted, token: cy)
            #expect(set.status == .ok)
            #expect(try await client.send(.get, path, token: mo).json(WeightsWire.self).availabilityOverlap == 30)
            let tooMuch = try await client.send(.put, path, json: wanted.replacingOccurrences(of: #""history":10"#, with: #""history":1001"#), token: cy)
            #expect(tooMuch.status == .badRequest)
            #expect(try tooMuch.json(FieldErrorsBody.self).errors?.map(\.pointer) == ["/history"])
            #expect(try await client.send(.get, path, token: mo).json(WeightsWire.self).history == 10)
        }
    }

    // Proves blocks over HTTP are the caller's own: block (201), listed for the blocker only,
    // unblock (200, empty), blocking oneself 400 and an unknown member 404.
    @Test func blocks() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let north = try await fixture.network("north-gp")
        let rae = try await fixture.member("Rae", in: north)
        let sol = try await fixture.member("Sol", in: north)
        try await fixture.application().test(.router) { client in
            let raeToken = try await client.logIn(rae)
            let solToken = try await client.logIn(sol)
            let blocked = try await client.send(.post, "/me/blocks", json: #"{"memberID":\#(sol.id.rawValue)}"#, token: raeToken, idempotencyKey: "b")
            #expect(blocked.status == .created)
            #expect(try blocked.json(BlockListWire.self).memberIDs == [sol.id.rawValue])
            #expect(try await client.send(.get, "/me/blocks", token: solToken).json(BlockListWire.self).memberIDs.isEmpty)
            #expect(try await client.send(.post, "/me/blocks", json: #"{"memberID":\#(rae.id.rawValue)}"#, token: raeToken, idempotencyKey: "s").status == .badRequest)
            #expect(try await client.send(.post, "/me/blocks", json: #"{"memberID":9999}"#, token: raeToken, idempotencyKey: "u").status == .notFound)
            let removed = try await client.send(.delete, "/me/blocks/\(sol.id.rawValue)", token: raeToken)
            #expect(removed.status == .ok)
            #expect(try removed.json(BlockListWire.self).memberIDs.isEmpty)
        }
    }
}
