import AppTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import PeerHoursAPI

@Suite struct PathAndMethodTests {
    // Proves every id in every path is checked against the spec's ID range (1 to 2^53 − 1):
    // above the maximum, zero or not a number, each operation answers 400 naming the parameter
    // with a pointer; `DELETE /me/blocks/{memberID}` named as in the issue.
    @Test func everyPathIDIsChecked() async throws {
        let fixture = try await AppFixture()
        try await fixture.application().test(.router) { client in
            let admin = try await client.bootstrapAndLogIn(fixture)
            let withIDs = SpecOperation.all.filter { !$0.isPublic && $0.pathTemplate.contains("ID}") }
            #expect(withIDs.contains { $0.operationID == "unblockMember" })
            for operation in withIDs {
                for id in ["9007199254740992", "0", "abc", "-1"] {
                    let response = try await client.execute(
                        uri: operation.path(id: id), method: operation.method,
                        headers: [.authorization: "Bearer \(admin)", .contentType: "application/json", .idempotencyKey: "k-\(id)"],
                        body: ByteBuffer(string: "{}"))
                    #expect(response.status == .badRequest, "\(operation) id \(id)")
                    let pointers = try response.json(FieldErrorsBody.self).errors?.map(\.pointer) ?? []
                    #expect(!pointers.isEmpty && pointers.allSatisfy { $0.hasPrefix("/path/") && $0.hasSuffix("ID") }, "\(operation)")
                    #expect(try response.problem().detail.contains("from 1 to 9007199254740991"), "\(operation)")
                }
            }
        }
    }

    // Proves a method a known path does not have is 405 `method-not-allowed` with `Allow`
    // (TRACE as in the issue, and PUT), while an unknown path is still 404.
    @Test func unknownMethodOnKnownPathIs405() async throws {
        let fixture = try await AppFixture()
        try await fixture.application().test(.router) { client in
            let admin = try await client.bootstrapAndLogIn(fixture)
            for (method, path) in [(HTTPRequest.Method.trace, "/health"), (.trace, "/networks/3"), (.put, "/networks"), (.get, "/me/blocks/4")] {
                let response = try await client.execute(uri: path, method: method, headers: [.authorization: "Bearer \(admin)"], body: nil)
                #expect(response.status == .methodNotAllowed, "\(method) \(path)")
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(response.headers[.allow]?.isEmpty == false, "\(method) \(path)")
            }
            #expect(try await client.execute(uri: "/health", method: .trace, headers: [:], body: nil).headers[.allow] == "GET")
            for (method, path) in [(HTTPRequest.Method.trace, "/nowhere"), (.get, "/networks/3/nothing")] {
                let response = try await client.execute(uri: path, method: method, headers: [.authorization: "Bearer \(admin)"], body: nil)
                #expect(response.status == .notFound, "\(method) \(path)")
            }
        }
    }
}
