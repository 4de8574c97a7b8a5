import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import PeerHoursAPI

struct InvitationBody: Decodable { var invitationID: Int64; var networkID: Int64; var email: String; var token: String }

@Suite struct AuthFlowTests {
    // Proves the whole path: bootstrap → admin login → invitation → acceptance with password and
    // profile → the new member logs in → logout revokes the token.
    @Test func invitationToLoginToLogout() async throws {
        let fixture = try await AppFixture()
        try await fixture.application().test(.router) { client in
            let admin = try await client.bootstrapAndLogIn(fixture)
            let invited = try await client.send(
                .post, "/networks/4/invitations", json: #"{"email":"Nurse@example.nhs.uk"}"#, token: admin, idempotencyKey: "inv-1")
            #expect(invited.status == .created)
            let invitation = try invited.json(InvitationBody.self)
            #expect(invitation.email == "nurse@example.nhs.uk" && invitation.networkID == 4)

            let accepted = try await client.send(.post, "/auth/invitations/accept", json: """
                {"token":"\(invitation.token)","password":"quiet-meadow-compass-77","profile":\(AppFixture.profileJSON)}
                """)
            #expect(accepted.status == .created)
            #expect(fixture.fakeMembers.joinCount == 1)

            let member = try await client.logIn(email: "nurse@example.nhs.uk", password: "quiet-meadow-compass-77")
            #expect(try await client.send(.post, "/auth/logout", token: member).status == .noContent)
            let again = try await client.send(.post, "/auth/logout", token: member)
            #expect(again.status == .unauthorized)
            #expect(try again.problem().type == "https://peerhours.example/problems/unauthenticated")
        }
    }

    // Proves a logout holds from the very next request although the session was just used (and
    // so sits in the identity store's session cache): the same token is then 401 everywhere.
    @Test func logoutHoldsFromTheNextRequest() async throws {
        let fixture = try await AppFixture()
        try await fixture.application().test(.router) { client in
            let admin = try await client.bootstrapAndLogIn(fixture)
            for _ in 0..<3 {
                #expect(try await client.send(.get, "/me/blocks", token: admin).status != .unauthorized)
            }
            #expect(fixture.identityStore.sessionCacheCounts.hits >= 2)
            #expect(try await client.send(.post, "/auth/logout", token: admin).status == .noContent)
            let after = try await client.send(.get, "/me/blocks", token: admin)
            #expect(after.status == .unauthorized)
            #expect(try after.problem().type == "https://peerhours.example/problems/unauthenticated")
        }
    }

    // Proves an invitation cannot be used twice (410 invitation-used), nor after 7 days
    // (410 invitation-expired), nor forged (404), and a member may not invite (403).
    @Test func invitationRefusals() async throws {
        let fixture = try await AppFixture()
        try await fixture.application().test(.router) { client in
            let admin = try await client.bootstrapAndLogIn(fixture)
            func invite(_ email: String, key: String) async throws -> String {
                try await client.send(.post, "/networks/4/invitations", json: #"{"email":"\#(email)"}"#, token: admin, idempotencyKey: key)
                    .json(InvitationBody.self).token
            }
            func accept(_ token: String) async throws -> TestResponse {
                try await client.send(.post, "/auth/invitations/accept", json: """
                    {"token":"\(token)","password":"quiet-meadow-compass-77","profile":\(AppFixture.profileJSON)}
                    """)
            }
            let first = try await invite("one@example.nhs.uk", key: "k1")
            #expect(try await accept(first).status == .created)
            let reused = try await accept(first)
            #expect(reused.status == .gone)
            #expect(try reused.problem().type == "https://peerhours.example/problems/invitation-used")

            let second = try await invite("two@example.nhs.uk", key: "k2")
            fixture.wallClock.advance(seconds: 7 * 24 * 3600 + 1)
            let expired = try await accept(second)
            #expect(expired.status == .gone)
            #expect(try expired.problem().type == "https://peerhours.example/problems/invitation-expired")

            let forged = try await accept(String(repeating: "A", count: 43))
            #expect(forged.status == .notFound)
            #expect(try forged.problem().type == "https://peerhours.example/problems/invitation-not-found")

            let member = try await client.logIn(email: "one@example.nhs.uk", password: "quiet-meadow-compass-77")
            let refused = try await client.send(.post, "/networks/4/invitations", json: #"{"email":"x@example.org"}"#, token: member, idempotencyKey: "k3")
            #expect(refused.status == .forbidden)
            #expect(fixture.fakeMembers.joinCount == 1)
        }
    }

    // Proves a weak password is refused with 400 password-policy and nothing is created, and
    // a profile out of bounds with 400 invalid-request naming the field.
    @Test func passwordPolicyAndProfileBounds() async throws {
        let fixture = try await AppFixture()
        try await fixture.application().test(.router) { client in
            let token = try await fixture.identity.prepareBootstrapToken()!
            let weak = try await client.send(.post, "/auth/bootstrap", json: """
                {"bootstrapToken":"\(token)","email":"admin@example.org","password":"password1234","profile":\(AppFixture.profileJSON)}
                """)
            #expect(weak.status == .badRequest)
            #expect(try weak.problem().type == "https://peerhours.example/problems/password-policy")
            #expect(try await !fixture.identityStore.administratorExists())

            let longName = String(repeating: "n", count: 81)
            let badProfile = try await client.send(.post, "/auth/bootstrap", json: """
                {"bootstrapToken":"\(token)","email":"admin@example.org","password":"\(AppFixture.password)","profile":{"displayName":"\(longName)","profession":"GP","organisation":"R","careerStage":"mid","languages":["EN"]}}
                """)
            #expect(badProfile.status == .badRequest)
            let problem = try badProfile.problem()
            #expect(problem.detail.contains("/profile/displayName") && problem.detail.contains("/profile/languages/0"))

            let wrongToken = try await client.send(.post, "/auth/bootstrap", json: """
                {"bootstrapToken":"\(String(repeating: "B", count: 43))","email":"admin@example.org","password":"\(AppFixture.password)","profile":\(AppFixture.profileJSON)}
                """)
            #expect(wrongToken.status == .unauthorized)
            #expect(try wrongToken.problem().type == "https://peerhours.example/problems/invalid-bootstrap-token")
        }
    }

    // Proves the sixth failed login within 15 minutes is answered 429 rate-limited with a
    // Retry-After header matching the problem's retryAfterSeconds, even with the right password.
    @Test func loginRateLimit() async throws {
        let fixture = try await AppFixture()
        try await fixture.application().test(.router) { client in
            _ = try await client.bootstrapAndLogIn(fixture)
            for attempt in 0..<5 {
                let failed = try await client.send(.post, "/auth/login", json: #"{"email":"admin@example.org","password":"wrong-\#(attempt)-password"}"#)
                #expect(failed.status == .unauthorized)
                #expect(try failed.problem().type == "https://peerhours.example/problems/invalid-credentials")
            }
            fixture.wallClock.advance(seconds: 100)
            let limited = try await client.send(.post, "/auth/login", json: #"{"email":"admin@example.org","password":"\#(AppFixture.password)"}"#)
            #expect(limited.status == .tooManyRequests)
            let problem = try limited.problem()
            #expect(problem.type == "https://peerhours.example/problems/rate-limited")
            #expect(problem.retryAfterSeconds == 800)
            #expect(limited.headers[HTTPField.Name("Retry-After")!] == "800")
        }
    }

    // Proves a token stops working 12 hours after login.
    @Test func expiredTokenIsRefused() async throws {
        let fixture = try await AppFixture()
        try await fixture.application().test(.router) { client in
            let admin = try await client.bootstrapAndLogIn(fixture)
            fixture.wallClock.advance(seconds: 12 * 3600)
            let response = try await client.send(.post, "/networks/4/invitations", json: #"{"email":"a@example.org"}"#, token: admin, idempotencyKey: "late")
            #expect(response.status == .unauthorized)
            #expect(try response.problem().type == "https://peerhours.example/problems/unauthenticated")
        }
    }
}
