import Foundation
import Ledger
import Logging

/// The exchange domain, wired: one value holding every service over one store, one ledger and
/// one clock. The API builds one at start-up. A class: every request's handler holds it, and
/// copying a struct of sixteen services retained and released each of their references.
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
    let context: ServiceContext

    /// `clock` should be the ledger's clock: reservations and auto-confirmation are timed by it.
    /// Without `reportStore`, reports answer `invalidState`.
    public init(store: any ExchangeStore, ledger: Ledger, clock: (any EpochClock)? = nil,
                logger: Logger = Logger(label: "peerhours.exchange"), reportStore: (any ReportStore)? = nil) {
        let context = ServiceContext(
            store: store, ledger: LedgerGateway(ledger: ledger, logger: logger), clock: clock ?? ledger.clock,
            logger: logger)
        self.context = context
        networks = NetworkService(context: context)
        members = MemberService(context: context)
        memberships = MembershipService(context: context)
        offers = OfferService(context: context)
        requests = RequestService(context: context)
        exchanges = ExchangeService(context: context)
        groupSessions = GroupSessionService(context: context)
        search = SearchService(context: context)
        accounts = AccountService(context: context)
        audit = AuditService(context: context)
        corrections = CorrectionService(context: context)
        matching = MatchingService(context: context)
        matchingPreferences = MatchingPreferencesService(context: context)
        agreements = AgreementService(context: context)
        reports = ReportService(context: context, store: reportStore)
    }

    /// The start-up pass (see `ExchangeService.recoverUnrecordedActions`): run it once, before
    /// taking requests.
    public func recoverUnrecordedActions() async throws -> RecoveryReport {
        try await exchanges.recoverUnrecordedActions()
    }

    /// Drops the records of what keyed requests created before `before` (`KeyedCreation`): a
    /// retry with such a key after that runs as a new request.
    public func deleteKeyedCreations(before: Date) async throws {
        try await context.store.deleteKeyedCreations(before: before)
    }

    /// Expiries, auto-confirmations and interrupted ledger actions due at `now` (default: the clock).
    public func runDueWork(now: Date? = nil) async throws -> DueWorkReport {
        try await exchanges.runDueWork(now: now ?? context.now())
    }
}
