import Foundation
import Hummingbird
import Exchange
import ExchangeSQLite
import Idempotency
import IdempotencySQLite
import Identity
import IdentitySQLite
import Ledger
import LedgerSQLite
import Logging
import OpenAPIHummingbird
import OpenAPIRuntime
import PeerHoursWeb
import SQLiteSupport
import ServiceLifecycle
import Onboarding

/// Opens the stores in the data directory (the ledger verifies itself as it opens) and builds
/// the application.
public func buildApplication(_ configuration: AppConfiguration, logger: Logger = Logger(label: "peerhours")) async throws
    -> some ApplicationProtocol
{
    try await buildApplication(configuration, dependencies: try await openDependencies(configuration, logger: logger), logger: logger)
}

/// The PostgreSQL stores when `configuration.database` names them (`openPostgresDependencies`);
/// otherwise the SQLite stores in the data directory, the ledger on the wall clock (or, in a debug build
/// under `--test-clock`, on the test clock), and the domain and identity on the same clock,
/// brought up to the ledger (`ExchangeDomain.recoverUnrecordedActions`). The caller holds the
/// directory (`DataDirectoryLock`): this process is its only writer, so the stores' read caches
/// are kept coherent by their own commits (`CacheCoherence.exclusiveFile`).
public func openDependencies(_ configuration: AppConfiguration, logger: Logger) async throws -> AppDependencies {
    if let location = configuration.database {
        return try await openPostgresDependencies(configuration, location: location, logger: logger)
    }
    let directory = configuration.dataDirectory
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    var ledgerOptions = configuration.ledgerOptions
    ledgerOptions.cacheCoherence = .exclusiveFile
    let clock = configuration.serverClock
    let ledger = Ledger(
        store: try await SQLiteLedgerStore.open(directory: directory, options: ledgerOptions), clock: clock,
        observer: configuration.metrics?.service)
    let exchangeStore = try SQLiteExchangeStore.open(directory: directory, coherence: .exclusiveFile)
    let exchange = ExchangeDomain(store: exchangeStore, ledger: ledger, logger: logger,
                                  reportStore: try SQLiteReportStore.open(directory: directory))
    // Before any request: exchanges a stop left a step behind the ledger catch up.
    _ = try await exchange.recoverUnrecordedActions()
    let identityStore = try SQLiteIdentityStore(dataDirectory: directory, coherence: .exclusiveFile)
    var dependencies = AppDependencies(
        identityStore: identityStore,
        idempotencyStore: try SQLiteIdempotencyStore(dataDirectory: directory),
        members: ExchangeMemberDirectory(exchange: exchange), clock: clock,
        exchange: exchange, ledger: ledger,
        mail: mailDependencies(exchangeStore: exchangeStore, identityStore: identityStore))
    dependencies.store = .embeddedFiles(directory: directory)
    dependencies.exchangeCounts = exchangeStore
    return dependencies
}

/// With `configuration.tls`, the application serves HTTPS with `certificate` (read from the
/// settings' files when nil), reloads it on SIGHUP, and its cookies carry Secure.
public func buildApplication(
    _ configuration: AppConfiguration, dependencies: AppDependencies, certificate: ServerCertificate? = nil, logger: Logger
) async throws -> some ApplicationProtocol {
    var loginRefused: (@Sendable (LoginRefusalReason) -> Void)?
    if let metrics = configuration.metrics?.service { loginRefused = { reason in metrics.recordLoginRefused(reason) } }
    let identity = IdentityService(
        store: dependencies.identityStore, clock: dependencies.clock, configuration: configuration.identity, logger: logger,
        loginRefused: loginRefused)
    var configuration = configuration
    var services: [any Service] = []
    var certificate = certificate
    if certificate == nil, let tls = configuration.tls { certificate = try ServerCertificate(loading: tls) }
    if let certificate {
        // Served over HTTPS: cookies carry Secure (and responses HSTS, `strictTransportSecurity`).
        configuration.web.secureCookies = true
        services.append(await CertificateReloadService(certificate: certificate, logger: logger))
    }
    if let mail = configuration.mail, let stores = dependencies.mail {
        let delivery = try deliveryService(mail, stores: stores, configuration: configuration, clock: dependencies.clock, logger: logger)
        configuration.web.mail = MailOversight(outboxes: stores.outboxes, status: delivery.status)
        services.append(delivery)
    }
    if let backup = configuration.backup {
        precondition(configuration.database == nil, "scheduled backups copy the SQLite data directory")
        services.append(ScheduledBackupService(schedule: backup, dataDirectory: configuration.dataDirectory, logger: logger))
    }
    if case .directory(let path)? = configuration.mail?.transport { configuration.web.mailDirectory = path }
    if let metricsConfiguration = configuration.metrics {
        services.append(MetricsServer.application(metricsConfiguration, scrape: metricsScrape(metricsConfiguration, dependencies), logger: logger))
    }
    let router = try await buildRouter(configuration, identity: identity, dependencies: dependencies)
    let housekeeping = HousekeepingService(
        identityStore: dependencies.identityStore, idempotencyStore: dependencies.idempotencyStore,
        exchange: dependencies.exchange, clock: dependencies.clock, logger: logger)
    return Application(
        router: router,
        // HTTP/1.1, or HTTPS with HTTP/2 by ALPN; unreadable requests get a problem too.
        server: try .peerHours(certificate: certificate),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "peerhours"),
        services: [housekeeping, DueWorkService(ledger: dependencies.ledger, exchange: dependencies.exchange, logger: logger)]
            + services,
        logger: logger)
}

/// The middleware chain, outermost first, the generated routes and the web pages.
///
/// The pages share the router (one process, one port) but not the API's behaviour: their routes
/// sit in a group of their own whose `PageMiddleware` renders every error as a page, so the
/// problem+json middleware never sees one; the bearer-token middleware only reads an
/// `Authorization` header the pages never use (their session is a cookie, which the API never
/// reads, so a cookie cannot call the API for a forged request); the Idempotency-Key middleware
/// acts only with a bearer principal. A browser asking for a path nobody serves gets the 404
/// page; API clients keep their problem+json.
func buildRouter(_ configuration: AppConfiguration, identity: IdentityService, dependencies: AppDependencies) async throws
    -> Router<PeerHoursRequestContext>
{
    let router = Router(context: PeerHoursRequestContext.self)
    let routes = RouteTable()
    // Outermost, so that every response carries it, errors and pages too.
    if configuration.strictTransportSecurity { router.add(middleware: StrictTransportSecurityMiddleware()) }
    let transport = RouteRecordingTransport(router: router, table: routes)
    let web = try await WebApp(
        configuration: configuration.web, identity: identity, exchange: dependencies.exchange,
        signUp: SignUp(identity: identity, members: dependencies.members))
    // Outermost: it counts what the client got, whatever answered it.
    if let metrics = configuration.metrics?.service { router.add(middleware: RequestMetricsMiddleware(metrics: metrics)) }
    router.add(middleware: AccessLogMiddleware())
    router.add(middleware: ProblemMiddleware())
    // Outside the 405 check, so that it sees only paths that exist for no method.
    router.add(middleware: NotFoundPageMiddleware(web: web))
    // Its table is filled as the routes below are registered.
    router.add(middleware: MethodNotAllowedMiddleware(table: routes))
    router.add(middleware: BodyLimitMiddleware(limitBytes: configuration.bodyLimitBytes))
    router.add(middleware: DateTimeProblemMiddleware())
    router.add(middleware: AuthenticationMiddleware(identity: identity))
    router.add(middleware: IdempotencyMiddleware(store: dependencies.idempotencyStore, clock: dependencies.clock))
    router.add(middleware: RequestScopeMiddleware())
    let handlers = APIHandlers(
        identity: identity, members: dependencies.members, exchange: dependencies.exchange, mail: configuration.web.mail,
        store: dependencies.store, mailDirectory: configuration.web.mailDirectory,
        readiness: readinessChecks(dependencies, mail: configuration.web.mail, backup: configuration.backup))
    // The default transcoder's `ISO8601DateFormatter` costs more than the rest of a date's
    // trip through JSON; this one reads and writes the same strings (RFC3339DateTranscoder).
    // Bodies are compact (the default pretty-prints), with keys sorted as problem bodies are:
    // about a third fewer bytes to encode, send, seal and store with each idempotency record.
    // In order: 401 for a secured operation without a valid token, before anything about the
    // input; then the path's ids and the media types (and JSONAcceptMiddleware's shortcut).
    try handlers.registerHandlers(
        on: transport, configuration: Configuration(dateTranscoder: RFC3339DateTranscoder(), jsonEncodingOptions: [.sortedKeys]),
        middlewares: [AuthenticationRequiredMiddleware(), PathIDMiddleware(), ContentNegotiationMiddleware(), JSONAcceptMiddleware(),
                      AttachmentHeaderMiddleware()])
    web.addRoutes(to: router)
    #if DEBUG
    if let clock = configuration.testClock {
        let exchange = dependencies.exchange
        TestClockRoute.register(on: router, clock: clock) {
            let report = try await exchange.runDueWork()
            return DueWorkSummary(autoConfirmed: report.autoConfirmed, expired: report.expired)
        }
    }
    #endif
    return router
}

/// The gauges a scrape refreshes, over the application's stores.
func metricsScrape(_ configuration: MetricsConfiguration, _ dependencies: AppDependencies) -> MetricsScrape {
    let clock = dependencies.clock
    let sizeBytes = dependencies.store.sizeBytes
    return MetricsScrape(
        metrics: configuration.service, ledger: dependencies.ledger, outboxes: dependencies.mail?.outboxes ?? [:],
        exchangeCounts: dependencies.exchangeCounts,
        databaseSizeBytes: { try await sizeBytes?() ?? 0 }, now: { clock.nowDate() })
}
