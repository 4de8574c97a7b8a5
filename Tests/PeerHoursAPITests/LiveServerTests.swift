import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import PeerHoursAPI

@Suite struct LiveServerTests {
    // Proves the application serves over a real socket (as `serve` runs it): /health answers,
    // and a login from a real client address is refused with problem+json.
    @Test func servesOverHTTP() async throws {
        let fixture = try await AppFixture()
        try await fixture.application().test(.live) { client in
            let health = try await client.send(.get, "/health")
            #expect(health.status == .ok)
            let login = try await client.send(.post, "/auth/login", json: #"{"email":"a@example.org","password":"not-the-password"}"#)
            #expect(login.status == .unauthorized)
            #expect(login.headers[.contentType] == "application/problem+json")
        }
    }

    // Proves a body NIO's parser cannot read — `Transfer-Encoding: chunked` with the chunk size
    // `ZZZ` — is the client's error: 400 problem+json `invalid-request`, not 500 `internal`.
    @Test func invalidChunkSizeIs400Problem() async throws {
        let fixture = try await AppFixture()
        try await fixture.application().test(.live) { client in
            let port = try #require(client.port)
            for path in ["/auth/login", "/health", "/networks"] {
                let request = "POST \(path) HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n{}\r\n0\r\n\r\n"
                let answer = try await RawHTTPConnection.answer(port: port, request: Array(request.utf8))
                #expect(RawHTTPConnection.status(answer) == 400, "\(path): \(answer.prefix(300))")
                #expect(answer.contains("application/problem+json"), "\(path): \(answer.prefix(300))")
                #expect(answer.contains(#"problems\/invalid-request""#), "\(path): \(answer.prefix(600))")
            }
        }
    }

    // Proves a 100 KB header or URL gets problem+json, not a bare 400 with an empty body: 431
    // `headers-too-large` (NIO counts the request line and the header fields together), and the
    // server goes on serving.
    @Test func oversizedHeadersAreProblems() async throws {
        let fixture = try await AppFixture()
        try await fixture.application().test(.live) { client in
            let port = try #require(client.port)
            let huge = String(repeating: "a", count: 100_000)
            for request in ["GET /health HTTP/1.1\r\nHost: localhost\r\nX-Big: \(huge)\r\n\r\n",
                            "GET /health?q=\(huge) HTTP/1.1\r\nHost: localhost\r\n\r\n"] {
                let answer = try await RawHTTPConnection.answer(port: port, request: Array(request.utf8))
                #expect(RawHTTPConnection.status(answer) == 431, "\(answer.prefix(300))")
                #expect(answer.contains("application/problem+json"), "\(answer.prefix(300))")
                #expect(answer.contains(#"problems\/headers-too-large""#), "\(answer.prefix(600))")
            }
            #expect(try await client.send(.get, "/health").status == .ok)
        }
    }
}
