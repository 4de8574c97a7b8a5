import Exchange
import Foundation
import Identity
import Ledger
import Logging
import Onboarding

/// What `peerhours serve --demo` prints once the demo data is in place.
public enum DemoSeedOutcome: Sendable, Hashable {
    /// Seeded now: every login shares one password generated for this data directory.
    case seeded(password: String, logins: [DemoLogin])
    /// The data directory holds the demo already (its logins were printed when it was seeded).
    case alreadySeeded
}

public struct DemoLogin: Sendable, Hashable {
    public var email: String
    public var role: String
}

public enum DemoSeedError: Error, CustomStringConvertible {
    case dataDirectoryInUse
    /// The demo content has an offer with no hour-long slot in a week (a mistake in the content).
    case noAvailableSlot(String)

    public var description: String {
        switch self {
        case .dataDirectoryInUse:
            "--demo needs a new data directory: this one already has an administrator and no demo data. Use --data with an empty directory."
        case .noAvailableSlot(let key):
            "the demo offer of \(key) has no hour-long slot in its weekly availability"
        }
    }
}

/// Seeds two networks with members, offers, requests, exchanges in each state a newcomer meets
/// (completed, accepted, proposed) and a group session, through the same domain and identity
/// steps the API uses — nothing is written around the ledger or the rules. The administrator is
/// created with the bootstrap token, so a demo data directory has no token left to print.
///
/// The completed exchange is real: it is scheduled two seconds ahead (the domain refuses the
/// past), and confirmed by both once that moment has passed. On a `HistoryClock` (`serve
/// --demo`), the first network also gets months of history first (`DemoHistory`).
public func seedDemo(_ configuration: AppConfiguration, dependencies: AppDependencies, logger: Logger) async throws -> DemoSeedOutcome {
    let identity = IdentityService(
        store: dependencies.identityStore, clock: dependencies.clock, configuration: configuration.identity, logger: logger)
    let exchange = dependencies.exchange
    guard let bootstrapToken = try await identity.prepareBootstrapToken() else {
        if try await exchange.networks.slugExists(DemoContent.networks[0].slug) { return .alreadySeeded }
        throw DemoSeedError.dataDirectoryInUse
    }
    let password = DemoPassword.generate()
    var seeder = DemoSeeder(identity: identity, members: dependencies.members, exchange: exchange, password: password,
                            history: dependencies.clock as? HistoryClock, logger: logger)
    try await seeder.seed(bootstrapToken: bootstrapToken)
    try await settleHistoryNotices(dependencies.mail, at: dependencies.clock.nowDate())
    logger.info("demo data seeded", metadata: ["networks": "\(DemoContent.networks.count)", "members": "\(DemoContent.people.count)"])
    return .seeded(password: password, logins: seeder.logins)
}

/// The notices the demo's months of history wrote are not news to anyone: settled as skipped
/// before delivery starts, so the mail folder and the administrators' email page begin empty and
/// show only what people do in the demo from now on.
func settleHistoryNotices(_ mail: MailDependencies?, at now: Date) async throws {
    guard let mail else { return }
    for outbox in mail.outboxes.values {
        for _ in 0..<1_000 {
            let pending = try await outbox.dueMessages(at: .distantFuture, limit: 500)
            for message in pending { try await outbox.markSkipped(id: message.id, at: now, reason: "demo history: not sent") }
            if pending.count < 500 { break }
        }
    }
}

/// A password for this demo directory only: never a fixed one that a forgotten demo would expose.
enum DemoPassword {
    static func generate() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        let groups = (0..<4).map { _ in String((0..<4).map { _ in alphabet.randomElement(using: &generator)! }) }
        return "demo-" + groups.joined(separator: "-")
    }
}

struct DemoSeeder {
    let identity: IdentityService
    let members: any MemberDirectory
    let exchange: ExchangeDomain
    let password: String
    private(set) var logins: [DemoLogin] = []
    private var actors: [String: Actor] = [:]
    private var networkIDs: [String: NetworkID] = [:]
    private var offerIDs: [String: OfferID] = [:]
    private var requestIDs: [String: RequestID] = [:]

    /// Seeds months of the first network's history first when given (`serve --demo` runs on one).
    let history: HistoryClock?
    let logger: Logger

    init(identity: IdentityService, members: any MemberDirectory, exchange: ExchangeDomain, password: String,
         history: HistoryClock? = nil, logger: Logger = Logger(label: "peerhours.demo")) {
        self.identity = identity
        self.members = members
        self.exchange = exchange
        self.password = password
        self.history = history
        self.logger = logger
    }

    mutating func seed(bootstrapToken: String) async throws {
        // Months back before anything is written, so the networks and their people are as old as
        // the history; then forward through it to today.
        if let history { history.rewind(to: history.now.addingTimeInterval(-DemoHistory.span)) }
        let admin = try await createAdministrator(bootstrapToken)
        for (slug, name) in DemoContent.networks {
            networkIDs[slug] = try await exchange.networks.createNetwork(admin, NetworkDraft(slug: slug, name: name)).id
        }
        for person in DemoContent.people { try await join(person, invitedBy: admin) }
        if let history {
            var months = DemoHistory(exchange: exchange, clock: history, admin: admin,
                                     networkID: networkIDs[DemoContent.networks[0].slug]!, logger: logger)
            try await months.seed()
            history.catchUp()
        }
        for (key, details) in DemoContent.offers {
            offerIDs[key] = try await exchange.offers.createOffer(actor(key), networkID: networkID(of: key), details).id
        }
        for (key, details) in DemoContent.requests {
            requestIDs[key] = try await exchange.requests.createRequest(actor(key), networkID: networkID(of: key), details).id
        }
        try await seedExchanges()
    }

    private mutating func createAdministrator(_ token: String) async throws -> Actor {
        let email = "admin@\(DemoContent.emailDomain)"
        let claim = try await identity.claimBootstrap(token: token, email: email, password: password)
        let memberID = try await members.createAdministrator(profile: Self.input(DemoContent.administrator))
        try await identity.completeBootstrap(claim, memberID: memberID)
        logins.append(DemoLogin(email: email, role: "administrator"))
        return Actor(memberID: MemberID(memberID), isAdministrator: true)
    }

    /// Invitation → acceptance with a profile → active membership with its welcome grant.
    private mutating func join(_ person: DemoContent.Person, invitedBy admin: Actor) async throws {
        let network = networkIDs[person.network]!
        let issued = try await identity.invite(email: person.email, networkID: network.rawValue, invitedBy: admin.memberID.rawValue)
        let acceptance = try await identity.claimInvitation(token: issued.token, password: password)
        let memberID = try await members.join(
            networkID: network.rawValue, invitationID: issued.invitation.id, existingMemberID: nil, newProfile: Self.input(person.profile))
        try await identity.completeAcceptance(acceptance, memberID: memberID)
        let member = MemberID(memberID)
        actors[person.key] = Actor(memberID: member, isAdministrator: false)
        if person.coordinates {
            _ = try await exchange.memberships.setRole(admin, memberID: member, networkID: network, role: .coordinator)
        }
        let networkName = DemoContent.networks.first { $0.slug == person.network }!.name
        logins.append(DemoLogin(email: person.email, role: "\(person.coordinates ? "coordinator" : "member"), \(networkName)"))
    }

    /// North: Sam's session with Tom completed (both confirmed); Tom's coaching request proposed to
    /// Priya. South: Li's mentoring with Owen accepted (minutes reserved); a group session. Across
    /// the two, under an agreement: Priya's mentoring with Owen accepted.
    private func seedExchanges() async throws {
        let now = Date()
        let soon = now.addingTimeInterval(2).wholeSecondsUp
        let completed = try await exchange.exchanges.propose(actor("sam"), ExchangeProposal(
            offerID: offerIDs["tom"]!, requestID: requestIDs["sam"]!, scheduledStart: soon))
        _ = try await exchange.exchanges.accept(actor("tom"), completed.id)

        let nextWeek = now.addingTimeInterval(7 * 86_400).wholeSecondsUp
        // Sessions are booked inside the supporters' weekly availability.
        _ = try await exchange.exchanges.propose(actor("tom"), ExchangeProposal(
            offerID: offerIDs["priya"]!, requestID: requestIDs["tom"]!, scheduledStart: try available("priya", after: nextWeek)))
        let accepted = try await exchange.exchanges.propose(actor("li"), ExchangeProposal(
            offerID: offerIDs["owen"]!, requestID: requestIDs["li"]!,
            scheduledStart: try available("owen", after: now.addingTimeInterval(2 * 86_400))))
        _ = try await exchange.exchanges.accept(actor("owen"), accepted.id)
        // Across networks: North and South agree to share mentoring and peer support; Priya (North)
        // asks Owen (South), whose offer is visible to partners, and he accepts.
        let terms = AgreementTerms(
            kinds: DemoContent.agreementKinds, proposerMayReceiveMinutes: 20 * 60, partnerMayReceiveMinutes: 20 * 60,
            proposerMonthlySessionQuota: 10, partnerMonthlySessionQuota: 10,
            startsOn: now.wholeDay, endsOn: now.wholeDay.addingTimeInterval(364 * 86_400))
        let agreement = try await exchange.agreements.propose(
            actor("amara"), from: networkID(of: "amara"), to: networkID(of: "grace"), terms)
        _ = try await exchange.agreements.accept(actor("grace"), agreement.id)
        let crossNetwork = try await exchange.exchanges.propose(actor("priya"), ExchangeProposal(
            offerID: offerIDs["owen"]!, requestID: requestIDs["priya"]!,
            scheduledStart: try available("owen", after: now.addingTimeInterval(4 * 86_400))))
        _ = try await exchange.exchanges.accept(actor("owen"), crossNetwork.id)
        let circle = try await exchange.groupSessions.createGroupSession(actor("grace"), GroupSessionDraft(
            networkID: networkID(of: "grace"), title: "Reflective practice circle", scheduledStart: nextWeek,
            durationMinutes: 90, participantIDs: [actor("owen").memberID, actor("li").memberID]))
        // Owen has joined; Li is still only invited.
        _ = try await exchange.groupSessions.join(actor("owen"), circle.id)

        let wait = soon.timeIntervalSinceNow + 0.2
        if wait > 0 { try await Task.sleep(for: .milliseconds(Int(wait * 1000))) }
        _ = try await exchange.exchanges.confirm(actor("sam"), completed.id, minutesGiven: 60)
        _ = try await exchange.exchanges.confirm(actor("tom"), completed.id, minutesGiven: 60)
    }

    private func actor(_ key: String) -> Actor { actors[key]! }

    /// The first hour-long slot at or after `date` inside the offer of supporter `key`.
    private func available(_ key: String, after date: Date) throws -> Date {
        guard let details = DemoContent.offers.first(where: { $0.0 == key })?.1,
              let start = details.nextAvailableStart(atOrAfter: date, durationMinutes: 60)
        else { throw DemoSeedError.noAvailableSlot(key) }
        return start
    }

    private func networkID(of key: String) -> NetworkID {
        networkIDs[DemoContent.people.first { $0.key == key }!.network]!
    }

    static func input(_ profile: MemberProfile) -> MemberProfileInput {
        MemberProfileInput(
            displayName: profile.displayName, profession: profile.profession, organisation: profile.organisation,
            careerStage: profile.careerStage.rawValue, languages: profile.languages, bio: profile.bio)
    }
}

private extension Date {
    /// The next whole second (the domain schedules sessions on whole seconds).
    var wholeSecondsUp: Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.up)) }
    /// Midnight (UTC) starting this day, as agreements' days are.
    var wholeDay: Date { Date(timeIntervalSince1970: (timeIntervalSince1970 / 86_400).rounded(.down) * 86_400) }
}
