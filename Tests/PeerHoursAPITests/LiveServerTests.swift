import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import PeerHoursAPI

@Suite struct LiveServerTests {
    // Proves the application serves over a real socket (as `serve` runs it): /health answers,
    // and a login from a real client address is refused with problem+json.
    @Test func servesOverHTTP() async throws {
        let fixture = try APIFixture()
        try await fixture.application().test(.live) { client in
            let health = try await client.send(.get, "/health")
            #expect(health.status == .ok)
            let login = try await client.send(.post, "/auth/login", json: #"{"email":"a@example.org","password":"not-the-password"}"#)
            #expect(login.status == .unauthorized)
            #expect(login.headers[.contentType] == "application/problem+json")
        }
    }
}
