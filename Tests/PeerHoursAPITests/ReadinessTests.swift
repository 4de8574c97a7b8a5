import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import PeerHoursAPI

@Suite struct ReadinessTests {
    struct FixedCheck: ReadinessCheck {
        let name: String
        let result: ReadinessResult
        func check() async -> ReadinessResult { result }
    }

    struct Body: Decodable, Equatable {
        struct Check: Decodable, Equatable { var name: String; var ready: Bool; var detail: String? }
        var ready: Bool
        var checks: [Check]
    }

    // Proves /health/ready answers 200 when every store answers, listing each store's check.
    @Test func readyWhenEveryStoreAnswers() async throws {
        let fixture = try await AppFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            let response = try await client.send(.get, "/health/ready")
            #expect(response.status == .ok)
            let body = try response.json(Body.self)
            #expect(body.ready)
            #expect(body.checks.map(\.name) == ["ledger", "exchange", "identity", "idempotency"])
            let allReady = body.checks.allSatisfy { $0.ready }
            #expect(allReady)
        }
    }

    // Proves one check that is not ready (an added one, as the backup's will be) makes the
    // answer 503 with the same body, saying which check and why.
    @Test func notReadyWhenAnyCheckIsNot() async throws {
        let fixture = try await AppFixture()
        defer { fixture.remove() }
        var dependencies = fixture.dependencies()
        dependencies.readinessChecks = [FixedCheck(name: "backup", result: ReadinessResult(ready: false, detail: "last backup 30 hours ago"))]
        try await fixture.application(dependencies).test(.router) { client in
            let response = try await client.send(.get, "/health/ready")
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            let body = try response.json(Body.self)
            #expect(!body.ready)
            #expect(body.checks.last == Body.Check(name: "backup", ready: false, detail: "last backup 30 hours ago"))
            let othersReady = body.checks.dropLast().allSatisfy { $0.ready }
            #expect(othersReady)
        }
    }

    // Proves a store query that does not return within the timeout is not ready, answered at
    // the timeout (the query is left behind), and a failing one names only the error's type.
    @Test func queryTimeoutAndFailure() async throws {
        let slow = QueryReadinessCheck(name: "ledger", timeoutMilliseconds: 20) { try await Task.sleep(for: .seconds(3_600)) }
        #expect(await slow.check() == ReadinessResult(ready: false, detail: "no answer within 20 ms"))
        struct Broken: Error {}
        let failing = QueryReadinessCheck(name: "exchange") { throw Broken() }
        let result = await failing.check()
        #expect(!result.ready)
        #expect(result.detail?.hasPrefix("query failed: ") == true && result.detail?.hasSuffix("Broken") == true)
    }
}
