import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import PeerHoursAPI

struct SignpostWire: Codable, Equatable {
    var name: String
    var how: String
    var about: String
}

struct CareTextsWire: Codable, Equatable {
    var signposts: [SignpostWire]
    var privacyNotice: String?
    var updatedAt: Date?
}

@Suite struct CareTextAPITests {
    // Proves over HTTP: anyone reads a network's care texts without a token (empty until saved,
    // 404 for a network that does not exist); its coordinator replaces them (trimmed, stamped)
    // and everyone then reads the new ones; the audit trail records the change without the text.
    @Test func publicReadCoordinatorWrite() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let north = try await fixture.network("north-gp")
        let nia = try await fixture.member("Nia", in: north, role: .coordinator)
        try await fixture.application().test(.router) { client in
            let path = "/networks/\(north.id.rawValue)/care-texts"
            #expect(try await client.send(.get, path).json(CareTextsWire.self) == CareTextsWire(signposts: []))
            #expect(try await client.send(.get, "/networks/9999/care-texts").status == .notFound)
            let token = try await client.logIn(nia)
            let put = try await client.send(.put, path, json: """
                {"signposts":[{"name":" Samaritans ","how":"Call 116 123","about":""}],"privacyNotice":"Ask Nia."}
                """, token: token)
            #expect(put.status == .ok)
            let stored = try put.json(CareTextsWire.self)
            #expect(stored.signposts == [SignpostWire(name: "Samaritans", how: "Call 116 123", about: "")])
            #expect(stored.privacyNotice == "Ask Nia." && stored.updatedAt != nil)
            #expect(try await client.send(.get, path).json(CareTextsWire.self) == stored)
        }
        let trail = try await fixture.domain.audit.trail(fixture.admin.actor, networkID: north.id).items
        #expect(trail.filter { $0.action == .careTextsUpdated }.map(\.detail) == [nil])
    }

    // Proves the refusals: no token 401; a plain member 403; a coordinator of another network
    // 404; a signpost without a name or 13 of them 400 naming the field; nothing stored.
    @Test func refusals() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let north = try await fixture.network("north-gp")
        let south = try await fixture.network("south-gp")
        let rae = try await fixture.member("Rae", in: north)
        let nia = try await fixture.member("Nia", in: north, role: .coordinator)
        let sol = try await fixture.member("Sol", in: south, role: .coordinator)
        try await fixture.application().test(.router) { client in
            let path = "/networks/\(north.id.rawValue)/care-texts"
            let body = #"{"signposts":[{"name":"Samaritans","how":"Call 116 123","about":""}]}"#
            #expect(try await client.send(.put, path, json: body).status == .unauthorized)
            #expect(try await client.send(.put, path, json: body, token: try await client.logIn(rae)).status == .forbidden)
            #expect(try await client.send(.put, path, json: body, token: try await client.logIn(sol)).status == .notFound)
            let niaToken = try await client.logIn(nia)
            let blank = try await client.send(.put, path, json: #"{"signposts":[{"name":"  ","how":"x","about":""}]}"#, token: niaToken)
            let problem = try blank.problem()
            #expect(blank.status == .badRequest && problem.detail.contains("signposts[0].name"))
            let many = "{\"signposts\":[" + Array(repeating: #"{"name":"A","how":"x","about":""}"#, count: 13).joined(separator: ",") + "]}"
            #expect(try await client.send(.put, path, json: many, token: niaToken).status == .badRequest)
            #expect(try await client.send(.get, path).json(CareTextsWire.self) == CareTextsWire(signposts: []))
        }
    }
}
