import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import Testing
@testable import PeerHoursAPI

struct InvitationWire: Decodable { var invitationID: Int64; var email: String; var token: String }
struct InvitationSummaryWire: Decodable {
    var invitationID: Int64; var email: String; var status: String; var invitedByMemberID: Int64; var invitedByName: String?
    var acceptedAt: Date?; var acceptedMemberID: Int64?; var revokedAt: Date?
}
struct InvitationSummaryPageWire: Decodable { var items: [InvitationSummaryWire]; var nextCursor: String? }
struct BatchItemWire: Decodable { var email: String; var outcome: String; var invitation: InvitationWire?; var pendingInvitationID: Int64? }
struct BatchWire: Decodable { var items: [BatchItemWire] }

@Suite struct InvitationManagementAPITests {
    static func accept(_ client: some TestClientProtocol, token: String) async throws -> TestResponse {
        try await client.send(.post, "/auth/invitations/accept", json: """
            {"token":"\(token)","password":"quiet-meadow-compass-77","profile":\(AppFixture.profileJSON)}
            """)
    }

    // Proves over HTTP a coordinator invites a list (each address answered on its own, the same
    // key replayed), lists the network's invitations by state with the inviter's name, revokes one
    // (its token then refused with 410 invitation-revoked) and resends another (the old token
    // refused, the new one accepted); an accepted invitation is neither revoked nor resent (409);
    // every view and change is in the network's audit trail.
    @Test func inviteListRevokeResend() async throws {
        let fixture = try await AppFixture(members: .exchange, administrator: true)
        defer { fixture.remove() }
        let north = try await fixture.network("north-gp")
        let coordinator = try await fixture.member("Cy", in: north, role: .coordinator)
        _ = try await fixture.member("Rae", in: north)
        try await fixture.application().test(.router) { client in
            let cy = try await client.logIn(coordinator)
            let base = "/networks/\(north.id.rawValue)/invitations"
            let list = #"{"emails":["a@example.org","A@example.org","not an address","rae@example.nhs.uk","b@example.org","c@example.org"]}"#
            let sent = try await client.send(.post, base + "/batch", json: list, token: cy, idempotencyKey: "batch-1")
            #expect(sent.status == .ok)
            let batch = try sent.json(BatchWire.self)
            #expect(batch.items.map(\.outcome) == ["invited", "duplicate", "invalid_email", "already_member", "invited", "invited"])
            let tokens = batch.items.compactMap(\.invitation).map(\.token)
            let ids = batch.items.compactMap(\.invitation).map(\.invitationID)
            #expect(tokens.count == 3)
            let replayed = try await client.send(.post, base + "/batch", json: list, token: cy, idempotencyKey: "batch-1")
            #expect(replayed.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(try replayed.json(BatchWire.self).items.compactMap(\.invitation).map(\.token) == tokens)
            let again = try await client.send(.post, base + "/batch", json: #"{"emails":["b@example.org"]}"#, token: cy,
                                              idempotencyKey: "batch-2").json(BatchWire.self)
            #expect(again.items.map(\.outcome) == ["already_invited"] && again.items[0].pendingInvitationID == ids[1])

            let pending = try await client.send(.get, base + "?status=pending", token: cy).json(InvitationSummaryPageWire.self)
            #expect(pending.items.map(\.email) == ["c@example.org", "b@example.org", "a@example.org"])
            #expect(pending.items.allSatisfy { $0.invitedByName == "Cy" && $0.invitedByMemberID == coordinator.id.rawValue })

            #expect(try await Self.accept(client, token: tokens[0]).status == .created)
            let revoked = try await client.send(.post, base + "/\(ids[1])/revoke", token: cy, idempotencyKey: "r1")
            #expect(revoked.status == .ok)
            #expect(try revoked.json(InvitationSummaryWire.self).status == "revoked")
            let refused = try await Self.accept(client, token: tokens[1])
            #expect(refused.status == .gone)
            #expect(try refused.problem().type == "https://peerhours.example/problems/invitation-revoked")

            let resent = try await client.send(.post, base + "/\(ids[2])/resend", token: cy, idempotencyKey: "s1")
            #expect(resent.status == .created)
            let fresh = try resent.json(InvitationWire.self)
            #expect(fresh.email == "c@example.org" && fresh.token != tokens[2])
            #expect(try await Self.accept(client, token: tokens[2]).status == .gone)
            #expect(try await Self.accept(client, token: fresh.token).status == .created)

            let accepted = try await client.send(.get, base + "?status=accepted&limit=2", token: cy).json(InvitationSummaryPageWire.self)
            #expect(accepted.items.map(\.email) == ["c@example.org", "a@example.org"] && accepted.nextCursor != nil)
            #expect(accepted.items.allSatisfy { $0.acceptedAt != nil && $0.acceptedMemberID != nil })
            let more = try await client.send(.get, base + "?status=accepted&limit=2&cursor=\(accepted.nextCursor!)", token: cy)
                .json(InvitationSummaryPageWire.self)
            #expect(more.items.map(\.email) == ["rae@example.nhs.uk", "cy@example.nhs.uk"] && more.nextCursor == nil)
            let gone = try await client.send(.get, base + "?status=revoked", token: cy).json(InvitationSummaryPageWire.self)
            #expect(gone.items.map(\.invitationID) == [ids[2], ids[1]])
            #expect(gone.items.allSatisfy { $0.revokedAt != nil })

            for action in ["revoke", "resend"] {
                let late = try await client.send(.post, base + "/\(ids[0])/\(action)", token: cy, idempotencyKey: "late-\(action)")
                #expect(late.status == .conflict)
                #expect(try late.problem().type == "https://peerhours.example/problems/invalid-state")
            }
            let trail = try await client.send(.get, "/networks/\(north.id.rawValue)/audit-events?limit=100", token: cy)
                .json(AuditPageWire.self).items.map(\.action)
            #expect(trail.filter { $0.hasPrefix("invitation.") || $0 == "network.invitations_viewed" } == [
                "invitation.sent", "invitation.sent", "network.invitations_viewed", "invitation.revoked", "invitation.resent",
                "network.invitations_viewed", "network.invitations_viewed", "network.invitations_viewed",
            ])
        }
    }

    // Proves every invitation operation refuses a plain member (403), a coordinator of another
    // network (404) and a caller not signed in (401); an invitation of another network is not
    // found; a batch of none or of more than 200 addresses, an unknown state and a bad limit
    // are 400; nothing is invited by a refused batch.
    @Test func refusals() async throws {
        let fixture = try await AppFixture(members: .exchange, administrator: true)
        defer { fixture.remove() }
        let north = try await fixture.network("north-gp")
        let south = try await fixture.network("south-gp")
        let member = try await fixture.member("Rae", in: north)
        let otherLead = try await fixture.member("Oz", in: south, role: .coordinator)
        let issued = try await fixture.identity.invite(
            email: "nurse@example.org", networkID: north.id.rawValue, invitedBy: fixture.admin.id.rawValue)
        try await fixture.application().test(.router) { client in
            let rae = try await client.logIn(member)
            let oz = try await client.logIn(otherLead)
            let admin = try await client.logIn(email: "admin@example.org", password: AppFixture.password)
            let base = "/networks/\(north.id.rawValue)/invitations"
            let one = #"{"emails":["x@example.org"]}"#
            let calls: [(HTTPRequest.Method, String, String?)] = [
                (.get, base, nil), (.post, base + "/batch", one),
                (.post, base + "/\(issued.invitation.id)/revoke", nil), (.post, base + "/\(issued.invitation.id)/resend", nil),
            ]
            for (index, (method, path, body)) in calls.enumerated() {
                let key = method == .post ? "k\(index)" : nil
                #expect(try await client.send(method, path, json: body, token: rae, idempotencyKey: key).status == .forbidden)
                #expect(try await client.send(method, path, json: body, token: oz, idempotencyKey: key).status == .notFound)
                #expect(try await client.send(method, path, json: body, idempotencyKey: key).status == .unauthorized)
            }
            let elsewhere = "/networks/\(south.id.rawValue)/invitations/\(issued.invitation.id)"
            #expect(try await client.send(.post, elsewhere + "/revoke", token: admin, idempotencyKey: "e1").status == .notFound)
            #expect(try await client.send(.post, elsewhere + "/resend", token: admin, idempotencyKey: "e2").status == .notFound)
            #expect(try await client.send(.post, base + "/999/revoke", token: admin, idempotencyKey: "e3").status == .notFound)

            let none = try await client.send(.post, base + "/batch", json: #"{"emails":[]}"#, token: admin, idempotencyKey: "b0")
            #expect(none.status == .badRequest)
            let many = (0...200).map { "\"p\($0)@example.org\"" }.joined(separator: ",")
            let tooMany = try await client.send(.post, base + "/batch", json: #"{"emails":[\#(many)]}"#, token: admin, idempotencyKey: "b1")
            #expect(tooMany.status == .badRequest)
            #expect(try await client.send(.get, base + "?status=lost", token: admin).status == .badRequest)
            #expect(try await client.send(.get, base + "?limit=0", token: admin).status == .badRequest)
            let listed = try await client.send(.get, base, token: admin).json(InvitationSummaryPageWire.self)
            #expect(!listed.items.contains { $0.email.hasPrefix("p") || $0.email == "x@example.org" })
            let full = (0..<200).map { "\"q\($0)@example.org\"" }.joined(separator: ",")
            let allowed = try await client.send(.post, base + "/batch", json: #"{"emails":[\#(full)]}"#, token: admin, idempotencyKey: "b2")
            #expect(try allowed.json(BatchWire.self).items.filter { $0.outcome == "invited" }.count == 200)
        }
    }
}
