import Metrics
import Prometheus

/// `serve --metrics-port`: where the metrics are served (a listener of their own, loopback by
/// default, never the public port) and the registry they are kept in.
public struct MetricsConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// What `/metrics` encodes: the service's own metrics and, when `serve` bootstraps the
    /// global `MetricsSystem` with `factory`, any library's.
    public let registry: PrometheusCollectorRegistry
    /// The swift-metrics factory over `registry`, with the service's histogram buckets.
    public let factory: PrometheusMetricsFactory
    public let service: ServiceMetrics

    public init(host: String = "127.0.0.1", port: Int, registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.host = host
        self.port = port
        self.registry = registry
        factory = Self.factory(registry)
        service = ServiceMetrics(factory: factory)
    }

    /// Buckets for the service's histograms: request latency from 1 ms to 10 s, ledger batches
    /// from one request (or event) to the writer's limits.
    static func factory(_ registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets[ServiceMetrics.Name.httpRequestDuration] = [
            .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
        ]
        factory.valueHistogramBuckets[ServiceMetrics.Name.ledgerCommitRequests] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]
        factory.valueHistogramBuckets[ServiceMetrics.Name.ledgerCommitEvents] = [1, 4, 16, 64, 256, 1024, 4096, 8192]
        return factory
    }
}
