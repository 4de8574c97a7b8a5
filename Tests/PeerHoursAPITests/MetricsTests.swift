import AppTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Prometheus
import Testing
@testable import PeerHoursAPI

@Suite struct MetricsTests {
    /// Metrics on a registry of the test's own (not the global `MetricsSystem`), a listener on
    /// an ephemeral loopback port.
    static func metricsConfiguration() -> MetricsConfiguration {
        MetricsConfiguration(host: "127.0.0.1", port: 0, registry: PrometheusCollectorRegistry())
    }

    // Proves that after requests (a refused login, an id in a path, an unknown path) and the
    // ledger's commits, one scrape's output holds every family the service keeps, the requests
    // by route template and status, and no concrete id, email or name.
    @Test func scrapeHoldsTheFamiliesAndNoIDs() async throws {
        let metrics = Self.metricsConfiguration()
        let fixture = try await AppFixture(members: .exchange, ledger: .sqlite, administrator: true, ledgerObserver: metrics.service)
        defer { fixture.remove() }
        _ = try await fixture.network("metrics-net")
        var configuration = fixture.configuration
        configuration.metrics = metrics
        var dependencies = fixture.dependencies()
        dependencies.store = .embeddedFiles(directory: fixture.directory.path)
        let application = try await buildApplication(configuration, dependencies: dependencies, logger: Logger(label: "metrics-tests"))
        try await application.test(.router) { client in
            let refused = try await client.send(.post, "/auth/login", json: #"{"email":"admin@example.org","password":"wrong-password-123"}"#)
            #expect(refused.status == .unauthorized)
            let token = try await client.logIn(email: "admin@example.org", password: AppFixture.password)
            let missing = try await client.send(.get, "/exchanges/987654", token: token)
            #expect(missing.status.code >= 400)
            _ = try await client.send(.get, "/no-such-path-4242")
        }
        let scrape = metricsScrape(metrics, dependencies)
        await scrape.refresh()
        let text = metrics.registry.emitToString()
        for family in [
            "peerhours_http_requests_total", "peerhours_http_request_duration_seconds_bucket", "peerhours_ledger_commits_total",
            "peerhours_ledger_commit_batch_requests_bucket", "peerhours_ledger_commit_batch_events_bucket",
            "peerhours_ledger_writer_queue_depth", "peerhours_login_refusals_total", "peerhours_exchanges_open",
            "peerhours_database_size_bytes",
        ] {
            #expect(text.contains("\n\(family)") || text.hasPrefix(family), "\(family) missing")
        }
        #expect(text.contains(#"peerhours_login_refusals_total{reason="invalid_credentials"} 1"#))
        #expect(text.contains(#"peerhours_login_refusals_total{reason="rate_limited"} 0"#))
        #expect(text.contains(#"route="/exchanges/{exchangeID}""#))
        #expect(text.contains(#"route="/auth/login",status="401""#))
        #expect(text.contains(#"route="unmatched",status="404""#))
        #expect(text.contains(#"peerhours_exchanges_open{status="proposed"} 0.0"#))
        // Each series' name and labels: its line up to the value.
        let labels = text.split(separator: "\n").filter { !$0.hasPrefix("#") && $0.contains("{") }
            .map { line in line[..<(line.lastIndex(of: " ") ?? line.endIndex)] }
        #expect(!labels.isEmpty)
        for forbidden in ["987654", "4242", "example.org", "@", "Ada", "metrics-net"] {
            #expect(!labels.contains { $0.contains(forbidden) }, "\(forbidden) in a label")
        }
        let commits = try #require(Self.value(of: "peerhours_ledger_commits_total", in: text))
        #expect(commits >= 1)
        let size = try #require(Self.value(of: "peerhours_database_size_bytes", in: text))
        #expect(size > 0)
    }

    // Proves the metrics listener's router answers GET /metrics in Prometheus text, and that
    // the application's own router does not serve /metrics (it is never on the public port).
    @Test func metricsOnTheirOwnRouterOnly() async throws {
        let metrics = Self.metricsConfiguration()
        let fixture = try await AppFixture()
        defer { fixture.remove() }
        var configuration = fixture.configuration
        configuration.metrics = metrics
        let dependencies = fixture.dependencies()
        let application = try await buildApplication(configuration, dependencies: dependencies, logger: Logger(label: "metrics-tests"))
        try await application.test(.router) { client in
            let response = try await client.send(.get, "/metrics")
            #expect(response.status == .notFound)
        }
        let listener = Application(router: MetricsServer.router(registry: metrics.registry, scrape: metricsScrape(metrics, dependencies)))
        try await listener.test(.router) { client in
            let response = try await client.send(.get, "/metrics")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == MetricsServer.contentType)
            #expect(String(buffer: response.body).contains("# TYPE peerhours_http_requests_total counter"))
        }
    }

    /// The value of an unlabelled series in Prometheus text.
    static func value(of name: String, in text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ")[1]) }
    }
}
