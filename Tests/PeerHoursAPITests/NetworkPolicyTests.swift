import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import PeerHoursAPI

struct PolicyBody: Decodable, Equatable {
    var creditFloorMinutes: Int64; var ceilingMinutes: Int64?; var welcomeGrantMinutes: Int64
    var autoConfirmDays: Int; var groupSessionPayment: String; var graceMinutes: Int64
}
struct NetworkWithPolicyBody: Decodable { var networkID: Int64; var policy: PolicyBody }

@Suite struct NetworkPolicyTests {
    static let tighter = """
        {"creditFloorMinutes":-120,"ceilingMinutes":900,"welcomeGrantMinutes":30,"autoConfirmDays":3,"groupSessionPayment":"split","graceMinutes":60}
        """

    // Proves an administrator and the network's coordinator may replace the policy; the answer
    // and a later read carry it; a member opened after the change gets the new floor and welcome
    // grant while one opened before keeps the floor they had.
    @Test func administratorAndCoordinatorReplaceThePolicy() async throws {
        let fixture = try await AppFixture(members: .exchange)
        try await fixture.application().test(.router) { client in
            let admin = try await client.bootstrapAndLogIn(fixture)
            let north = try await client.createNetwork("north-gp", admin: admin)
            let before = try await client.onboard("early@example.nhs.uk", into: north, inviter: admin)

            let updated = try await client.send(.put, "/networks/\(north)/policy", json: Self.tighter, token: admin)
            #expect(updated.status == .ok)
            let expected = PolicyBody(creditFloorMinutes: -120, ceilingMinutes: 900, welcomeGrantMinutes: 30,
                                      autoConfirmDays: 3, groupSessionPayment: "split", graceMinutes: 60)
            #expect(try updated.json(NetworkWithPolicyBody.self).policy == expected)
            let read = try await client.send(.get, "/networks/\(north)", token: admin).json(NetworkWithPolicyBody.self)
            #expect(read.policy == expected)

            let after = try await client.onboard("late@example.nhs.uk", into: north, inviter: admin)
            let late = try await client.send(.get, "/me/balances", token: after.token).json(BalancePageBody.self)
            #expect(late.items.map(\.creditFloorMinutes) == [-120] && late.items.map(\.postedMinutes) == [30])
            let early = try await client.send(.get, "/me/balances", token: before.token).json(BalancePageBody.self)
            #expect(early.items.map(\.creditFloorMinutes) == [-600] && early.items.map(\.postedMinutes) == [120])

            let appointed = try await client.send(
                .post, "/networks/\(north)/coordinators", json: #"{"memberID":\#(before.memberID)}"#, token: admin, idempotencyKey: "appoint")
            #expect(appointed.status == .created)
            let byCoordinator = try await client.send(.put, "/networks/\(north)/policy", json: """
                {"creditFloorMinutes":-300,"welcomeGrantMinutes":60,"autoConfirmDays":5,"groupSessionPayment":"community","graceMinutes":1440}
                """, token: before.token)
            #expect(byCoordinator.status == .ok)
            let policy = try byCoordinator.json(NetworkWithPolicyBody.self).policy
            #expect(policy.ceilingMinutes == nil && policy.creditFloorMinutes == -300 && policy.groupSessionPayment == "community")
        }
    }

    // Proves the refusals change nothing: a member (403), a coordinator of another network (404),
    // a network that does not exist (404), a policy whose ceiling is below its welcome grant and
    // one out of range (400 naming the field), and no token (401).
    @Test func refusalsLeaveThePolicyAlone() async throws {
        let fixture = try await AppFixture(members: .exchange)
        try await fixture.application().test(.router) { client in
            let admin = try await client.bootstrapAndLogIn(fixture)
            let north = try await client.createNetwork("north-gp", admin: admin)
            let south = try await client.createNetwork("south-gp", admin: admin)
            let member = try await client.onboard("member@example.nhs.uk", into: north, inviter: admin)
            let southLead = try await client.onboard("lead@example.nhs.uk", into: south, inviter: admin)
            let appointed = try await client.send(
                .post, "/networks/\(south)/coordinators", json: #"{"memberID":\#(southLead.memberID)}"#, token: admin, idempotencyKey: "appoint")
            #expect(appointed.status == .created)

            let asMember = try await client.send(.put, "/networks/\(north)/policy", json: Self.tighter, token: member.token)
            #expect(asMember.status == .forbidden)
            let otherNetwork = try await client.send(.put, "/networks/\(north)/policy", json: Self.tighter, token: southLead.token)
            #expect(otherNetwork.status == .notFound)
            let missing = try await client.send(.put, "/networks/999/policy", json: Self.tighter, token: admin)
            #expect(missing.status == .notFound)
            let ceilingBelowGrant = try await client.send(.put, "/networks/\(north)/policy", json: """
                {"creditFloorMinutes":-600,"ceilingMinutes":10,"welcomeGrantMinutes":120,"autoConfirmDays":7,"groupSessionPayment":"community","graceMinutes":1440}
                """, token: admin)
            #expect(ceilingBelowGrant.status == .badRequest)
            #expect(try ceilingBelowGrant.json(FieldErrorsBody.self).errors?.map(\.pointer) == ["/ceilingMinutes"])
            let outOfRange = try await client.send(.put, "/networks/\(north)/policy", json: """
                {"creditFloorMinutes":-600,"welcomeGrantMinutes":120,"autoConfirmDays":99,"groupSessionPayment":"community","graceMinutes":1440}
                """, token: admin)
            #expect(outOfRange.status == .badRequest)
            let anonymous = try await client.send(.put, "/networks/\(north)/policy", json: Self.tighter)
            #expect(anonymous.status == .unauthorized)

            let read = try await client.send(.get, "/networks/\(north)", token: admin).json(NetworkWithPolicyBody.self)
            #expect(read.policy == PolicyBody(creditFloorMinutes: -600, ceilingMinutes: nil, welcomeGrantMinutes: 120,
                                              autoConfirmDays: 7, groupSessionPayment: "community", graceMinutes: 1440))
        }
    }

    // Proves a new network's policy may leave fields out for the documented defaults
    // (docs/EXCHANGE.md): `{}`, no policy at all, and a partial policy all succeed.
    @Test func createTakesDocumentedDefaults() async throws {
        let fixture = try await AppFixture(members: .exchange)
        try await fixture.application().test(.router) { client in
            let admin = try await client.bootstrapAndLogIn(fixture)
            let defaults = PolicyBody(creditFloorMinutes: -600, ceilingMinutes: nil, welcomeGrantMinutes: 120,
                                      autoConfirmDays: 7, groupSessionPayment: "community", graceMinutes: 1440)
            var partial = defaults
            partial.welcomeGrantMinutes = 60
            partial.groupSessionPayment = "split"
            for (slug, policy, expected) in [("empty-policy", #","policy":{}"#, defaults), ("no-policy", "", defaults),
                                             ("partial", #","policy":{"welcomeGrantMinutes":60,"groupSessionPayment":"split"}"#, partial)] {
                let created = try await client.send(
                    .post, "/networks", json: #"{"slug":"\#(slug)","name":"N"\#(policy)}"#, token: admin, idempotencyKey: slug)
                #expect(created.status == .created, "\(slug): \(String(buffer: created.body))")
                #expect(try created.json(NetworkWithPolicyBody.self).policy == expected, "\(slug)")
            }
        }
    }
}
