import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import PeerHoursAPI

struct NetworkBody: Decodable { var networkID: Int64; var slug: String; var name: String }
struct MembershipBody: Decodable { var memberID: Int64; var networkID: Int64; var status: String; var role: String; var displayName: String? }
struct MembershipPageBody: Decodable { var items: [MembershipBody]; var nextCursor: String? }
struct NetworkPageBody: Decodable { var items: [NetworkBody]; var nextCursor: String? }
struct MeBody: Decodable { var memberID: Int64; var isAdministrator: Bool; var memberships: [MembershipBody] }
struct BalanceBody: Decodable, Equatable {
    var memberID: Int64; var networkID: Int64; var postedMinutes: Int64; var pendingOutMinutes: Int64
    var availableMinutes: Int64; var spendableMinutes: Int64; var creditFloorMinutes: Int64
}
struct BalancePageBody: Decodable { var items: [BalanceBody]; var nextCursor: String? }
struct StatementEntryBody: Decodable { var amountMinutes: Int64; var direction: String; var state: String; var code: String }
struct StatementPageBody: Decodable { var balance: BalanceBody; var items: [StatementEntryBody] }
struct FieldErrorsBody: Decodable { var errors: [Problem.FieldError]? }

/// A member logged in over the API, with their id.
struct LoggedIn { var token: String; var memberID: Int64 }

extension TestClientProtocol {
    func createNetwork(_ slug: String, admin: String, welcome: Int64 = 120) async throws -> Int64 {
        let response = try await send(.post, "/networks", json: """
            {"slug":"\(slug)","name":"Network \(slug)","policy":{"creditFloorMinutes":-600,"welcomeGrantMinutes":\(welcome),"autoConfirmDays":7,"groupSessionPayment":"community","graceMinutes":1440}}
            """, token: admin, idempotencyKey: "net-\(slug)")
        precondition(response.status == .created, "network: \(String(buffer: response.body))")
        return try response.json(NetworkBody.self).networkID
    }

    /// Invited by `inviter`, accepted with a new profile, logged in.
    func onboard(_ email: String, into networkID: Int64, inviter: String, name: String = "Nia Nurse") async throws -> LoggedIn {
        let invited = try await send(
            .post, "/networks/\(networkID)/invitations", json: #"{"email":"\#(email)"}"#, token: inviter, idempotencyKey: "inv-\(email)")
        precondition(invited.status == .created, "invite: \(String(buffer: invited.body))")
        let token = try invited.json(InvitationBody.self).token
        let profile = #"{"displayName":"\#(name)","profession":"Nurse","organisation":"St Elsewhere","careerStage":"early","languages":["en","cy"]}"#
        let accepted = try await send(.post, "/auth/invitations/accept", json: """
            {"token":"\(token)","password":"quiet-meadow-compass-77","profile":\(profile)}
            """)
        precondition(accepted.status == .created, "accept: \(String(buffer: accepted.body))")
        let login = try await send(.post, "/auth/login", json: #"{"email":"\#(email)","password":"quiet-meadow-compass-77"}"#)
        let body = try login.json(LoginBody.self)
        return LoggedIn(token: body.token, memberID: body.memberID)
    }
}

@Suite struct NetworkHandlerTests {
    // Proves the whole onboarding path over the real Exchange domain: bootstrap → the
    // administrator creates a network → invites → the invitee accepts and logs in → their
    // profile lists the active membership, their balance holds the welcome grant (available =
    // posted − pending out, spendable = available − floor), their statement shows it, and the
    // administrator lists the membership with the member's name. The Identity and Exchange administrator flags agree.
    @Test func bootstrapToBalance() async throws {
        let fixture = try await AppFixture(members: .exchange)
        try await fixture.application().test(.router) { client in
            let admin = try await client.bootstrapAndLogIn(fixture)
            let north = try await client.createNetwork("north-gp", admin: admin, welcome: 90)
            let nurse = try await client.onboard("nurse@example.nhs.uk", into: north, inviter: admin)

            let me = try await client.send(.get, "/members/me", token: nurse.token).json(MeBody.self)
            #expect(me.memberID == nurse.memberID && !me.isAdministrator)
            #expect(me.memberships.map(\.networkID) == [north] && me.memberships.first?.status == "active")
            let adminMe = try await client.send(.get, "/members/me", token: admin).json(MeBody.self)
            #expect(adminMe.isAdministrator && adminMe.memberships.isEmpty)

            let balances = try await client.send(.get, "/me/balances", token: nurse.token).json(BalancePageBody.self)
            #expect(balances.items == [BalanceBody(
                memberID: nurse.memberID, networkID: north, postedMinutes: 90, pendingOutMinutes: 0,
                availableMinutes: 90, spendableMinutes: 690, creditFloorMinutes: -600)])
            let statement = try await client.send(.get, "/me/statements/\(north)", token: nurse.token).json(StatementPageBody.self)
            #expect(statement.balance.postedMinutes == 90)
            #expect(statement.items.map(\.code) == ["welcome_grant"])
            #expect(statement.items.first?.direction == "credit" && statement.items.first?.state == "posted")

            let listed = try await client.send(.get, "/networks/\(north)/memberships", token: admin).json(MembershipPageBody.self)
            #expect(listed.items.map(\.memberID) == [nurse.memberID] && listed.items.first?.displayName == "Nia Nurse")
            let networks = try await client.send(.get, "/networks", token: nurse.token).json(NetworkPageBody.self)
            #expect(networks.items.map(\.slug) == ["north-gp"])
            #expect(try await client.send(.get, "/networks/\(north)", token: nurse.token).status == .ok)
            let publicProfile = try await client.send(.get, "/members/\(me.memberID)", token: admin)
            #expect(publicProfile.status == .ok)
            struct PublicBody: Decodable { var memberID: Int64; var displayName: String; var languages: [String] }
            let shown = try publicProfile.json(PublicBody.self)
            #expect(shown.memberID == nurse.memberID && shown.displayName == "Nia Nurse" && shown.languages == ["en", "cy"])
        }
    }

    // Proves a non-administrator cannot create a network (403, nothing created), a taken slug
    // is a 409, and an out-of-bounds slug is a 400 naming the field (the domain validates).
    @Test func onlyAdministratorsCreateNetworks() async throws {
        let fixture = try await AppFixture(members: .exchange)
        try await fixture.application().test(.router) { client in
            let admin = try await client.bootstrapAndLogIn(fixture)
            let north = try await client.createNetwork("north-gp", admin: admin)
            let nurse = try await client.onboard("nurse@example.nhs.uk", into: north, inviter: admin)
            let refused = try await client.send(.post, "/networks", json: """
                {"slug":"rogue-net","name":"Rogue","policy":{"creditFloorMinutes":-600,"welcomeGrantMinutes":120,"autoConfirmDays":7,"groupSessionPayment":"community","graceMinutes":1440}}
                """, token: nurse.token, idempotencyKey: "rogue")
            #expect(refused.status == .forbidden)
            #expect(try refused.problem().type == "https://peerhours.example/problems/forbidden")
            let all = try await client.send(.get, "/networks", token: admin).json(NetworkPageBody.self)
            #expect(all.items.map(\.slug) == ["north-gp"])

            let taken = try await client.send(.post, "/networks", json: """
                {"slug":"north-gp","name":"Other","policy":{"creditFloorMinutes":-600,"welcomeGrantMinutes":120,"autoConfirmDays":7,"groupSessionPayment":"community","graceMinutes":1440}}
                """, token: admin, idempotencyKey: "taken")
            #expect(taken.status == .conflict)
            let badSlug = try await client.send(.post, "/networks", json: """
                {"slug":"No Spaces","name":"Bad","policy":{"creditFloorMinutes":-600,"welcomeGrantMinutes":120,"autoConfirmDays":7,"groupSessionPayment":"community","graceMinutes":1440}}
                """, token: admin, idempotencyKey: "bad")
            #expect(badSlug.status == .badRequest)
            #expect(try badSlug.json(FieldErrorsBody.self).errors?.map(\.pointer) == ["/slug"])
            let blankName = try await client.send(.put, "/members/me", json: """
                {"displayName":"","profession":"Nurse","organisation":"St Elsewhere","careerStage":"early","languages":["en"]}
                """, token: nurse.token)
            #expect(blankName.status == .badRequest)
            #expect(try blankName.json(FieldErrorsBody.self).errors?.map(\.pointer) == ["/displayName"])
            let renamed = try await client.send(.put, "/members/me", json: """
                {"displayName":"Nia Jones","profession":"Nurse","organisation":"St Elsewhere","careerStage":"mid","languages":["en"]}
                """, token: nurse.token)
            #expect(renamed.status == .ok)
        }
    }

    // Proves network isolation: a member of A reading B's statement or a B member's profile gets
    // 404; a coordinator of A suspending or inviting in B gets 404 and B's membership is
    // unchanged; a member of A (not coordinator) is refused 403 for suspension, invitation and
    // the network's balances; the coordinator of A suspends and reinstates in A, and
    // reinstating an active membership is a 409.
    @Test func networksAreIsolated() async throws {
        let fixture = try await AppFixture(members: .exchange)
        try await fixture.application().test(.router) { client in
            let admin = try await client.bootstrapAndLogIn(fixture)
            let a = try await client.createNetwork("network-a", admin: admin)
            let b = try await client.createNetwork("network-b", admin: admin)
            let coordinatorA = try await client.onboard("cora@example.nhs.uk", into: a, inviter: admin, name: "Cora")
            let memberA = try await client.onboard("ann@example.nhs.uk", into: a, inviter: admin, name: "Ann")
            let memberB = try await client.onboard("ben@example.nhs.uk", into: b, inviter: admin, name: "Ben")
            let appointed = try await client.send(
                .post, "/networks/\(a)/coordinators", json: #"{"memberID":\#(coordinatorA.memberID)}"#, token: admin, idempotencyKey: "appoint")
            #expect(appointed.status == .created)
            #expect(try appointed.json(MembershipBody.self).role == "coordinator")
            let notAppointed = try await client.send(
                .post, "/networks/\(a)/coordinators", json: #"{"memberID":\#(memberA.memberID)}"#, token: coordinatorA.token, idempotencyKey: "appoint2")
            #expect(notAppointed.status == .forbidden)

            #expect(try await client.send(.get, "/me/statements/\(b)", token: memberA.token).status == .notFound)
            #expect(try await client.send(.get, "/networks/\(b)/members/\(memberB.memberID)/statement", token: memberA.token).status == .notFound)
            #expect(try await client.send(.get, "/networks/\(b)/members/\(memberB.memberID)/statement", token: coordinatorA.token).status == .notFound)
            #expect(try await client.send(.get, "/members/\(memberB.memberID)", token: memberA.token).status == .notFound)
            #expect(try await client.send(.get, "/networks/\(b)", token: memberA.token).status == .notFound)
            #expect(try await client.send(.get, "/members/\(memberA.memberID)", token: coordinatorA.token).status == .ok)

            let crossSuspend = try await client.send(.post, "/networks/\(b)/memberships/\(memberB.memberID)/suspend", token: coordinatorA.token)
            #expect(crossSuspend.status == .notFound)
            let crossInvite = try await client.send(
                .post, "/networks/\(b)/invitations", json: #"{"email":"x@example.org"}"#, token: coordinatorA.token, idempotencyKey: "x")
            #expect(crossInvite.status == .notFound)
            let inB = try await client.send(.get, "/networks/\(b)/memberships", token: admin).json(MembershipPageBody.self)
            #expect(inB.items.map(\.status) == ["active"])
            #expect(try await client.send(.get, "/networks/\(b)/memberships", token: coordinatorA.token).status == .notFound)

            #expect(try await client.send(.post, "/networks/\(a)/memberships/\(coordinatorA.memberID)/suspend", token: memberA.token).status == .forbidden)
            let memberInvite = try await client.send(
                .post, "/networks/\(a)/invitations", json: #"{"email":"y@example.org"}"#, token: memberA.token, idempotencyKey: "y")
            #expect(memberInvite.status == .forbidden)
            #expect(try await client.send(.get, "/networks/\(a)/balances", token: memberA.token).status == .forbidden)
            #expect(try await client.send(.get, "/me/statements/\(a)", token: memberA.token).status == .ok)

            let suspended = try await client.send(.post, "/networks/\(a)/memberships/\(memberA.memberID)/suspend", token: coordinatorA.token)
            #expect(suspended.status == .ok)
            #expect(try suspended.json(MembershipBody.self).status == "suspended")
            let onlySuspended = try await client.send(.get, "/networks/\(a)/memberships?status=suspended", token: coordinatorA.token)
                .json(MembershipPageBody.self)
            #expect(onlySuspended.items.map(\.memberID) == [memberA.memberID])
            let reinstated = try await client.send(.post, "/networks/\(a)/memberships/\(memberA.memberID)/reinstate", token: coordinatorA.token)
            #expect(reinstated.status == .ok)
            #expect(try reinstated.json(MembershipBody.self).status == "active")
            let again = try await client.send(.post, "/networks/\(a)/memberships/\(memberA.memberID)/reinstate", token: coordinatorA.token)
            #expect(again.status == .conflict)

            let balances = try await client.send(.get, "/networks/\(a)/balances", token: coordinatorA.token).json(BalancePageBody.self)
            #expect(balances.items.map(\.memberID).sorted() == [coordinatorA.memberID, memberA.memberID].sorted())
            #expect(balances.items.allSatisfy { $0.postedMinutes == 120 })
            let coordinated = try await client.send(.get, "/networks/\(a)/members/\(memberA.memberID)/statement", token: coordinatorA.token)
            #expect(try coordinated.json(StatementPageBody.self).items.map(\.amountMinutes) == [120])
        }
    }

    // Proves the support-kind vocabulary: anyone signed in lists it (paged), only an
    // administrator extends it (member 403), and a name outside ^[a-z_]{3,40}$ is a 400.
    @Test func supportKinds() async throws {
        let fixture = try await AppFixture(members: .exchange)
        try await fixture.application().test(.router) { client in
            let admin = try await client.bootstrapAndLogIn(fixture)
            let north = try await client.createNetwork("north-gp", admin: admin)
            let nurse = try await client.onboard("nurse@example.nhs.uk", into: north, inviter: admin)
            struct Kind: Decodable { var kind: String; var label: String }
            struct Kinds: Decodable { var items: [Kind]; var nextCursor: String? }
            let first = try await client.send(.get, "/support-kinds?limit=3", token: nurse.token).json(Kinds.self)
            #expect(first.items.count == 3)
            let cursor = try #require(first.nextCursor)
            let rest = try await client.send(.get, "/support-kinds?limit=3&cursor=\(cursor)", token: nurse.token).json(Kinds.self)
            #expect(rest.items.count == 2 && rest.nextCursor == nil)
            #expect(Set((first.items + rest.items).map(\.kind)).contains("peer_support"))

            let refused = try await client.send(
                .post, "/support-kinds", json: #"{"kind":"schwartz_rounds","label":"Schwartz rounds"}"#, token: nurse.token, idempotencyKey: "k1")
            #expect(refused.status == .forbidden)
            let added = try await client.send(
                .post, "/support-kinds", json: #"{"kind":"schwartz_rounds","label":"Schwartz rounds"}"#, token: admin, idempotencyKey: "k2")
            #expect(added.status == .created)
            #expect(try added.json(Kind.self).label == "Schwartz rounds")
            let bad = try await client.send(.post, "/support-kinds", json: #"{"kind":"Bad-Kind","label":"x"}"#, token: admin, idempotencyKey: "k3")
            #expect(bad.status == .badRequest)
            let all = try await client.send(.get, "/support-kinds?limit=100", token: nurse.token).json(Kinds.self)
            #expect(all.items.map(\.kind).contains("schwartz_rounds"))
        }
    }
}

@Suite struct MyBalancesPagingTests {
    // Proves /me/balances lists one balance per network whose account is open, in network id
    // order, page by page with its own cursor (a cursor from another list is a 400), and that
    // an existing member accepting a second invitation joins the second network (same member id).
    @Test func balancesArePagedPerNetwork() async throws {
        let fixture = try await AppFixture(members: .exchange)
        try await fixture.application().test(.router) { client in
            let admin = try await client.bootstrapAndLogIn(fixture)
            let a = try await client.createNetwork("network-a", admin: admin)
            let b = try await client.createNetwork("network-b", admin: admin, welcome: 30)
            let nurse = try await client.onboard("nurse@example.nhs.uk", into: a, inviter: admin)
            let invited = try await client.send(
                .post, "/networks/\(b)/invitations", json: #"{"email":"nurse@example.nhs.uk"}"#, token: admin, idempotencyKey: "inv-b")
            let token = try invited.json(InvitationBody.self).token
            let accepted = try await client.send(.post, "/auth/invitations/accept", json: """
                {"token":"\(token)","password":"quiet-meadow-compass-77"}
                """)
            #expect(accepted.status == .created)
            struct Accepted: Decodable { var memberID: Int64 }
            #expect(try accepted.json(Accepted.self).memberID == nurse.memberID)

            let first = try await client.send(.get, "/me/balances?limit=1", token: nurse.token).json(BalancePageBody.self)
            #expect(first.items.map(\.networkID) == [a] && first.items.map(\.postedMinutes) == [120])
            let cursor = try #require(first.nextCursor)
            let second = try await client.send(.get, "/me/balances?limit=1&cursor=\(cursor)", token: nurse.token).json(BalancePageBody.self)
            #expect(second.items.map(\.networkID) == [b] && second.items.map(\.postedMinutes) == [30] && second.nextCursor == nil)

            let networks = try await client.send(.get, "/networks?limit=1", token: nurse.token).json(NetworkPageBody.self)
            let foreign = try #require(networks.nextCursor)
            let refused = try await client.send(.get, "/me/balances?cursor=\(foreign)", token: nurse.token)
            #expect(refused.status == .badRequest)
            #expect(try await client.send(.get, "/me/balances?limit=0", token: nurse.token).status == .badRequest)
        }
    }
}
