import Exchange
import ExchangeSQLite
import Foundation
import Hummingbird
import Idempotency
import IdempotencySQLite
import Identity
import IdentitySQLite
import Ledger
import LedgerSQLite
import Logging
import Onboarding
import PeerHoursAPI
import PeerHoursWeb
import TestSupport

/// The application as `serve` builds it (`buildApplication` over `AppDependencies`), over stores
/// in a temporary directory, manual clocks and a cheap bcrypt cost. The test holds the same
/// exchange domain, ledger and identity service the application runs on, so it can set up
/// networks and members directly, read balances, and move time.
public struct AppFixture: Sendable {
    /// Which `MemberDirectory` the application's auth handlers use.
    public enum Members: Sendable {
        /// `FakeMemberDirectory` (`fakeMembers`): sign-up without the exchange domain's rules.
        case fake
        /// The real `ExchangeMemberDirectory` over `domain`, as `serve` wires it.
        case exchange
    }

    /// Where the ledger keeps its state.
    public enum LedgerStorage: Sendable {
        case inMemory
        /// `ledger.sqlite` in the directory, and the report store over it (reports need both).
        case sqlite
    }

    /// Which clock the ledger and the domain run on.
    public enum LedgerTimeSource: Sendable {
        /// `ledgerClock`, moved by the test.
        case manual
        /// The system's clock, as `serve` runs: for code that reads the time itself (the demo seed).
        case system
        /// This clock (e.g. the demo's `HistoryClock`): the ledger's and the domain's.
        case clock(any EpochClock)
    }

    public let directory: URL
    /// Identity's and the API's clock (sessions, rate limits, idempotency records).
    public let wallClock = ManualClock(ManualClock.wallStart)
    /// The ledger's and the domain's clock (proposals, reservations, confirmations), unless the
    /// fixture was built with `ledgerTime: .system`.
    public let ledgerClock = ManualClock(ManualClock.wallStart)
    public let fakeMembers = FakeMemberDirectory()
    public let members: Members
    public let ledger: Ledger
    public let domain: ExchangeDomain
    /// The domain's store, for what the application reads beside the domain (open exchanges' counts).
    public let exchangeStore: SQLiteExchangeStore
    public let identityStore: SQLiteIdentityStore
    public let idempotencyStore: SQLiteIdempotencyStore
    public let configuration: AppConfiguration
    public let identity: IdentityService
    private let bootstrappedAdministrator: Member?

    public static let password = "violet-harbour-lantern-42"
    public static let profileJSON = #"{"displayName":"Dr Amina Rahman","profession":"GP","organisation":"Riverside Surgery","careerStage":"mid","languages":["en"]}"#

    /// `administrator`: bootstrap the administrator now, in the domain and in Identity (with
    /// `admin@example.org` / `password`); otherwise a test bootstraps over HTTP.
    public init(
        members: Members = .fake, ledger storage: LedgerStorage = .inMemory, ledgerTime: LedgerTimeSource = .manual,
        bodyLimitBytes: Int = 64 * 1024, administrator: Bool = false, web: WebConfiguration = WebConfiguration(),
        invitationLifetimeSeconds: Int = 7 * 24 * 3600, ledgerObserver: (any LedgerCommitObserver)? = nil
    ) async throws {
        self.members = members
        directory = try TemporaryDirectory(prefix: "app-tests").url
        let ledgerStore: any LedgerStore
        if storage == .sqlite {
            ledgerStore = try await SQLiteLedgerStore.open(
                directory: directory.path, options: .init(durability: .normalLosesRecentCommitsOnPowerLoss))
        } else {
            ledgerStore = InMemoryLedgerStore()
        }
        switch ledgerTime {
        case .manual: ledger = Ledger(store: ledgerStore, clock: ledgerClock, observer: ledgerObserver)
        case .system: ledger = Ledger(store: ledgerStore, observer: ledgerObserver)
        case .clock(let clock): ledger = Ledger(store: ledgerStore, clock: clock, observer: ledgerObserver)
        }
        exchangeStore = try SQLiteExchangeStore.open(directory: directory.path)
        domain = ExchangeDomain(
            store: exchangeStore, ledger: ledger,
            reportStore: storage == .sqlite ? try SQLiteReportStore.open(directory: directory.path) : nil)
        identityStore = try SQLiteIdentityStore(dataDirectory: directory.path)
        idempotencyStore = try SQLiteIdempotencyStore(dataDirectory: directory.path)
        configuration = AppConfiguration(
            dataDirectory: directory.path, bodyLimitBytes: bodyLimitBytes,
            identity: IdentityConfiguration(bcryptCost: .reducedForTestsOnly(4), invitationLifetimeSeconds: invitationLifetimeSeconds),
            web: web)
        identity = IdentityService(
            store: identityStore, clock: wallClock, configuration: configuration.identity, logger: Logger(label: "test"))
        bootstrappedAdministrator = administrator ? try await Self.bootstrap(domain: domain, identity: identity) : nil
    }

    private static func bootstrap(domain: ExchangeDomain, identity: IdentityService) async throws -> Member {
        let admin = try await domain.members.bootstrapAdministrator(profile("Ada Admin", organisation: "Central"))
        guard let token = try await identity.prepareBootstrapToken() else {
            preconditionFailure("a fresh directory has no administrator yet")
        }
        let claim = try await identity.claimBootstrap(token: token, email: "admin@example.org", password: password)
        try await identity.completeBootstrap(claim, memberID: admin.id.rawValue)
        return admin
    }

    /// The administrator bootstrapped by `init(administrator: true)`.
    public var admin: Member {
        guard let bootstrappedAdministrator else { preconditionFailure("AppFixture built without administrator: true") }
        return bootstrappedAdministrator
    }

    /// What the application runs on; change a part (e.g. the idempotency store) before `application`.
    public func dependencies() -> AppDependencies {
        var dependencies = AppDependencies(
            identityStore: identityStore, idempotencyStore: idempotencyStore,
            members: members == .exchange ? ExchangeMemberDirectory(exchange: domain) : fakeMembers,
            clock: wallClock, exchange: domain, ledger: ledger)
        dependencies.exchangeCounts = exchangeStore
        return dependencies
    }

    /// `idempotencyStore`: another store for the Idempotency-Key records (e.g. one that loses them).
    public func application(_ dependencies: AppDependencies? = nil, idempotencyStore: (any IdempotencyStore)? = nil)
        async throws -> some ApplicationProtocol
    {
        var dependencies = dependencies ?? self.dependencies()
        if let idempotencyStore { dependencies.idempotencyStore = idempotencyStore }
        return try await buildApplication(configuration, dependencies: dependencies, logger: Logger(label: "app-tests"))
    }

    public static func profile(_ name: String, organisation: String) -> MemberProfile {
        MemberProfile(displayName: name, profession: "Nurse", organisation: organisation, careerStage: .mid, languages: ["en"])
    }

    /// A network created by the administrator.
    public func network(_ slug: String, policy: NetworkPolicy = NetworkPolicy()) async throws -> Network {
        try await domain.networks.createNetwork(admin.actor, NetworkDraft(slug: slug, name: "Network \(slug)", policy: policy))
    }

    /// A member created in the domain, active in `network` (welcome grant paid), with
    /// credentials `<name>@example.nhs.uk` / `password` in Identity.
    public func member(_ name: String, in network: Network, role: NetworkRole = .member) async throws -> Member {
        let member = try await domain.members.createMember(admin.actor, Self.profile(name, organisation: "\(name) Practice"))
        _ = try await domain.memberships.invite(admin.actor, memberID: member.id, networkID: network.id, role: role)
        _ = try await domain.memberships.activate(member.actor, memberID: member.id, networkID: network.id)
        let issued = try await identity.invite(
            email: "\(name.lowercased())@example.nhs.uk", networkID: network.id.rawValue, invitedBy: admin.id.rawValue)
        let acceptance = try await identity.claimInvitation(token: issued.token, password: Self.password)
        try await identity.completeAcceptance(acceptance, memberID: member.id.rawValue)
        return member
    }

    /// The ledger's now, to the second.
    public var now: Date {
        Date(timeIntervalSince1970: TimeInterval(ledgerClock.nowNanoseconds() / LedgerTime.nanosecondsPerSecond))
    }

    /// An RFC 3339 instant `seconds` after the ledger's now.
    public func instant(in seconds: TimeInterval) -> String {
        ISO8601DateFormatter().string(from: now.addingTimeInterval(seconds))
    }

    /// Posted, pending (out) and available minutes of `member` in `network`, read through the
    /// domain as the member themself (the administrator is not a member of the network).
    public func minutes(_ member: Member, _ network: Network) async throws -> [Int64] {
        let balance = try await domain.accounts.balance(member.actor, memberID: member.id, networkID: network.id)
        return [balance.postedMinutes, balance.pendingMinutes, balance.availableMinutes]
    }

    public func remove() { try? FileManager.default.removeItem(at: directory) }
}
