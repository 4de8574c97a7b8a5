import AppTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import PeerHoursAPI

@Suite struct JSONAcceptTests {
    // Only a lone, exact `Accept: application/json` is dropped.
    @Test func recognisesOnlyTheExactValue() {
        func fields(_ values: [String]) -> HTTPFields {
            var fields = HTTPFields()
            for value in values { fields.append(HTTPField(name: .accept, value: value)) }
            return fields
        }
        #expect(JSONAcceptMiddleware.isExactlyJSON(fields(["application/json"])))
        for other in [[], ["application/json", "application/json"], ["application/json, text/csv"], ["application/json;q=1"],
                      ["APPLICATION/JSON"], ["text/csv"], ["*/*"]] {
            #expect(!JSONAcceptMiddleware.isExactlyJSON(fields(other)), "\(other)")
        }
    }

    // Negotiation is what the generated code makes of it: a POST with `Accept: application/json`
    // (dropped), none, or `*/*` answers JSON; a POST that accepts only CSV is still refused; the
    // CSV export (a GET) still refuses `Accept: application/json` exactly as before.
    @Test func negotiationIsUnchanged() async throws {
        let fixture = try await AppFixture()
        try await fixture.application().test(.router) { client in
            let token = try await client.bootstrapAndLogIn(fixture)
            let login = ByteBuffer(string: #"{"email":"admin@example.org","password":"\#(AppFixture.password)"}"#)
            func post(accept: String?) async throws -> TestResponse {
                var headers: HTTPFields = [.contentType: "application/json"]
                if let accept { headers[.accept] = accept }
                return try await client.execute(uri: "/auth/login", method: .post, headers: headers, body: login)
            }
            for accept in ["application/json", nil, "*/*", "application/*"] {
                let answer = try await post(accept: accept)
                #expect(answer.status == .ok, "\(accept ?? "none")")
                #expect(answer.headers[.contentType]?.hasPrefix("application/json") == true)
            }
            let csvOnly = try await post(accept: "text/csv")
            #expect(csvOnly.status.code >= 400 && csvOnly.status.code < 500, "\(csvOnly.status)")

            let export = try await client.execute(
                uri: "/networks/1/exports/hours-by-kind", method: .get,
                headers: [.authorization: "Bearer \(token)", .accept: "application/json"], body: nil)
            #expect(export.status.code >= 400 && export.status.code < 500, "\(export.status)")
            #expect(export.headers[.contentType]?.hasPrefix("text/csv") != true)
        }
    }
}

@Suite struct ContentNegotiationTests {
    // Proves request bodies must be JSON in UTF-8: a charset other than UTF-8, `*/*`, an empty
    // Content-Type and none at all (with a body) are 415 `unsupported-media-type`, and nothing is
    // created; `application/json`, any case, with `charset=utf-8` (quoted or not) is read.
    @Test func bodiesMustBeJSONInUTF8() async throws {
        let fixture = try await AppFixture(members: .exchange)
        try await fixture.application().test(.router) { client in
            let admin = try await client.bootstrapAndLogIn(fixture)
            func create(_ slug: String, contentType: String?) async throws -> TestResponse {
                var headers: HTTPFields = [.authorization: "Bearer \(admin)", .idempotencyKey: "ct-\(slug)"]
                if let contentType { headers[.contentType] = contentType }
                return try await client.execute(
                    uri: "/networks", method: .post, headers: headers, body: ByteBuffer(string: #"{"slug":"\#(slug)","name":"N"}"#))
            }
            for (index, contentType) in ["application/json; charset=utf-16", "*/*", "", nil, "text/plain", "application/json; v=2"].enumerated() {
                let refused = try await create("refused-\(index)", contentType: contentType)
                #expect(refused.status == .unsupportedMediaType, "\(contentType ?? "none")")
                #expect(try refused.problem().type == Problem.typePrefix + "unsupported-media-type")
            }
            let listed = try await client.send(.get, "/networks", token: admin)
            #expect(!String(buffer: listed.body).contains("refused-"))
            for (index, contentType) in ["application/json; charset=utf-8", "Application/JSON; Charset=\"UTF-8\""].enumerated() {
                #expect(try await create("accepted-\(index)", contentType: contentType).status == .created, "\(contentType)")
            }
        }
    }

    // Proves Accept is honoured exactly: `application/json;q=0` (alone, or with `*/*` beside it)
    // is 406 `not-acceptable` before anything is created; lists and ranges that accept JSON are
    // served; errors stay problem+json when Accept names it; the CSV export takes `text/csv`.
    @Test func acceptIsHonouredExactly() async throws {
        let fixture = try await AppFixture(members: .exchange)
        try await fixture.application().test(.router) { client in
            let admin = try await client.bootstrapAndLogIn(fixture)
            func create(_ slug: String, accept: String) async throws -> TestResponse {
                try await client.execute(
                    uri: "/networks", method: .post,
                    headers: [.authorization: "Bearer \(admin)", .idempotencyKey: "acc-\(slug)", .contentType: "application/json", .accept: accept],
                    body: ByteBuffer(string: #"{"slug":"\#(slug)","name":"N"}"#))
            }
            for (index, accept) in ["application/json;q=0", "application/json; q=0, */*", "text/csv", "application/problem+json"].enumerated() {
                let refused = try await create("refused-\(index)", accept: accept)
                #expect(refused.status == .notAcceptable, "\(accept)")
                #expect(refused.headers[.contentType] == "application/problem+json")
            }
            #expect(!String(buffer: try await client.send(.get, "/networks", token: admin).body).contains("refused-"))
            for (index, accept) in ["application/json;q=0.5", "text/csv, application/*", "*/*;q=0.1", "application/problem+json, application/json"].enumerated() {
                #expect(try await create("served-\(index)", accept: accept).status == .created, "\(accept)")
            }
            let unauthenticated = try await client.execute(
                uri: "/networks", method: .get, headers: [.accept: "application/problem+json"], body: nil)
            #expect(unauthenticated.status == .unauthorized)
            #expect(unauthenticated.headers[.contentType] == "application/problem+json")
            let csv = try await client.execute(
                uri: "/networks/1/exports/hours-by-kind", method: .get, headers: [.authorization: "Bearer \(admin)", .accept: "text/csv;q=0"], body: nil)
            #expect(csv.status == .notAcceptable)
        }
    }

    // Proves the media-type helpers' edge cases: specificity decides, not order; quotes and case
    // are ignored; an unreadable quality counts as no match.
    @Test func mediaTypeRules() {
        #expect(MediaType.quality(of: "application/json", in: "*/*, application/json;q=0") == 0)
        #expect(MediaType.quality(of: "application/json", in: "application/*;q=0.3, */*;q=0.9") == 0.3)
        #expect(MediaType.quality(of: "application/json", in: "application/json;q=2") == 0)
        #expect(MediaType.quality(of: "text/csv", in: "TEXT/CSV") == 1)
        #expect(MediaType.isJSONInUTF8("application/json;charset=\"utf-8\""))
        #expect(!MediaType.isJSONInUTF8("application/json;charset=latin1"))
        #expect(!MediaType.isJSONInUTF8("application/jsonx"))
    }
}
