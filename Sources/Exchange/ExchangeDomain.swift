import Foundation
import Ledger
import Logging

/// The exchange domain, wired: one value holding every service over one set of repositories,
/// one ledger and one clock. The API builds one at start-up. A class, and so is each service:
/// every request's handler holds it, and a struct of services (each holding its repositories)
/// retained and released every one of their references at each copy.
public final class ExchangeDomain: Sendable {
    public let networks: NetworkService
    public let members: MemberService
    public let memberships: MembershipService
    public let offers: OfferService
    public let requests: RequestService
    public let exchanges: ExchangeService
    public let groupSessions: GroupSessionService
    public let search: SearchService
    public let accounts: AccountService
    public let audit: AuditService
    public let corrections: CorrectionService
    public let matching: MatchingService
    public let matchingPreferences: MatchingPreferencesService
    public let agreements: AgreementService
    public let reports: ReportService
    public let messages: ExchangeMessageService
    public let followUps: FollowUpService
    public let roster: RosterService
    public let invitationOversight: InvitationOversight
    public let weeklySummaries: WeeklySummaryService
    public let memberDigests: MemberDigestService
    public let noticePreferences: NoticePreferenceService
    public let calendarFeeds: CalendarFeedService
    public let urgent: UrgentSupportService
    public let careTexts: NetworkCareTextService
    public let erasure: ErasureService
    public let retention: RetentionService
    public let dataExport: AccessExportService
    let context: ServiceContext

    /// `clock` should be the ledger's clock: reservations and auto-confirmation are timed by it.
    /// Without `reportStore`, reports answer `invalidState`.
    public convenience init(store: some ExchangeStore, ledger: Ledger, clock: (any EpochClock)? = nil,
                            logger: Logger = Logger(label: "peerhours.exchange"), reportStore: (any ReportStore)? = nil) {
        self.init(repositories: ExchangeRepositories(store), ledger: ledger, clock: clock, logger: logger,
                  reportStore: reportStore)
    }

    /// Each service is given the repositories it uses and no others (see `ExchangeRepositories`).
    public init(repositories r: ExchangeRepositories, ledger: Ledger, clock: (any EpochClock)? = nil,
                logger: Logger = Logger(label: "peerhours.exchange"), reportStore: (any ReportStore)? = nil) {
        let context = ServiceContext(
            access: Access(memberships: r.memberships), auditTrail: r.auditTrail, keyedCreations: r.keyedCreations,
            ledger: LedgerGateway(ledger: ledger, logger: logger), clock: clock ?? ledger.clock, logger: logger)
        self.context = context
        networks = NetworkService(context: context, memberships: r.memberships, networks: r.networks,
                                  supportKinds: r.supportKinds)
        members = MemberService(context: context, members: r.members, memberships: r.memberships,
                                settings: r.memberSettings, tallies: r.tallies)
        agreements = AgreementService(context: context, agreements: r.agreements, ledgerIDs: r.ledgerIDs,
                                      memberships: r.memberships, networks: r.networks, supportKinds: r.supportKinds,
                                      tallies: r.tallies)
        search = SearchService(context: context, agreementService: agreements, members: r.members, offers: r.offers,
                               requests: r.requests)
        offers = OfferService(context: context, searchService: search, memberships: r.memberships, offers: r.offers,
                              supportKinds: r.supportKinds, members: r.members)
        requests = RequestService(context: context, requests: r.requests, supportKinds: r.supportKinds, tallies: r.tallies)
        exchanges = ExchangeService(context: context, agreementService: agreements, agreements: r.agreements,
                                    exchanges: r.exchanges, ledgerIDs: r.ledgerIDs, members: r.members,
                                    memberships: r.memberships, networks: r.networks, offers: r.offers,
                                    preferences: r.preferences, requests: r.requests)
        memberships = MembershipService(context: context, networkService: networks, exchangeService: exchanges,
                                        members: r.members, memberships: r.memberships, networks: r.networks)
        groupSessions = GroupSessionService(context: context, groupSessions: r.groupSessions, ledgerIDs: r.ledgerIDs,
                                            members: r.members, memberships: r.memberships, networks: r.networks)
        accounts = AccountService(context: context, memberships: r.memberships, corrections: r.corrections)
        audit = AuditService(context: context)
        corrections = CorrectionService(context: context, corrections: r.corrections, memberships: r.memberships)
        matching = MatchingService(context: context, agreementService: agreements, exchangeService: exchanges,
                                   matchingRuns: r.matchingRuns, members: r.members, memberships: r.memberships,
                                   offers: r.offers, preferences: r.preferences, requests: r.requests, tallies: r.tallies)
        matchingPreferences = MatchingPreferencesService(context: context, members: r.members, networks: r.networks,
                                                         preferences: r.preferences)
        reports = ReportService(context: context, networks: r.networks, store: reportStore)
        messages = ExchangeMessageService(context: context, exchanges: r.exchanges, members: r.members,
                                          messages: r.messages)
        followUps = FollowUpService(context: context, followUps: r.followUps, networks: r.networks)
        roster = RosterService(context: context, roster: r.roster, networks: r.networks)
        invitationOversight = InvitationOversight(context: context, members: r.members, memberships: r.memberships,
                                                  networks: r.networks)
        weeklySummaries = WeeklySummaryService(networks: r.networks, memberships: r.memberships, followUps: r.followUps,
                                               notices: r.exchanges)
        memberDigests = MemberDigestService(preferences: r.noticePreferences, members: r.members, requests: r.requests,
                                            offers: r.offers, matching: matching, search: search, notices: r.exchanges)
        noticePreferences = NoticePreferenceService(context: context, preferences: r.noticePreferences, members: r.members,
                                                    memberships: r.memberships)
        calendarFeeds = CalendarFeedService(context: context, feeds: r.calendarFeeds, settings: r.memberSettings)
        urgent = UrgentSupportService(context: context, urgent: r.urgent, memberships: r.memberships, networks: r.networks)
        careTexts = NetworkCareTextService(context: context, careTexts: r.careTexts, networks: r.networks)
        erasure = ErasureService(context: context, exchangeService: exchanges, groupSessionService: groupSessions,
                                 membershipService: memberships, members: r.members, memberships: r.memberships,
                                 groupSessions: r.groupSessions, erasure: r.erasure, urgent: r.urgent)
        retention = RetentionService(context: context, networks: r.networks, retention: r.retention, urgent: r.urgent)
        dataExport = AccessExportService(context: context, accounts: accounts, repositories: r)
    }

    /// The start-up pass (see `ExchangeService.recoverUnrecordedActions`): run it once, before
    /// taking requests.
    public func recoverUnrecordedActions() async throws -> RecoveryReport {
        try await exchanges.recoverUnrecordedActions()
    }

    /// Drops the records of what keyed requests created before `before` (`KeyedCreation`): a
    /// retry with such a key after that runs as a new request.
    public func deleteKeyedCreations(before: Date) async throws {
        try await context.keyedCreations.deleteKeyedCreations(before: before)
    }

    /// The domain's clock (the ledger's), in whole seconds: what its rules take as "now". Pages
    /// ask it to say what a member may do now (accept before the session ends, confirm once it
    /// has started) and to offer start times that are still ahead, as the rules will see them.
    public func now() -> Date { context.now() }

    /// Expiries, auto-confirmations and interrupted ledger actions due at `now` (default: the clock).
    /// Then urgent requests: payments to finish, and escalations due (each logged on failure).
    public func runDueWork(now: Date? = nil) async throws -> DueWorkReport {
        let now = now ?? context.now()
        var report = try await exchanges.runDueWork(now: now)
        do {
            report.urgentEscalated = try await urgent.escalateOverdue(now: now)
        } catch {
            context.logger.warning("urgent escalation failed", metadata: ["error": "\(error)"])
        }
        do {
            report.urgentPaymentsResumed = try await urgent.resumePayments()
        } catch {
            context.logger.warning("urgent payments not resumed", metadata: ["error": "\(error)"])
        }
        return report
    }
}
