import Exchange
import Identity
import Ledger
import Metrics
import Outbox
import Synchronization

/// The service's own metrics, made through swift-metrics on the factory it is given (never the
/// global `MetricsSystem`, so tests read their own registry). Every label comes from a fixed or
/// bounded set: route templates, status codes, methods, refusal reasons, exchange statuses,
/// outbox names. Nothing names a member, a network or an id.
public final class ServiceMetrics: Sendable {
    /// Metric names, Prometheus style (docs/MONITORING.md says what each means).
    public enum Name {
        public static let httpRequests = "peerhours_http_requests_total"
        public static let httpRequestDuration = "peerhours_http_request_duration_seconds"
        public static let ledgerCommits = "peerhours_ledger_commits_total"
        public static let ledgerCommitRequests = "peerhours_ledger_commit_batch_requests"
        public static let ledgerCommitEvents = "peerhours_ledger_commit_batch_events"
        public static let ledgerWriterQueueDepth = "peerhours_ledger_writer_queue_depth"
        public static let loginRefusals = "peerhours_login_refusals_total"
        public static let outboxPending = "peerhours_outbox_pending"
        public static let outboxFailed = "peerhours_outbox_failed"
        public static let exchangesOpen = "peerhours_exchanges_open"
        public static let databaseSizeBytes = "peerhours_database_size_bytes"
        public static let scrapeFailures = "peerhours_metrics_scrape_failures_total"
    }

    /// Distinct (method, route, status) series kept; later new ones are counted under the route
    /// `other` (a bound, should templates ever grow unexpectedly).
    static let requestSeriesMax = 2_000

    private struct RequestKey: Hashable {
        var method: String
        var route: String
        var status: Int
    }

    private struct RequestInstruments {
        let count: Counter
        let duration: Timer
    }

    private let factory: any MetricsFactory
    private let requests = Mutex<[RequestKey: RequestInstruments]>([:])
    private let ledgerCommits: Counter
    private let ledgerCommitRequests: Recorder
    private let ledgerCommitEvents: Recorder
    let ledgerWriterQueueDepth: Gauge
    private let loginRefusals: [LoginRefusalReason: Counter]
    let outboxPending: [OutboxSource: Gauge]
    let outboxFailed: [OutboxSource: Gauge]
    let exchangesOpen: [ExchangeStatus: Gauge]
    let databaseSizeBytes: Gauge
    private let scrapeFailures: [String: Counter]

    /// Every fixed series is made here, so that it appears (at zero) before its first event.
    public init(factory: any MetricsFactory) {
        self.factory = factory
        ledgerCommits = Counter(label: Name.ledgerCommits, factory: factory)
        ledgerCommitRequests = Recorder(label: Name.ledgerCommitRequests, aggregate: true, factory: factory)
        ledgerCommitEvents = Recorder(label: Name.ledgerCommitEvents, aggregate: true, factory: factory)
        ledgerWriterQueueDepth = Gauge(label: Name.ledgerWriterQueueDepth, factory: factory)
        loginRefusals = Dictionary(uniqueKeysWithValues: LoginRefusalReason.allCases.map {
            ($0, Counter(label: Name.loginRefusals, dimensions: [("reason", $0.rawValue)], factory: factory))
        })
        outboxPending = Dictionary(uniqueKeysWithValues: OutboxSource.allCases.map {
            ($0, Gauge(label: Name.outboxPending, dimensions: [("outbox", $0.rawValue)], factory: factory))
        })
        outboxFailed = Dictionary(uniqueKeysWithValues: OutboxSource.allCases.map {
            ($0, Gauge(label: Name.outboxFailed, dimensions: [("outbox", $0.rawValue)], factory: factory))
        })
        exchangesOpen = Dictionary(uniqueKeysWithValues: ExchangeStatus.openStatuses.map {
            ($0, Gauge(label: Name.exchangesOpen, dimensions: [("status", $0.rawValue)], factory: factory))
        })
        databaseSizeBytes = Gauge(label: Name.databaseSizeBytes, factory: factory)
        scrapeFailures = Dictionary(uniqueKeysWithValues: ScrapeSource.allCases.map {
            ($0.rawValue, Counter(label: Name.scrapeFailures, dimensions: [("source", $0.rawValue)], factory: factory))
        })
    }

    /// One answered request: its method, route template (`RouteLabel`), status and duration.
    func recordRequest(method: String, route: String, status: Int, durationNanoseconds: Int64) {
        let instruments = requests.withLock { requests in
            var key = RequestKey(method: method, route: route, status: status)
            if requests[key] == nil && requests.count >= Self.requestSeriesMax { key.route = RouteLabel.other }
            if let known = requests[key] { return known }
            let dimensions = [("method", key.method), ("route", key.route), ("status", String(key.status))]
            let made = RequestInstruments(
                count: Counter(label: Name.httpRequests, dimensions: dimensions, factory: factory),
                duration: Timer(label: Name.httpRequestDuration, dimensions: dimensions, factory: factory))
            requests[key] = made
            return made
        }
        instruments.count.increment()
        instruments.duration.recordNanoseconds(durationNanoseconds)
    }

    func recordLoginRefused(_ reason: LoginRefusalReason) {
        loginRefusals[reason]?.increment()
    }

    func recordScrapeFailure(_ source: ScrapeSource) {
        scrapeFailures[source.rawValue]?.increment()
    }

    /// What a scrape reads from outside this object and failed to read (the gauge keeps its
    /// last value; this counter says it is stale).
    enum ScrapeSource: String, CaseIterable {
        case outbox, exchanges, database
    }
}

extension ServiceMetrics: LedgerCommitObserver {
    public func ledgerCommitted(requests: Int, events: Int) {
        ledgerCommits.increment()
        ledgerCommitRequests.record(requests)
        ledgerCommitEvents.record(events)
    }
}
