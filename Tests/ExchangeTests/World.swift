import Exchange
import ExchangePostgres
import ExchangeSQLite
import Foundation
import Ledger
import Outbox
import PostgresSupport
import SQLiteSupport
import TestSupport
import Testing

/// A fresh exchange domain over its store — SQLite in a temporary directory, or PostgreSQL in a
/// fresh schema when the tests run against it (`TestPostgres.isSelected`) — and a ledger (in
/// memory unless asked otherwise), with a manual clock shared by both, and an administrator.
struct World: Sendable {
    let directory: String
    let clock: ManualClock
    let ledger: Ledger
    /// The exchange store the domain runs on (SQLite or PostgreSQL).
    let store: any ExchangeStore
    /// The PostgreSQL store and where it is, when the tests run against PostgreSQL (a second
    /// instance opens the same location).
    let postgres: PostgresExchangeStore?
    let postgresLocation: PostgresLocation?
    private let sqliteStore: SQLiteExchangeStore?
    let domain: ExchangeDomain
    let admin: Actor
    /// The failing repositories the domain was given, when asked for (`flaky: true`).
    let flaky: FlakyStore?

    /// `coherence`: the exchange store is the file's only writer, as under `serve`, unless a
    /// test opens a second store over it (`TwoInstances`). `flaky`: the domain's exchange,
    /// group-session, membership, correction and agreement repositories are a `FlakyStore` over
    /// the SQLite store, so a test can make their next update fail.
    init(ledgerStore: (any LedgerStore)? = nil, coherence: CacheCoherence = .exclusiveFile, flaky: Bool = false) async throws {
        directory = try TemporaryDirectory(prefix: "peerhours-exchange-test").path
        clock = ManualClock()
        ledger = Ledger(store: ledgerStore ?? InMemoryLedgerStore(), clock: clock)
        if TestPostgres.isSelected {
            let location = try await TestPostgres.freshLocation()
            let postgres = try await PostgresExchangeStore.open(location)
            (self.postgres, postgresLocation, sqliteStore, store) = (postgres, location, nil, postgres)
        } else {
            let sqlite = try SQLiteExchangeStore.open(directory: directory, coherence: coherence)
            (postgres, postgresLocation, sqliteStore, store) = (nil, nil, sqlite, sqlite)
        }
        self.flaky = flaky ? FlakyStore(store) : nil
        domain = ExchangeDomain(repositories: self.flaky?.repositories ?? ExchangeRepositories(store), ledger: ledger)
        admin = try await domain.members.bootstrapAdministrator(profile("Ada Admin", organisation: "Central")).actor
    }

    /// The SQLite store, for the tests about SQLite itself (disabled when the tests run against
    /// PostgreSQL, `World.sqliteOnly`).
    var sqlite: SQLiteExchangeStore {
        guard let sqliteStore else { preconditionFailure("a test about SQLite ran against PostgreSQL: give it World.sqliteOnly") }
        return sqliteStore
    }

    /// The trait of a test about SQLite itself (its files, pragmas, read caches, writer).
    static let sqliteOnly = ConditionTrait.disabled(if: TestPostgres.isSelected, "about SQLite's own store")

    /// The exchange store's outbox, as the delivery service reads it.
    var outbox: any OutboxRepository {
        if let postgres { return PostgresOutbox(pool: postgres.database, source: .exchange) }
        return sqlite.outbox
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
        postgres?.close()
    }

    var now: Date {
        Date(timeIntervalSince1970: TimeInterval(clock.nowNanoseconds() / LedgerTime.nanosecondsPerSecond))
    }

    func advance(hours: Int64) { clock.advance(seconds: hours * 3600) }

    func network(_ slug: String, policy: NetworkPolicy = NetworkPolicy()) async throws -> Network {
        try await domain.networks.createNetwork(admin, NetworkDraft(slug: slug, name: "Network \(slug)", policy: policy))
    }

    /// A member invited into `network` (as `role`) and activated by themself.
    func member(_ name: String, in network: Network, role: NetworkRole = .member,
                organisation: String? = nil) async throws -> Actor {
        let member = try await domain.members.createMember(admin, profile(name, organisation: organisation ?? "\(name) Practice"))
        try await join(member.actor, network, role: role)
        return member.actor
    }

    func join(_ actor: Actor, _ network: Network, role: NetworkRole = .member) async throws {
        _ = try await domain.memberships.invite(admin, memberID: actor.memberID, networkID: network.id, role: role)
        _ = try await domain.memberships.activate(actor, memberID: actor.memberID, networkID: network.id)
    }

    /// Every day, all day: a proposal at any time fits (tests of availability pass their own).
    static let allWeek = (1...7).map { AvailabilityWindow(weekday: $0, startMinute: 0, endMinute: 1440) }

    func offer(_ supporter: Actor, in network: Network, title: String = "Peer support for nights",
               kinds: [String] = ["peer_support"], topics: [String] = ["burnout"], languages: [String] = ["en"],
               modes: [SessionMode] = [.video], availability: [AvailabilityWindow] = World.allWeek,
               timeZone: String = "Europe/London", capacityHoursPerMonth: Int = 2) async throws -> Offer {
        try await domain.offers.createOffer(supporter, networkID: network.id, OfferDetails(
            title: title, kinds: kinds, topics: topics, availability: availability,
            timeZone: timeZone, modes: modes, area: modes.contains(.inPerson) ? "Leeds" : nil,
            languages: languages, capacityHoursPerMonth: capacityHoursPerMonth))
    }

    func request(_ requester: Actor, in network: Network, kind: String = "peer_support", topics: [String] = ["burnout"],
                 description: String = "Struggling after a run of night shifts", durationMinutes: Int64 = 60,
                 excluded: [MemberID] = [], excludeOwnOrganisation: Bool = false) async throws -> SupportRequest {
        try await domain.requests.createRequest(requester, networkID: network.id, RequestDetails(
            kind: kind, topics: topics, timeZone: "Europe/London", mode: .video, language: "en",
            durationMinutes: durationMinutes, excludeOwnOrganisation: excludeOwnOrganisation,
            excludedMemberIDs: excluded, description: description))
    }

    /// Proposes (start in one day) and has the supporter accept.
    func acceptedExchange(_ requester: Actor, _ supporter: Actor, offer: Offer, request: SupportRequest? = nil,
                          minutes: Int64 = 60) async throws -> PeerExchange {
        let proposed = try await propose(requester, offer: offer, request: request, minutes: minutes)
        return try await domain.exchanges.accept(supporter, proposed.id)
    }

    func propose(_ requester: Actor, offer: Offer, request: SupportRequest? = nil, minutes: Int64 = 60) async throws -> PeerExchange {
        try await domain.exchanges.propose(requester, ExchangeProposal(
            offerID: offer.id, requestID: request?.id, scheduledStart: now.addingTimeInterval(86_400),
            durationMinutes: minutes))
    }

    func balance(_ actor: Actor, _ network: Network) async throws -> Balance {
        try await domain.accounts.balance(actor, memberID: actor.memberID, networkID: network.id)
    }

    /// Posted, pending (out) and available minutes.
    func minutes(_ actor: Actor, _ network: Network) async throws -> [Int64] {
        let balance = try await balance(actor, network)
        return [balance.postedMinutes, balance.pendingMinutes, balance.availableMinutes]
    }

    func communityPostedMinutes(_ network: Network) async throws -> Int64 {
        let account = try #require(try await ledger.store.account(network.communityAccountID))
        return account.creditsPostedMinutes - account.debitsPostedMinutes
    }

    func journalSequence() async throws -> Int64 {
        try await ledger.store.journalHead().sequence
    }

    func verifyLedger() async throws {
        _ = try await ledger.store.verify()
    }
}

func profile(_ name: String, organisation: String = "Riverside Practice") -> MemberProfile {
    MemberProfile(displayName: name, profession: "General practitioner", organisation: organisation,
                  careerStage: .mid, languages: ["en"])
}

/// Runs `body` and answers the ExchangeError it throws (failing the test when it throws none).
func refusal(_ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async -> ExchangeError? {
    do {
        try await body()
        Issue.record("expected a refusal", sourceLocation: sourceLocation)
        return nil
    } catch let error as ExchangeError {
        return error
    } catch {
        Issue.record("expected an ExchangeError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

extension ExchangeError {
    var isForbidden: Bool { if case .forbidden = self { true } else { false } }
    var isNotFound: Bool { if case .notFound = self { true } else { false } }
    var isInvalidState: Bool { if case .invalidState = self { true } else { false } }
    var validationField: String? { if case .validation(let error) = self { error.field } else { nil } }
    var ledgerCode: TransferResultCode? { if case .ledgerRefused(let code, _) = self { code } else { nil } }
}
