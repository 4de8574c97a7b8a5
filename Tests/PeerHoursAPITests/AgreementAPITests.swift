import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import PeerHoursAPI

struct AgreementWire: Decodable {
    var agreementID: Int64; var status: String; var proposerMayReceiveHours: Int64; var startsOn: String; var endsOn: String
    var proposerMonthlySessionQuota: Int?
}
struct AgreementPageWire: Decodable { var items: [AgreementWire] }

@Suite struct AgreementAPITests {
    // Proves over HTTP: the coordinator finds the partner in the network directory (a member may
    // not list it: 403); north's coordinator proposes (201, hours and days round-trip), south's
    // accepts (200), either lists it; a member (403) and an outsider (404) are refused; hostile
    // input — hours past the limit or absurd, a day that does not exist, a term over five years —
    // is a 400 naming the field, never a crash; a second open agreement for the pair is 409.
    @Test func proposeAcceptAndRefusals() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let north = try await fixture.network("north-gp")
        let south = try await fixture.network("south-nurses")
        let east = try await fixture.network("east-pharmacy")
        let northLead = try await fixture.member("Nia", in: north, role: .coordinator)
        let southLead = try await fixture.member("Sol", in: south, role: .coordinator)
        let eastLead = try await fixture.member("Eve", in: east, role: .coordinator)
        let member = try await fixture.member("Mo", in: north)
        try await fixture.application().test(.router) { client in
            let nia = try await client.logIn(northLead)
            let sol = try await client.logIn(southLead)
            let eve = try await client.logIn(eastLead)
            let mo = try await client.logIn(member)
            func body(hours: String = "40", ends: String = "2030-12-31") -> String {
                #"{"partnerNetworkID":\#(south.id.rawValue),"kinds":["peer_support"],"proposerMayReceiveHours":\#(hours),"partnerMayReceiveHours":20,"proposerMonthlySessionQuota":12,"startsOn":"2026-01-01","endsOn":"\#(ends)"}"#
            }
            let path = "/networks/\(north.id.rawValue)/agreements"
            let directory = try await client.send(.get, "/network-directory", token: nia).json(NetworkPageBody.self)
            #expect(directory.items.map(\.slug) == ["north-gp", "south-nurses", "east-pharmacy"])
            #expect(try await client.send(.get, "/network-directory", token: mo).status == .forbidden)
            #expect(try await client.send(.post, path, json: body(), token: mo, idempotencyKey: "m").status == .forbidden)
            for (key, hostile, field) in [("h1", body(hours: "10001"), "/proposerMayReceiveHours"),
                                          ("h2", body(hours: "9223372036854775807"), "/proposerMayReceiveHours"),
                                          ("h3", body(ends: "2030-02-30"), "/endsOn"),
                                          ("h4", body(ends: "2099-12-31"), "/endsOn")] {
                let refused = try await client.send(.post, path, json: hostile, token: nia, idempotencyKey: key)
                #expect(refused.status == .badRequest)
                #expect(try refused.json(FieldErrorsBody.self).errors?.map(\.pointer) == [field])
            }
            let created = try await client.send(.post, path, json: body(), token: nia, idempotencyKey: "p")
            #expect(created.status == .created)
            let agreement = try created.json(AgreementWire.self)
            #expect(agreement.status == "proposed" && agreement.proposerMayReceiveHours == 40)
            #expect(agreement.startsOn == "2026-01-01" && agreement.endsOn == "2030-12-31" && agreement.proposerMonthlySessionQuota == 12)

            #expect(try await client.send(.get, "/agreements/\(agreement.agreementID)", token: eve).status == .notFound)
            #expect(try await client.send(.post, "/agreements/\(agreement.agreementID)/accept", token: nia).status == .forbidden)
            let accepted = try await client.send(.post, "/agreements/\(agreement.agreementID)/accept", token: sol)
            #expect(try accepted.json(AgreementWire.self).status == "active")
            let listed = try await client.send(.get, "/networks/\(south.id.rawValue)/agreements", token: sol).json(AgreementPageWire.self)
            #expect(listed.items.map(\.agreementID) == [agreement.agreementID])
            #expect(try await client.send(.post, path, json: body(), token: nia, idempotencyKey: "p2").status == .conflict)
            let ended = try await client.send(.post, "/agreements/\(agreement.agreementID)/end", token: sol)
            #expect(try ended.json(AgreementWire.self).status == "ended")
        }
    }
}
