/// Every repository of the exchange domain, as one database implements them all
/// (`SQLiteExchangeStore`, ExchangeSQLite). No service takes this: each takes the repositories
/// it uses (`ExchangeRepositories` hands them out), so a test double replaces one repository,
/// not the whole store. Nothing here names a database library.
///
/// Inserts allocate the entity's id and its ledger ids in the same transaction as the row, so the
/// ids are stored before any ledger submission. Every aggregate's update is a compare-and-set on
/// its stored `version`, throwing `ExchangeError.conflict` when another writer (of this process
/// or another) changed it since it was read.
public typealias ExchangeStore = KeyedCreationRepository & LedgerIDRepository
    & NetworkRepository & SupportKindRepository & MemberRepository & MembershipRepository
    & OfferRepository & RequestRepository
    & ExchangeRepository & GroupSessionRepository & ExchangeTallyRepository
    & AgreementRepository & AuditRepository & CorrectionRepository
    & MatchingPreferenceRepository & MatchingRunRepository & ExchangeMessageRepository
    & MemberSettingsRepository & FollowUpRepository & RosterRepository
    & NoticePreferenceRepository & CalendarFeedRepository & UrgentRequestRepository
    & NetworkCareTextRepository & ErasureRepository & RetentionRepository & SubjectAuditRepository
    & ExchangeStatusCountRepository

/// The repositories the domain's services are wired with, one field per aggregate. Made from one
/// store, each field may then be replaced on its own (a test's failing exchange repository, say).
public struct ExchangeRepositories: Sendable {
    public var keyedCreations: any KeyedCreationRepository
    public var ledgerIDs: any LedgerIDRepository
    public var networks: any NetworkRepository
    public var supportKinds: any SupportKindRepository
    public var members: any MemberRepository
    public var memberships: any MembershipRepository
    public var offers: any OfferRepository
    public var requests: any RequestRepository
    public var exchanges: any ExchangeRepository
    public var groupSessions: any GroupSessionRepository
    public var tallies: any ExchangeTallyRepository
    public var agreements: any AgreementRepository
    public var auditTrail: any AuditRepository
    public var corrections: any CorrectionRepository
    public var preferences: any MatchingPreferenceRepository
    public var matchingRuns: any MatchingRunRepository
    public var messages: any ExchangeMessageRepository
    public var memberSettings: any MemberSettingsRepository
    public var followUps: any FollowUpRepository
    public var roster: any RosterRepository
    public var noticePreferences: any NoticePreferenceRepository
    public var calendarFeeds: any CalendarFeedRepository
    public var urgent: any UrgentRequestRepository
    public var careTexts: any NetworkCareTextRepository
    public var erasure: any ErasureRepository
    public var retention: any RetentionRepository
    public var subjectAudit: any SubjectAuditRepository

    /// Every repository served by `store`.
    public init(_ store: some ExchangeStore) {
        keyedCreations = store
        ledgerIDs = store
        networks = store
        supportKinds = store
        members = store
        memberships = store
        offers = store
        requests = store
        exchanges = store
        groupSessions = store
        tallies = store
        agreements = store
        auditTrail = store
        corrections = store
        preferences = store
        matchingRuns = store
        messages = store
        memberSettings = store
        followUps = store
        roster = store
        noticePreferences = store
        calendarFeeds = store
        urgent = store
        careTexts = store
        erasure = store
        retention = store
        subjectAudit = store
    }
}
