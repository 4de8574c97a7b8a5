import Exchange
import ExchangeSQLite
import Foundation
import Hummingbird
import HummingbirdTesting
import Idempotency
import IdempotencySQLite
import Identity
import IdentitySQLite
import Ledger
import LedgerSQLite
import Logging
import TestSupport
import Onboarding
@testable import PeerHoursAPI

/// The application over a real exchange domain that the test also holds, so a test can set up
/// networks and members directly through the domain, read balances from it, and move the
/// ledger's clock (which times proposals, reservations and confirmations). Members get
/// credentials through Identity directly and log in over HTTP like any client.
struct ExchangeAPIFixture {
    let directory: URL
    /// Identity's clock (sessions, idempotency records); left alone so tokens stay valid.
    let wallClock = ManualClock(ManualClock.wallStart)
    /// The ledger's and the domain's clock.
    let ledgerClock = ManualClock(ManualClock.wallStart)
    let ledger: Ledger
    let domain: ExchangeDomain
    let identityStore: SQLiteIdentityStore
    let idempotencyStore: SQLiteIdempotencyStore
    let configuration: AppConfiguration
    let identity: IdentityService
    let admin: Member
    static let password = "violet-harbour-lantern-42"

    /// `reports`: the ledger on SQLite in the directory and reports over it (otherwise in memory, no reports).
    init(reports: Bool = false) async throws {
        directory = try TemporaryDirectory(prefix: "exchange-api-tests").url
        let ledgerStore: any LedgerStore = reports
            ? try await SQLiteLedgerStore.open(directory: directory.path, options: .init(durability: .normalLosesRecentCommitsOnPowerLoss))
            : InMemoryLedgerStore()
        ledger = Ledger(store: ledgerStore, clock: ledgerClock)
        let exchangeStore = try SQLiteExchangeStore.open(directory: directory.path)
        domain = ExchangeDomain(store: exchangeStore, ledger: ledger,
                                reportStore: reports ? try SQLiteReportStore.open(directory: directory.path) : nil)
        identityStore = try SQLiteIdentityStore(dataDirectory: directory.path)
        idempotencyStore = try SQLiteIdempotencyStore(dataDirectory: directory.path)
        configuration = AppConfiguration(
            dataDirectory: directory.path, identity: IdentityConfiguration(bcryptCost: .reducedForTestsOnly(4)))
        identity = IdentityService(
            store: identityStore, clock: wallClock, configuration: configuration.identity, logger: Logger(label: "test"))
        admin = try await domain.members.bootstrapAdministrator(Self.profile("Ada Admin", organisation: "Central"))
        let bootstrap = try await identity.prepareBootstrapToken()!
        let claim = try await identity.claimBootstrap(token: bootstrap, email: "admin@example.org", password: Self.password)
        try await identity.completeBootstrap(claim, memberID: admin.id.rawValue)
    }

    /// `idempotencyStore`: another store for the Idempotency-Key records (e.g. one that loses them).
    func application(idempotencyStore: (any IdempotencyStore)? = nil) async throws -> some ApplicationProtocol {
        try await buildApplication(
            configuration,
            dependencies: AppDependencies(
                identityStore: identityStore, idempotencyStore: idempotencyStore ?? self.idempotencyStore,
                members: FakeMemberDirectory(),
                clock: wallClock, exchange: domain, ledger: ledger),
            logger: Logger(label: "exchange-api-tests"))
    }

    static func profile(_ name: String, organisation: String) -> MemberProfile {
        MemberProfile(displayName: name, profession: "Nurse", organisation: organisation, careerStage: .mid, languages: ["en"])
    }

    /// A network created by the administrator.
    func network(_ slug: String, policy: NetworkPolicy = NetworkPolicy()) async throws -> Network {
        try await domain.networks.createNetwork(admin.actor, NetworkDraft(slug: slug, name: "Network \(slug)", policy: policy))
    }

    /// A member created in the domain, active in `network` (welcome grant paid), with
    /// credentials `<name>@example.nhs.uk` / `password` in Identity.
    func member(_ name: String, in network: Network, role: NetworkRole = .member) async throws -> Member {
        let member = try await domain.members.createMember(admin.actor, Self.profile(name, organisation: "\(name) Practice"))
        _ = try await domain.memberships.invite(admin.actor, memberID: member.id, networkID: network.id, role: role)
        _ = try await domain.memberships.activate(member.actor, memberID: member.id, networkID: network.id)
        let issued = try await identity.invite(
            email: "\(name.lowercased())@example.nhs.uk", networkID: network.id.rawValue, invitedBy: admin.id.rawValue)
        let acceptance = try await identity.claimInvitation(token: issued.token, password: Self.password)
        try await identity.completeAcceptance(acceptance, memberID: member.id.rawValue)
        return member
    }

    var now: Date {
        Date(timeIntervalSince1970: TimeInterval(ledgerClock.nowNanoseconds() / LedgerTime.nanosecondsPerSecond))
    }

    /// An RFC 3339 instant `seconds` after the ledger's now.
    func instant(in seconds: TimeInterval) -> String {
        ISO8601DateFormatter().string(from: now.addingTimeInterval(seconds))
    }

    /// Posted, pending (out) and available minutes of `member` in `network`, read through the
    /// domain as the member themself (the administrator is not a member of the network).
    func minutes(_ member: Member, _ network: Network) async throws -> [Int64] {
        let balance = try await domain.accounts.balance(member.actor, memberID: member.id, networkID: network.id)
        return [balance.postedMinutes, balance.pendingMinutes, balance.availableMinutes]
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

extension TestClientProtocol {
    func logIn(_ member: Member) async throws -> String {
        try await logIn(email: "\(member.profile.displayName.lowercased())@example.nhs.uk", password: ExchangeAPIFixture.password)
    }
}

/// The parts of the wire types the exchange tests read.
struct OfferWire: Decodable { var offerID: Int64; var supporterID: Int64; var status: String }
struct RequestWire: Decodable {
    var requestID: Int64; var requesterID: Int64; var status: String; var description: String?
    var excludedMemberIDs: [Int64]?
}
struct RequestPageWire: Decodable { var items: [RequestWire]; var nextCursor: String? }
struct ExchangeWireBody: Decodable {
    var exchangeID: Int64; var status: String; var requesterID: Int64; var supporterID: Int64
    var requesterConfirmedMinutes: Int?; var supporterConfirmedMinutes: Int?; var settledMinutes: Int?
}
struct ExchangePageWire: Decodable { var items: [ExchangeWireBody]; var nextCursor: String? }
struct GroupSessionWire: Decodable { var groupSessionID: Int64; var status: String; var participantIDs: [Int64]; var joinedParticipantIDs: [Int64]? }
