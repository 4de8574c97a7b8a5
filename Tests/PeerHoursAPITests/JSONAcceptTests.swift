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
        let fixture = try APIFixture()
        try await fixture.application().test(.router) { client in
            let token = try await client.bootstrapAndLogIn(fixture)
            let login = ByteBuffer(string: #"{"email":"admin@example.org","password":"\#(APIFixture.password)"}"#)
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
