import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import Testing
@testable import PeerHoursAPI

private struct UrgentBody: Decodable, Equatable {
    var urgentRequestID: Int64; var networkID: Int64; var memberID: Int64; var note: String?; var contact: String?
    var status: String; var leadID: Int64?; var heldMinutes: Int64?; var conversationAt: Date?
}
private struct UrgentListBody: Decodable { var items: [UrgentBody] }
private struct LeadListBody: Decodable { var items: [LeadBody] }
private struct LeadBody: Decodable { var memberID: Int64; var displayName: String }
private struct SettingsBody: Decodable { var escalationWorkingMinutes: Int }

/// The tokens and ids of `UrgentAPITests.network`.
private struct UrgentTokens {
    var cora: String, lena: String, mo: String, bea: String
    var networkID: Int64, lenaID: Int64, moID: Int64
    var network: Network
    var lead: Member
}

@Suite struct UrgentAPITests {
    static let problems = "https://peerhours.example/problems/"

    /// A network with Cora (coordinator), Lena (made a lead over HTTP), Mo (who asks) and Bea.
    private static func network(_ fixture: AppFixture, _ client: some TestClientProtocol) async throws
        -> UrgentTokens
    {
        let network = try await fixture.network("leeds-urgent", policy: NetworkPolicy(welcomeGrantMinutes: 0))
        let cora = try await fixture.member("Cora", in: network, role: .coordinator)
        let lena = try await fixture.member("Lena", in: network)
        let mo = try await fixture.member("Mo", in: network)
        _ = try await fixture.member("Bea", in: network)
        let coraToken = try await client.logIn(cora)
        let appointed = try await client.send(.put, "/networks/\(network.id.rawValue)/wellbeing-leads/\(lena.id.rawValue)", token: coraToken)
        precondition(appointed.status == .ok, "appoint: \(String(buffer: appointed.body))")
        return UrgentTokens(
            cora: coraToken, lena: try await client.logIn(lena), mo: try await client.logIn(mo),
            bea: try await client.logIn(email: "bea@example.nhs.uk", password: AppFixture.password),
            networkID: network.id.rawValue, lenaID: lena.id.rawValue, moID: mo.id.rawValue, network: network, lead: lena)
    }

    // Proves the route over HTTP: a member asks (201, note and contact back to them; a keyed
    // retry replays it), the lead lists the queue and reads it, acknowledges, arranges and
    // closes with 30 minutes paid (the lead's balance moves, the member's does not); the
    // member lists their own; a second open request is 409.
    @Test func happyPath() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            let n = try await Self.network(fixture, client)
            let body = #"{"note":"Struggling after nights","contact":"07700 900123 after 6"}"#
            let created = try await client.send(.post, "/networks/\(n.networkID)/urgent-requests", json: body, token: n.mo, idempotencyKey: "u1")
            #expect(created.status == .created)
            let request = try created.json(UrgentBody.self)
            #expect(request.status == "waiting" && request.note == "Struggling after nights" && request.memberID == n.moID)
            let replay = try await client.send(.post, "/networks/\(n.networkID)/urgent-requests", json: body, token: n.mo, idempotencyKey: "u1")
            #expect(try replay.status == .created && replay.json(UrgentBody.self) == request)
            let second = try await client.send(.post, "/networks/\(n.networkID)/urgent-requests", json: "{}", token: n.mo, idempotencyKey: "u2")
            #expect(try second.status == .conflict && (try second.problem().type) == Self.problems + "invalid-state")

            let queue = try await client.send(.get, "/networks/\(n.networkID)/urgent-requests", token: n.lena).json(UrgentListBody.self)
            #expect(queue.items.map(\.urgentRequestID) == [request.urgentRequestID])
            let path = "/urgent-requests/\(request.urgentRequestID)"
            #expect(try await client.send(.get, path, token: n.lena).json(UrgentBody.self).contact == "07700 900123 after 6")
            let acknowledged = try await client.send(.post, path + "/acknowledgement", token: n.lena, idempotencyKey: "a1")
            #expect(try acknowledged.status == .ok && acknowledged.json(UrgentBody.self).leadID == n.lenaID)
            let arranged = try await client.send(.post, path + "/arrangement", json: #"{"conversationAt":"\#(fixture.instant(in: 3600))"}"#,
                                                 token: n.lena, idempotencyKey: "r1")
            #expect(try arranged.status == .ok && arranged.json(UrgentBody.self).status == "arranged")
            let closed = try await client.send(.post, path + "/closure", json: #"{"heldMinutes":30}"#, token: n.lena, idempotencyKey: "c1")
            #expect(try closed.status == .ok && closed.json(UrgentBody.self).heldMinutes == 30)
            #expect(try await fixture.minutes(n.lead, n.network) == [30, 0, 30])
            let own = try await client.send(.get, "/members/me/urgent-requests", token: n.mo).json(UrgentListBody.self)
            #expect(own.items.map(\.status) == ["closed"])
            let withClosed = try await client.send(.get, "/networks/\(n.networkID)/urgent-requests?includeClosed=true", token: n.lena)
            #expect(try withClosed.json(UrgentListBody.self).items.count == 1)
        }
    }

    // Proves each refusal: another member and the coordinator get 404 for the request and the
    // coordinator 403 for the queue; the member cannot acknowledge their own (404 as a non-lead
    // … 403 as the asker); closing before an acknowledgement is 409; minutes out of range and
    // a note too long are 400; a bad path id is 400; no token is 401; a keyless POST is 400.
    @Test func refusals() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            let n = try await Self.network(fixture, client)
            let long = String(repeating: "a", count: 501)
            let tooLong = try await client.send(.post, "/networks/\(n.networkID)/urgent-requests", json: #"{"note":"\#(long)"}"#,
                                                token: n.mo, idempotencyKey: "l1")
            #expect(tooLong.status == .badRequest)
            let request = try await client.send(.post, "/networks/\(n.networkID)/urgent-requests", json: "{}", token: n.mo,
                                                idempotencyKey: "u1").json(UrgentBody.self)
            let path = "/urgent-requests/\(request.urgentRequestID)"
            #expect(try await client.send(.get, path, token: n.bea).status == .notFound)
            #expect(try await client.send(.get, path, token: n.cora).status == .notFound)
            #expect(try await client.send(.get, "/networks/\(n.networkID)/urgent-requests", token: n.cora).status == .forbidden)
            #expect(try await client.send(.post, path + "/acknowledgement", token: n.bea, idempotencyKey: "b1").status == .notFound)
            #expect(try await client.send(.post, path + "/acknowledgement", token: n.mo, idempotencyKey: "m1").status == .forbidden)
            #expect(try await client.send(.post, path + "/closure", json: "{}", token: n.lena, idempotencyKey: "c0").status == .conflict)
            #expect(try await client.send(.post, path + "/acknowledgement", token: n.lena, idempotencyKey: "a1").status == .ok)
            #expect(try await client.send(.post, path + "/closure", json: #"{"heldMinutes":5}"#, token: n.lena, idempotencyKey: "c1")
                .status == .badRequest)
            #expect(try await client.send(.post, path + "/withdrawal", token: n.lena, idempotencyKey: "w0").status == .forbidden)
            #expect(try await client.send(.post, path + "/withdrawal", token: n.mo).status == .badRequest)
            #expect(try await client.send(.get, "/urgent-requests/0", token: n.mo).status == .badRequest)
            #expect(try await client.send(.get, path).status == .unauthorized)
            let withdrawn = try await client.send(.post, path + "/withdrawal", token: n.mo, idempotencyKey: "w1")
            #expect(try withdrawn.status == .ok && withdrawn.json(UrgentBody.self).status == "withdrawn")
        }
    }

    // Proves leads and settings over HTTP: members list the leads; only a coordinator appoints
    // (a member is 403), removes, and sets the escalation time (out of range is 400); leads read
    // the settings, other members get 403, outsiders 404.
    @Test func leadsAndSettings() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            let n = try await Self.network(fixture, client)
            let leads = try await client.send(.get, "/networks/\(n.networkID)/wellbeing-leads", token: n.mo).json(LeadListBody.self)
            #expect(leads.items.map(\.displayName) == ["Lena"])
            let leadPath = "/networks/\(n.networkID)/wellbeing-leads/\(n.moID)"
            #expect(try await client.send(.put, leadPath, token: n.mo).status == .forbidden)
            #expect(try await client.send(.put, leadPath, token: n.cora).json(LeadListBody.self).items.count == 2)
            #expect(try await client.send(.delete, leadPath, token: n.cora).json(LeadListBody.self).items.count == 1)

            let settings = "/networks/\(n.networkID)/urgent-settings"
            #expect(try await client.send(.get, settings, token: n.lena).json(SettingsBody.self).escalationWorkingMinutes == 240)
            #expect(try await client.send(.get, settings, token: n.mo).status == .forbidden)
            #expect(try await client.send(.put, settings, json: #"{"escalationWorkingMinutes":10}"#, token: n.cora).status == .badRequest)
            let updated = try await client.send(.put, settings, json: #"{"escalationWorkingMinutes":120}"#, token: n.cora)
            #expect(try updated.status == .ok && updated.json(SettingsBody.self).escalationWorkingMinutes == 120)
            let elsewhere = try await fixture.network("york-urgent")
            let outsider = try await client.logIn(try await fixture.member("Ola", in: elsewhere))
            #expect(try await client.send(.get, settings, token: outsider).status == .notFound)
            #expect(try await client.send(.get, "/networks/\(n.networkID)/wellbeing-leads", token: outsider).status == .notFound)
        }
    }
}
