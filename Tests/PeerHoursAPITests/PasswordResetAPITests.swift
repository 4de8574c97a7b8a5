import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Identity
import Outbox
import Testing
@testable import PeerHoursAPI

@Suite struct PasswordResetAPITests {
    static let newPassword = "amber-orchard-compass-91"

    /// The identity outbox's unsent password reset emails, oldest first.
    static func resetEmails(_ fixture: AppFixture) async throws -> [OutboxMessage] {
        try await fixture.identityStore.outbox.dueMessages(at: .distantFuture, limit: 100).filter { $0.draft.kind == .passwordReset }
    }

    /// Proves `POST /auth/password-reset-requests` answers 202 with no body alike for an address
    /// with an account and one without, and only the first has an email in the outbox, to the
    /// member; a malformed body or address is 400.
    @Test func sameAnswerForAnUnknownAddress() async throws {
        let fixture = try await AppFixture()
        try await fixture.application().test(.router) { client in
            _ = try await client.bootstrapAndLogIn(fixture)
            let known = try await client.send(.post, "/auth/password-reset-requests", json: #"{"email":"Admin@example.org"}"#)
            let unknown = try await client.send(.post, "/auth/password-reset-requests", json: #"{"email":"nobody@example.org"}"#)
            #expect(known.status == .accepted && unknown.status == .accepted)
            #expect(known.body.readableBytes == 0 && unknown.body.readableBytes == 0)
            #expect(known.headers[.contentType] == unknown.headers[.contentType])
            let emails = try await Self.resetEmails(fixture)
            #expect(emails.count == 1)
            let admin = try #require(try await fixture.identityStore.credential(email: "admin@example.org"))
            #expect(emails.first?.draft.recipient == .member(admin.memberID))
            for body in [#"{"email":"not an address"}"#, #"{"mail":"admin@example.org"}"#, "{not json"] {
                let refused = try await client.send(.post, "/auth/password-reset-requests", json: body)
                #expect(refused.status == .badRequest, "\(body)")
            }
        }
    }

    /// Proves the 4th request for one address within the hour is 429 `rate-limited` with
    /// Retry-After, whether or not the address has an account.
    @Test func rateLimitedWhetherOrNotTheAddressExists() async throws {
        let fixture = try await AppFixture()
        try await fixture.application().test(.router) { client in
            _ = try await client.bootstrapAndLogIn(fixture)
            for email in ["admin@example.org", "nobody@example.org"] {
                for _ in 0..<3 {
                    let asked = try await client.send(.post, "/auth/password-reset-requests", json: #"{"email":"\#(email)"}"#)
                    #expect(asked.status == .accepted)
                }
                let limited = try await client.send(.post, "/auth/password-reset-requests", json: #"{"email":"\#(email)"}"#)
                #expect(limited.status == .tooManyRequests)
                let problem = try limited.problem()
                #expect(problem.type == "https://peerhours.example/problems/rate-limited" && problem.retryAfterSeconds == 3600)
                #expect(limited.headers[HTTPField.Name("Retry-After")!] == "3600")
            }
        }
    }

    /// Proves `POST /auth/password-resets` with the emailed token: a weak password is 400
    /// `password-policy` and keeps the link; the right one is 204, the old bearer token is then
    /// 401, the new password logs in, the old one does not, and the token again is 400
    /// `password-reset-invalid`, as is an unknown one.
    @Test func resetWithTheEmailedToken() async throws {
        let fixture = try await AppFixture()
        try await fixture.application().test(.router) { client in
            let session = try await client.bootstrapAndLogIn(fixture)
            #expect(try await client.send(.post, "/auth/password-reset-requests", json: #"{"email":"admin@example.org"}"#).status == .accepted)
            let token = try #require(try await Self.resetEmails(fixture).first?.draft.secret)
            func reset(_ token: String, _ password: String) async throws -> TestResponse {
                try await client.send(.post, "/auth/password-resets", json: #"{"token":"\#(token)","password":"\#(password)"}"#)
            }
            let weak = try await reset(token, "password1234")
            #expect(weak.status == .badRequest)
            #expect(try weak.problem().type == "https://peerhours.example/problems/password-policy")
            #expect(try await reset(token, Self.newPassword).status == .noContent)
            #expect(try await client.send(.get, "/me/blocks", token: session).status == .unauthorized)
            _ = try await client.logIn(email: "admin@example.org", password: Self.newPassword)
            let old = try await client.send(.post, "/auth/login", json: #"{"email":"admin@example.org","password":"\#(AppFixture.password)"}"#)
            #expect(old.status == .unauthorized)
            for presented in [token, String(repeating: "A", count: 43), "short"] {
                let refused = try await reset(presented, "another-orchard-compass-92")
                #expect(refused.status == .badRequest)
                #expect(try refused.problem().type == "https://peerhours.example/problems/password-reset-invalid")
            }
        }
    }
}
