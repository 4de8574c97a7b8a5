import AppTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import PeerHoursAPI

@Suite struct AuthenticationRequiredTests {
    // Proves the middleware's list of public operations is exactly the spec's `security: []`
    // operations, so a new secured operation is covered without anyone remembering to.
    @Test func publicOperationsAreTheSpecs() {
        let operations = SpecOperation.all
        #expect(operations.count > 60)
        #expect(Set(operations.filter(\.isPublic).map(\.operationID)) == AuthenticationRequiredMiddleware.publicOperationIDs)
    }

    // Proves every secured operation answers 401 before it looks at its input: with no token, a
    // revoked token or a malformed one, an out-of-range id in the path and a body that is not
    // JSON, each gets 401 `unauthenticated` (not 400); `POST /offers` named as in the issue.
    @Test func everySecuredOperationRefusesBeforeReadingInput() async throws {
        let fixture = try await AppFixture()
        try await fixture.application().test(.router) { client in
            let revoked = try await client.bootstrapAndLogIn(fixture)
            #expect(try await client.send(.post, "/auth/logout", token: revoked).status.kind == .successful)
            let secured = SpecOperation.all.filter { !$0.isPublic }
            #expect(secured.contains { $0.operationID == "createOffer" })
            for operation in secured {
                for token in [nil, revoked, "not-a-token"] as [String?] {
                    var headers: HTTPFields = [.contentType: "application/json", .idempotencyKey: "k1"]
                    if let token { headers[.authorization] = "Bearer \(token)" }
                    let response = try await client.execute(
                        uri: operation.path(id: "0"), method: operation.method, headers: headers, body: ByteBuffer(string: "{not json"))
                    #expect(response.status == .unauthorized, "\(operation) token \(token == nil ? "none" : "bad")")
                    #expect(try response.problem().type == Problem.typePrefix + "unauthenticated", "\(operation)")
                }
            }
        }
    }
}
