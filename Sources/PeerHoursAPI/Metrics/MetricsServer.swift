import Hummingbird
import Logging
import Prometheus

/// The metrics listener: a small application of its own with one route, `GET /metrics`
/// (Prometheus text format), run as a service beside the main application, so that the public
/// port never serves it. Each scrape first refreshes the gauges read at scrape time.
enum MetricsServer {
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    static func router(registry: PrometheusCollectorRegistry, scrape: MetricsScrape) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/metrics") { _, _ -> Response in
            await scrape.refresh()
            var buffer = ByteBuffer()
            buffer.writeBytes(registry.emitToBuffer())
            return Response(status: .ok, headers: [.contentType: MetricsServer.contentType], body: .init(byteBuffer: buffer))
        }
        return router
    }

    static func application(_ configuration: MetricsConfiguration, scrape: MetricsScrape, logger: Logger) -> some ApplicationProtocol {
        Application(
            router: router(registry: configuration.registry, scrape: scrape),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "peerhours-metrics"),
            logger: logger)
    }
}
