import Exchange
import Idempotency
import Identity
import Ledger
import LedgerSQLite
import Onboarding
import PeerHoursWeb
import PostgresSupport

/// Everything `peerhours serve` decides; tests build the same application with other values.
public struct AppConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Where the SQLite files live (created if missing); with `database`, only the mail folder's default home.
    public var dataDirectory: String
    /// PostgreSQL instead of the SQLite files (`serve --database`): several instances may share it.
    public var database: PostgresLocation?
    public var bodyLimitBytes: Int
    public var identity: IdentityConfiguration
    /// Durability of the ledger (synchronous=FULL unless the less durable option is named).
    public var ledgerOptions: SQLiteLedgerStore.Options
    /// The web pages: secure cookies, the public origin, extra message catalogues.
    public var web: WebConfiguration
    /// HTTPS with this certificate and key (`serve --tls-certificate --tls-key`); nil: plain HTTP.
    public var tls: TLSSettings?
    #if DEBUG
    /// Debug builds only (`serve --test-clock`): the one clock of the ledger, the domain and
    /// identity, moved by `POST /test-clock/advance` from loopback. Absent from release builds.
    public var testClock: TestClock?
    #endif

    /// How email is sent; nil: no delivery service runs (notices wait in the outboxes).
    public var mail: MailConfiguration?

    /// Scheduled backups of the SQLite data directory (`serve --backup-dir`); nil: none.
    public var backup: BackupSchedule?
    /// `serve --metrics-port`: the metrics, served on their own listener; nil: none kept.
    public var metrics: MetricsConfiguration?

    /// Under `serve --demo`: the clock the demo's history is seeded on (`HistoryClock`).
    public var historyClock: HistoryClock?

    /// The clock the stores and services run on: the machine's, the test clock when set, or the
    /// demo's history clock.
    var serverClock: any EpochClock {
        #if DEBUG
        if let testClock { return testClock }
        #endif
        if let historyClock { return historyClock }
        return SystemClock()
    }

    /// Whether every response says `Strict-Transport-Security`: when browsers reach the server
    /// over HTTPS, its own (`tls`) or a proxy's (`--behind-tls`, which sets secure cookies).
    var strictTransportSecurity: Bool { tls != nil || web.secureCookies }

    /// The scheme of the server's own address (a proxy's is `web.publicOrigin`).
    var scheme: String { tls != nil ? "https" : "http" }

    public init(
        host: String = "127.0.0.1", port: Int = 8080, dataDirectory: String = "./peerhours-data",
        bodyLimitBytes: Int = 64 * 1024, identity: IdentityConfiguration = IdentityConfiguration(),
        ledgerOptions: SQLiteLedgerStore.Options = SQLiteLedgerStore.Options(), web: WebConfiguration = WebConfiguration()
    ) {
        self.ledgerOptions = ledgerOptions
        self.web = web
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.bodyLimitBytes = bodyLimitBytes
        self.identity = identity
    }
}

/// The collaborators of the application; `standard` opens the SQLite stores in the data directory.
public struct AppDependencies: Sendable {
    public var identityStore: any IdentityStore
    public var idempotencyStore: any IdempotencyStore
    public var members: any MemberDirectory
    public var clock: any EpochClock
    /// The exchange domain and the ledger under it.
    public var exchange: ExchangeDomain
    public var ledger: Ledger
    /// The outboxes and the directory delivery reads; nil: no email is sent.
    public var mail: MailDependencies?
    /// The database `/health` reports on.
    public var store: StoreProbe = .embedded
    /// Open exchanges by status, for the metrics and `/health/ready`'s exchange check; nil: a
    /// test's domain without it (neither is then reported).
    public var exchangeCounts: (any ExchangeStatusCountRepository)?
    /// More checks for `/health/ready` beyond the stores' and the delivery service's (the last
    /// backup's, say).
    public var readinessChecks: [any ReadinessCheck] = []

    public init(
        identityStore: any IdentityStore, idempotencyStore: any IdempotencyStore, members: any MemberDirectory,
        clock: any EpochClock, exchange: ExchangeDomain, ledger: Ledger, mail: MailDependencies? = nil
    ) {
        self.mail = mail
        self.identityStore = identityStore
        self.idempotencyStore = idempotencyStore
        self.members = members
        self.clock = clock
        self.exchange = exchange
        self.ledger = ledger
    }
}
