import Synchronization
import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import Testing
@testable import PeerHoursAPI

@Suite struct HealthAndProblemTests {
    // Proves GET /health answers 200 with the store's engine without authentication and carries a request id.
    @Test func health() async throws {
        let fixture = try await AppFixture()
        try await fixture.application().test(.router) { client in
            let response = try await client.send(.get, "/health")
            #expect(response.status == .ok)
            #expect(String(buffer: response.body) == #"{"status":"ok","store":{"answering":true,"engine":"sqlite"}}"#)
            #expect(response.headers[HTTPField.Name("X-Request-ID")!]?.isEmpty == false)
        }
    }

    // Proves a database that does not answer makes /health 503 problem database-unavailable with
    // Retry-After (a load balancer takes the instance out), and that it is 200 again once it answers.
    @Test func healthIs503WhileTheDatabaseDoesNotAnswer() async throws {
        let fixture = try await AppFixture()
        let answering = Mutex(false)
        var dependencies = fixture.dependencies()
        dependencies.store = StoreProbe(engine: .postgres) { answering.withLock { $0 } }
        try await fixture.application(dependencies).test(.router) { client in
            let down = try await client.send(.get, "/health")
            #expect(down.status == .serviceUnavailable)
            #expect(down.headers[.contentType] == "application/problem+json")
            #expect(down.headers[HTTPField.Name("Retry-After")!] == "5")
            #expect(String(buffer: down.body).contains(#"problems\/database-unavailable"#))
            answering.withLock { $0 = true }
            let up = try await client.send(.get, "/health")
            #expect(up.status == .ok)
            #expect(String(buffer: up.body).contains(#""engine":"postgres""#))
        }
    }

    // Proves errors are RFC 9457 problem+json with type, title, status, detail and the request
    // id as instance: for an unknown path, a missing token and a missing Idempotency-Key.
    @Test func problemShape() async throws {
        let fixture = try await AppFixture()
        try await fixture.application().test(.router) { client in
            let notFound = try await client.send(.get, "/no-such-path")
            #expect(notFound.status == .notFound)
            #expect(notFound.headers[.contentType] == "application/problem+json")
            let problem = try notFound.problem()
            #expect(problem.type == "https://peerhours.example/problems/not-found")
            #expect(problem.status == 404 && !problem.title.isEmpty && !problem.detail.isEmpty)
            #expect(problem.instance == notFound.headers[HTTPField.Name("X-Request-ID")!])

            let unauthenticated = try await client.send(.get, "/networks")
            #expect(unauthenticated.status == .unauthorized)
            #expect(try unauthenticated.problem().type == "https://peerhours.example/problems/unauthenticated")
            #expect(unauthenticated.headers[.wwwAuthenticate] == "Bearer")

            // Without a token that is 401 before anything else (AuthenticationRequiredTests).
            let admin = try await client.bootstrapAndLogIn(fixture)
            let missingKey = try await client.send(.post, "/networks/1/invitations", json: #"{"email":"a@b.org"}"#, token: admin)
            #expect(missingKey.status == .badRequest)
            let missingKeyProblem = try missingKey.problem()
            #expect(missingKeyProblem.type == "https://peerhours.example/problems/invalid-request")
            #expect(missingKeyProblem.detail.contains("Idempotency-Key"))

            let badJSON = try await client.send(.post, "/auth/login", json: #"{"email": 5}"#)
            #expect(badJSON.status == .badRequest)
            #expect(try badJSON.problem().type == "https://peerhours.example/problems/invalid-request")
        }
    }

    // Proves each refusing ledger result code has its own problem type under …/problems/ledger/.
    @Test func everyLedgerCodeHasItsOwnType() {
        let refusals = TransferResultCode.allCases.filter { !$0.succeeded }
        let types = refusals.map { Problem.ledger($0).type }
        #expect(Set(types).count == refusals.count)
        for code in refusals {
            let problem = Problem.ledger(code)
            #expect(problem.type == "https://peerhours.example/problems/ledger/\(code.rawValue)")
            #expect(problem.status == .unprocessableContent)
            #expect(problem.ledgerCode == code.rawValue)
        }
    }
}

@Suite struct BodyLimitTests {
    // Proves a body over the limit is refused with 413 payload-too-large before any handler runs,
    // whether or not it declares its length, and a body under the limit passes.
    @Test func oversizedBodyIsRefused() async throws {
        let fixture = try await AppFixture(bodyLimitBytes: 1024)
        try await fixture.application().test(.router) { client in
            let padding = String(repeating: "x", count: 2000)
            let response = try await client.send(.post, "/auth/login", json: #"{"email":"a@b.org","password":"\#(padding)"}"#)
            #expect(response.status == .contentTooLarge)
            #expect(try response.problem().type == "https://peerhours.example/problems/payload-too-large")

            let small = try await client.send(.post, "/auth/login", json: #"{"email":"a@b.org","password":"not-the-password"}"#)
            #expect(small.status == .unauthorized)
        }
    }
}
