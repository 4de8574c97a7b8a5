import Exchange
import ExchangeSQLite
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IdempotencySQLite
import Identity
import IdentitySQLite
import Ledger
import Logging
import Onboarding
import PeerHoursAPI
import PeerHoursWeb
import TestSupport

/// The application as `serve` builds it — API and pages on one router — over stores in a
/// temporary directory, the real exchange domain (so invitations open accounts and pay the
/// welcome grant), a manual wall clock and a cheap bcrypt cost. The test holds the domain and
/// the identity service to set up networks and members and to check what changed.
struct WebFixture {
    let directory: TemporaryDirectory
    let clock = ManualClock(ManualClock.wallStart)
    let identityStore: SQLiteIdentityStore
    let identity: IdentityService
    let exchange: ExchangeDomain
    let configuration: AppConfiguration
    let dependencies: AppDependencies

    static let password = "violet-harbour-lantern-42"
    static let adminEmail = "admin@example.org"

    init(web: WebConfiguration = WebConfiguration(), invitationLifetimeSeconds: Int = 7 * 24 * 3600) throws {
        directory = try TemporaryDirectory(prefix: "web-tests")
        identityStore = try SQLiteIdentityStore(dataDirectory: directory.path)
        configuration = AppConfiguration(
            dataDirectory: directory.path,
            identity: IdentityConfiguration(bcryptCost: .reducedForTestsOnly(4), invitationLifetimeSeconds: invitationLifetimeSeconds),
            web: web)
        identity = IdentityService(store: identityStore, clock: clock, configuration: configuration.identity, logger: Logger(label: "test"))
        let ledger = Ledger(store: InMemoryLedgerStore())
        exchange = ExchangeDomain(store: try SQLiteExchangeStore.open(directory: directory.path), ledger: ledger)
        dependencies = AppDependencies(
            identityStore: identityStore, idempotencyStore: try SQLiteIdempotencyStore(dataDirectory: directory.path),
            members: ExchangeMemberDirectory(exchange: exchange), clock: clock, exchange: exchange, ledger: ledger)
    }

    func application() async throws -> some ApplicationProtocol {
        try await buildApplication(configuration, dependencies: dependencies, logger: Logger(label: "web-tests"))
    }

    var signUp: SignUp { SignUp(identity: identity, members: dependencies.members) }

    /// The administrator, bootstrapped as `serve` does it, signed in by the test as `adminEmail`.
    func administrator(displayName: String = "Ada Admin") async throws -> Actor {
        let token = try await identity.prepareBootstrapToken()!
        let memberID = try await signUp.bootstrapAdministrator(
            token: token, email: Self.adminEmail, password: Self.password, profile: Self.profile(displayName))
        return Actor(memberID: MemberID(memberID), isAdministrator: true)
    }

    func network(_ slug: String, by admin: Actor) async throws -> Network {
        try await exchange.networks.createNetwork(admin, NetworkDraft(slug: slug, name: "Network \(slug)"))
    }

    /// A new invitation's token (what the link carries).
    func invite(_ email: String, to network: Network, by admin: Actor) async throws -> String {
        try await identity.invite(email: email, networkID: network.id.rawValue, invitedBy: admin.memberID.rawValue).token
    }

    /// A member who accepted an invitation to `network` (account open, welcome grant paid).
    func member(_ email: String, displayName: String, in network: Network, by admin: Actor) async throws -> Int64 {
        let token = try await invite(email, to: network, by: admin)
        return try await signUp.acceptInvitation(token: token, password: Self.password, profile: Self.profile(displayName)).memberID
    }

    static func profile(_ displayName: String) -> MemberProfile {
        MemberProfile(displayName: displayName, profession: "Practice nurse", organisation: "Riverside Surgery",
                      careerStage: .mid, languages: ["en"])
    }
}
