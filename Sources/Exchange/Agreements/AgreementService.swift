import Foundation
import Ledger
import Outbox

/// Agreements between networks (issue 5 §1): a coordinator of one network proposes terms to
/// another; the other's coordinator accepts or declines; either side suspends, resumes or ends
/// it. At most one agreement per pair of networks is open (proposed, active or suspended) at a
/// time. Every step is in both networks' audit trails.
public final class AgreementService: Sendable {
    let context: ServiceContext
    let agreements: any AgreementRepository
    let ledgerIDs: any LedgerIDRepository
    let memberships: any MembershipRepository
    let networks: any NetworkRepository
    let supportKinds: any SupportKindRepository
    let tallies: any ExchangeTallyRepository

    init(context: ServiceContext, agreements: any AgreementRepository, ledgerIDs: any LedgerIDRepository,
         memberships: any MembershipRepository, networks: any NetworkRepository,
         supportKinds: any SupportKindRepository, tallies: any ExchangeTallyRepository) {
        self.context = context
        self.agreements = agreements
        self.ledgerIDs = ledgerIDs
        self.memberships = memberships
        self.networks = networks
        self.supportKinds = supportKinds
        self.tallies = tallies
    }

    public static let receiveMinutesMax: Int64 = 600_000
    public static let monthlyQuotaMax = 10_000
    public static let lengthDaysMax = 5 * 366

    /// A retry of a keyed proposal answers the agreement the first attempt created, as it is now.
    public func propose(_ actor: Actor, from proposer: NetworkID, to partner: NetworkID, _ terms: AgreementTerms) async throws -> Agreement {
        if let earlier = try await context.earlierCreation(actor, .agreement) { return try await load(AgreementID(earlier)) }
        _ = try await context.access.requireCoordinator(actor, of: proposer)
        guard partner != proposer else { throw ExchangeError.invalid("partnerNetworkID", "must be another network") }
        guard try await networks.network(partner) != nil else { throw ExchangeError.notFound("network \(partner)") }
        try await validate(terms)
        let now = context.now()
        let coordinators = try await memberships.activeCoordinators(of: [partner])
        let actorID = actor.memberID
        return try await agreements.insertAgreement(
            Agreement(
                id: AgreementID(0), proposerNetworkID: proposer, partnerNetworkID: partner, terms: terms, status: .proposed,
                proposedByID: actor.memberID, createdAt: now, updatedAt: now),
            auditNewRow: auditBoth(actor, .agreementProposed, proposer, partner),
            keyed: context.creationRecord(actor, .agreement, at: now)) { stored in
            AgreementNotices.drafts(.agreementProposed, stored, actorID: actorID, coordinators: coordinators)
        }
    }

    /// Coordinators of either network and administrators.
    public func agreement(_ actor: Actor, _ id: AgreementID) async throws -> Agreement {
        let agreement = try await load(id)
        try await requireSide(actor, agreement)
        return agreement
    }

    /// The network's agreements (any status), oldest first: its coordinators and administrators.
    public func agreements(_ actor: Actor, networkID: NetworkID, page: PageRequest = PageRequest()) async throws -> Page<Agreement> {
        try await context.access.requireCoordinatorOrAdministrator(actor, of: networkID)
        let size = try Cursor.validSize(page)
        let after = try Cursor.decode(page.cursor, list: "agreements").map { AgreementID($0) }
        let fetched = try await agreements.agreements(networkID: networkID, afterID: after, limit: size + 1)
        return Cursor.page(fetched, size: size, list: "agreements") { $0.id.rawValue }
    }

    /// The partner's coordinator accepts a proposal.
    public func accept(_ actor: Actor, _ id: AgreementID) async throws -> Agreement {
        try await run(.accept, actor, id)
    }

    /// The partner's coordinator declines a proposal.
    public func decline(_ actor: Actor, _ id: AgreementID) async throws -> Agreement {
        try await run(.decline, actor, id)
    }

    /// Either side pauses an active agreement: no new cross-network support under it; exchanges
    /// already agreed run to their end.
    public func suspend(_ actor: Actor, _ id: AgreementID) async throws -> Agreement {
        try await run(.suspend, actor, id)
    }

    public func resume(_ actor: Actor, _ id: AgreementID) async throws -> Agreement {
        try await run(.resume, actor, id)
    }

    /// Either side ends it (the proposer may also withdraw a proposal this way); final.
    public func end(_ actor: Actor, _ id: AgreementID) async throws -> Agreement {
        try await run(.end, actor, id)
    }

    /// The networks that have an agreement in force with `networkID` at `date` covering `kind`.
    public func partners(of networkID: NetworkID, kind: String, at date: Date) async throws -> [NetworkID] {
        try await inForce(for: networkID, at: date)
            .filter { $0.terms.kinds.contains(kind) }
            .map { $0.other(than: networkID) }
            .sorted()
    }

    /// The network's agreements in force at `date` (active, within their days): what search,
    /// matching and cross-network exchanges look at.
    func inForce(for networkID: NetworkID, at date: Date) async throws -> [Agreement] {
        try await agreements.openAgreements(networkID: networkID).filter { $0.isInForce(at: date) }
    }

    /// Load, decide (pure), allocate the clearing account ids if the decision needs them, commit
    /// in one compare-and-set write, then open the clearing accounts; a conflicting commit runs
    /// the whole step again from a fresh load (`ConflictRetry`).
    private func run(_ command: AgreementCommand, _ actor: Actor, _ id: AgreementID) async throws -> Agreement {
        try await ConflictRetry.run(context, aggregate: "agreement") {
            let agreement = try await load(id)
            var decision = try AgreementLifecycle.decide(
                agreement, command, actor: try await standing(actor, agreement), now: context.now()).get()
            if decision.needsClearingAccountIDs {
                decision = decision.withClearingAccounts(first: try await ledgerIDs.allocateAccountIDs(count: 2))
            }
            var stored = decision.agreement
            if decision.changed {
                let notices = try await notices(from: agreement, to: decision.agreement, actorID: actor.memberID)
                stored = try await agreements.updateAgreement(decision.agreement, audit: decision.audit, notices: notices)
            }
            if decision.opensClearingAccounts { try await openClearingAccounts(stored) }
            return stored
        }
    }

    private func standing(_ actor: Actor, _ agreement: Agreement) async throws -> AgreementActor {
        let isProposerCoordinator = try await context.access.isActiveCoordinator(actor, of: agreement.proposerNetworkID)
        let isPartnerCoordinator = try await context.access.isActiveCoordinator(actor, of: agreement.partnerNetworkID)
        var isMemberOfEither = isProposerCoordinator || isPartnerCoordinator
        if !isMemberOfEither {
            isMemberOfEither = try await memberships.memberships(of: actor.memberID).contains { agreement.involves($0.networkID) }
        }
        return AgreementActor(
            memberID: actor.memberID, isAdministrator: actor.isAdministrator, isProposerCoordinator: isProposerCoordinator,
            isPartnerCoordinator: isPartnerCoordinator, isMemberOfEither: isMemberOfEither)
    }

    /// Opens the agreement's two clearing accounts in the ledger; the ledger answers `exists`
    /// for accounts already open, so this is safe to repeat (after a crash between the store
    /// and the ledger, every later use of the agreement calls it first).
    func openClearingAccounts(_ agreement: Agreement) async throws {
        let accounts = agreement.clearingAccounts
        guard !accounts.isEmpty else { return }
        if try await context.ledger.account(accounts[1].id) != nil, try await context.ledger.account(accounts[0].id) != nil {
            return
        }
        try await context.ledger.openAccounts(accounts)
    }

    private func validate(_ terms: AgreementTerms) async throws {
        let vocabulary = try await supportKinds.supportKinds()
        try Validate.count(terms.kinds, field: "kinds", 1...10)
        try Validate.distinct(terms.kinds, field: "kinds")
        for kind in terms.kinds { try Validate.known(kind, field: "kinds", vocabulary: vocabulary) }
        try Validate.range(terms.proposerMayReceiveMinutes, field: "proposerMayReceiveHours", 60...Self.receiveMinutesMax)
        try Validate.range(terms.partnerMayReceiveMinutes, field: "partnerMayReceiveHours", 60...Self.receiveMinutesMax)
        if let quota = terms.proposerMonthlySessionQuota {
            try Validate.range(quota, field: "proposerMonthlySessionQuota", 1...Self.monthlyQuotaMax)
        }
        if let quota = terms.partnerMonthlySessionQuota {
            try Validate.range(quota, field: "partnerMonthlySessionQuota", 1...Self.monthlyQuotaMax)
        }
        guard terms.endsOn >= terms.startsOn else { throw ExchangeError.invalid("endsOn", "must not be before startsOn") }
        guard terms.endsOn.timeIntervalSince(terms.startsOn) <= TimeInterval(Self.lengthDaysMax) * 86_400 else {
            throw ExchangeError.invalid("endsOn", "an agreement runs at most five years")
        }
        guard terms.endsOn.addingTimeInterval(86_400) > context.now() else {
            throw ExchangeError.invalid("endsOn", "must not be in the past")
        }
    }

    private func requireSide(_ actor: Actor, _ agreement: Agreement) async throws {
        if actor.isAdministrator { return }
        for network in [agreement.proposerNetworkID, agreement.partnerNetworkID]
        where try await context.access.isActiveCoordinator(actor, of: network) {
            return
        }
        let memberOfEither = try await memberships.memberships(of: actor.memberID).contains { agreement.involves($0.networkID) }
        if memberOfEither { throw ExchangeError.forbidden("only the two networks' coordinators may see this agreement") }
        throw ExchangeError.notFound("agreement \(agreement.id)")
    }

    private func load(_ id: AgreementID) async throws -> Agreement {
        guard let agreement = try await agreements.agreement(id) else { throw ExchangeError.notFound("agreement \(id)") }
        return agreement
    }

    /// One event in each network's trail (`subject` nil: the agreement a store insert creates).
    private func auditBoth(_ actor: Actor, _ action: AuditAction, _ proposer: NetworkID, _ partner: NetworkID,
                           subject: AgreementID? = nil) -> [AuditEvent] {
        [proposer, partner].map { context.auditEvent(actor, action, network: $0, subject: subject?.rawValue) }
    }

    /// The notices of the change from `before` to `after` (stored as the next version), with the
    /// coordinators they go to read before the commit.
    private func notices(from before: Agreement, to after: Agreement, actorID: MemberID) async throws -> [OutboxDraft] {
        guard let kind = AgreementNotices.kind(from: before, to: after) else { return [] }
        var stored = after
        stored.version += 1
        let coordinators = try await memberships.activeCoordinators(of: AgreementNotices.networks(of: kind, after))
        return AgreementNotices.drafts(kind, stored, actorID: actorID, coordinators: coordinators)
    }
}
