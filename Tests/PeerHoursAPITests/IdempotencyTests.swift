import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Idempotency
import IdempotencySQLite
import Testing
@testable import PeerHoursAPI

@Suite struct IdempotencyTests {
    // Proves the same key and body replays the stored response (same invitation, same token,
    // marked Idempotent-Replayed) without creating a second invitation, and that a new key does.
    @Test func replay() async throws {
        let fixture = try await AppFixture()
        try await fixture.application().test(.router) { client in
            let admin = try await client.bootstrapAndLogIn(fixture)
            let body = #"{"email":"nurse@example.nhs.uk"}"#
            let first = try await client.send(.post, "/networks/4/invitations", json: body, token: admin, idempotencyKey: "same-key")
            let second = try await client.send(.post, "/networks/4/invitations", json: body, token: admin, idempotencyKey: "same-key")
            #expect(first.status == .created && second.status == .created)
            #expect(try first.json(InvitationBody.self).token == second.json(InvitationBody.self).token)
            #expect(second.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(first.headers[HTTPField.Name("Idempotent-Replayed")!] == nil)
            let third = try await client.send(.post, "/networks/4/invitations", json: body, token: admin, idempotencyKey: "other-key")
            #expect(try third.json(InvitationBody.self).invitationID != first.json(InvitationBody.self).invitationID)
        }
    }

    // Proves the same key with a different body is refused with 422 idempotency-key-reused.
    @Test func differentBodyIsRefused() async throws {
        let fixture = try await AppFixture()
        try await fixture.application().test(.router) { client in
            let admin = try await client.bootstrapAndLogIn(fixture)
            _ = try await client.send(.post, "/networks/4/invitations", json: #"{"email":"a@example.org"}"#, token: admin, idempotencyKey: "k")
            let reused = try await client.send(.post, "/networks/4/invitations", json: #"{"email":"b@example.org"}"#, token: admin, idempotencyKey: "k")
            #expect(reused.status == .unprocessableContent)
            #expect(try reused.problem().type == "https://peerhours.example/problems/idempotency-key-reused")
        }
    }

    // Proves a key whose first request is still running answers 409 idempotency-key-in-flight,
    // and that after the in-flight lease (a crashed first request) the key can be used again.
    @Test func inFlightIsRefused() async throws {
        let fixture = try await AppFixture()
        try await fixture.application().test(.router) { client in
            let admin = try await client.bootstrapAndLogIn(fixture)
            let principal = try #require(try await fixture.identity.authenticate(bearerToken: admin))
            let body = #"{"email":"a@example.org"}"#
            let begun = try await fixture.idempotencyStore.begin(
                memberID: principal.memberID, keyHash: IdempotencyCipher.keyHash(memberID: principal.memberID, key: "busy"),
                requestHash: IdempotencyCipher.requestHash(method: "POST", pathAndQuery: "/networks/4/invitations", body: Array(body.utf8)),
                at: fixture.wallClock.nowDate(), retentionSeconds: 86_400, inFlightLeaseSeconds: 120)
            #expect(begun == .started)
            let busy = try await client.send(.post, "/networks/4/invitations", json: body, token: admin, idempotencyKey: "busy")
            #expect(busy.status == .conflict)
            #expect(try busy.problem().type == "https://peerhours.example/problems/idempotency-key-in-flight")
            fixture.wallClock.advance(seconds: 121)
            let retried = try await client.send(.post, "/networks/4/invitations", json: body, token: admin, idempotencyKey: "busy")
            #expect(retried.status == .created)
        }
    }

    // Proves an error is not stored: after a refused request the same key runs again.
    @Test func errorsAreNotStored() async throws {
        let fixture = try await AppFixture()
        try await fixture.application().test(.router) { client in
            let admin = try await client.bootstrapAndLogIn(fixture)
            let bad = try await client.send(.post, "/networks/4/invitations", json: #"{"email":"not-an-email"}"#, token: admin, idempotencyKey: "e")
            #expect(bad.status == .badRequest)
            let again = try await client.send(.post, "/networks/4/invitations", json: #"{"email":"not-an-email"}"#, token: admin, idempotencyKey: "e")
            #expect(again.status == .badRequest)
            #expect(again.headers[HTTPField.Name("Idempotent-Replayed")!] == nil)
        }
    }

    // Proves stored responses are sealed: the invitation token is not in idempotency.sqlite.
    @Test func storedResponsesAreSealed() async throws {
        let fixture = try await AppFixture()
        try await fixture.application().test(.router) { client in
            let admin = try await client.bootstrapAndLogIn(fixture)
            let created = try await client.send(.post, "/networks/4/invitations", json: #"{"email":"nurse@example.nhs.uk"}"#, token: admin, idempotencyKey: "seal")
            let token = try created.json(InvitationBody.self).token
            var bytes = Data()
            for suffix in ["", "-wal"] {
                let url = fixture.directory.appendingPathComponent(SQLiteIdempotencyStore.fileName + suffix)
                if let data = try? Data(contentsOf: url) { bytes.append(data) }
            }
            #expect(bytes.count > 0)
            #expect(bytes.range(of: Data(token.utf8)) == nil)
            #expect(bytes.range(of: Data("nurse@example.nhs.uk".utf8)) == nil)
        }
    }
}
