import Exchange
import ExchangeSQLite
import Foundation
import Ledger
import Outbox
import Synchronization

/// The store (SQLite or PostgreSQL) behind the five repositories whose writes tests interfere with (exchanges,
/// group sessions, memberships, corrections, agreements), with a switch that makes the next
/// update of a kind fail — as a crash between the ledger commit and the domain update would — and
/// a hook that lands another writer's change just before it. Every other repository is the
/// store itself (`repositories`).
final class FlakyStore: ExchangeRepository, GroupSessionRepository, MembershipRepository, CorrectionRepository,
    AgreementRepository
{
    struct InjectedFailure: Error {}
    enum Update: Hashable, Sendable { case exchange, groupSession, membership, correction, agreement }

    let base: any ExchangeStore
    private let failing = Mutex<Set<Update>>([])

    init(_ base: any ExchangeStore) { self.base = base }

    /// The store's repositories, with this one's five in place of its own.
    var repositories: ExchangeRepositories {
        var repositories = ExchangeRepositories(base)
        repositories.exchanges = self
        repositories.groupSessions = self
        repositories.memberships = self
        repositories.corrections = self
        repositories.agreements = self
        return repositories
    }

    func failNext(_ update: Update) { failing.withLock { _ = $0.insert(update) } }

    /// Makes proposals commit without the agreement's quota counted, as two proposals whose
    /// counts ran before either was stored: acceptance must decide.
    let proposalsCommitWithoutQuota = Mutex<Bool>(false)

    private func check(_ update: Update) throws {
        if failing.withLock({ $0.remove(update) }) != nil { throw InjectedFailure() }
    }

    /// A change another writer commits just before the next update of a kind (after the
    /// service loaded and decided), as a second instance over the same database would.
    typealias Interleaved = @Sendable (any ExchangeStore) async throws -> Void
    private let interleaved = Mutex<[Update: Interleaved]>([:])

    func beforeNext(_ update: Update, _ change: @escaping Interleaved) {
        interleaved.withLock { $0[update] = change }
    }

    private func interleave(_ update: Update) async throws {
        if let change = interleaved.withLock({ $0.removeValue(forKey: update) }) { try await change(base) }
    }

    /// Runs once, just before the next membership update reaches the database: another
    /// instance's commit landing between a service's read and its write.
    func interleaveBeforeNextMembershipUpdate(_ body: @escaping Interleaved) {
        beforeNext(.membership, body)
    }

    // The writes interfered with.

    func insertExchange(_ draft: PeerExchange, auditNewRow: [AuditEvent], keyed: KeyedCreation?,
                        check: ExchangeCommitCheck,
                        notices: @escaping @Sendable (PeerExchange) -> [OutboxDraft]) async throws -> PeerExchange {
        var check = check
        if proposalsCommitWithoutQuota.withLock({ $0 }) { check.agreementQuota = nil }
        return try await base.insertExchange(draft, auditNewRow: auditNewRow, keyed: keyed, check: check, notices: notices)
    }

    func updateExchange(_ exchange: PeerExchange, requestStatus: RequestStatus?, audit: [AuditEvent],
                        check commitCheck: ExchangeCommitCheck, notices: [OutboxDraft]) async throws -> PeerExchange {
        if exchange.pendingAction == nil { try check(.exchange) }
        return try await base.updateExchange(
            exchange, requestStatus: requestStatus, audit: audit, check: commitCheck, notices: notices)
    }

    func updateGroupSession(_ session: GroupSession, notices: [OutboxDraft], at now: Date) async throws -> GroupSession {
        try check(.groupSession)
        return try await base.updateGroupSession(session, notices: notices, at: now)
    }

    func updateMembership(_ membership: Membership, audit: [AuditEvent], notices: [OutboxDraft],
                          at now: Date) async throws -> Membership {
        try check(.membership)
        try await interleave(.membership)
        return try await base.updateMembership(membership, audit: audit, notices: notices, at: now)
    }

    func markCorrectionApplied(_ id: CorrectionID, audit: [AuditEvent]) async throws -> Correction {
        try check(.correction)
        return try await base.markCorrectionApplied(id, audit: audit)
    }

    func updateAgreement(_ agreement: Agreement, audit: [AuditEvent], notices: [OutboxDraft]) async throws -> Agreement {
        try await interleave(.agreement)
        return try await base.updateAgreement(agreement, audit: audit, notices: notices)
    }

    // The rest of those five repositories passes through.

    func exchange(_ id: ExchangeID) async throws -> PeerExchange? { try await base.exchange(id) }
    func exchanges(involving memberID: MemberID, _ filter: ExchangeListFilter, afterID: ExchangeID?, limit: Int) async throws
        -> [PeerExchange]
    {
        try await base.exchanges(involving: memberID, filter, afterID: afterID, limit: limit)
    }
    func exchangesDue(at now: Date, afterID: ExchangeID?, limit: Int) async throws -> [PeerExchange] {
        try await base.exchangesDue(at: now, afterID: afterID, limit: limit)
    }
    func unsettledExchanges(afterID: ExchangeID?, limit: Int) async throws -> [PeerExchange] {
        try await base.unsettledExchanges(afterID: afterID, limit: limit)
    }
    func acceptedExchanges(startingFrom from: Date, before: Date, afterID: ExchangeID?, limit: Int) async throws
        -> [PeerExchange]
    {
        try await base.acceptedExchanges(startingFrom: from, before: before, afterID: afterID, limit: limit)
    }
    func unconfirmedExchanges(endedFrom from: Date, before: Date, afterID: ExchangeID?, limit: Int) async throws
        -> [PeerExchange]
    {
        try await base.unconfirmedExchanges(endedFrom: from, before: before, afterID: afterID, limit: limit)
    }
    func insertScheduledNotices(_ drafts: [OutboxDraft], at now: Date) async throws -> Int {
        try await base.insertScheduledNotices(drafts, at: now)
    }
    func insertGroupSession(_ draft: GroupSession, keyed: KeyedCreation?) async throws -> GroupSession {
        try await base.insertGroupSession(draft, keyed: keyed)
    }
    func groupSession(_ id: GroupSessionID) async throws -> GroupSession? { try await base.groupSession(id) }
    func groupSessions(involving memberID: MemberID, startingFrom: Date, limit: Int) async throws -> [GroupSession] {
        try await base.groupSessions(involving: memberID, startingFrom: startingFrom, limit: limit)
    }
    func insertMembership(memberID: MemberID, networkID: NetworkID, role: NetworkRole, at: Date,
                          notices: [OutboxDraft]) async throws -> Membership {
        try await base.insertMembership(memberID: memberID, networkID: networkID, role: role, at: at, notices: notices)
    }
    func membership(memberID: MemberID, networkID: NetworkID) async throws -> Membership? {
        try await base.membership(memberID: memberID, networkID: networkID)
    }
    func memberships(of memberID: MemberID) async throws -> [Membership] { try await base.memberships(of: memberID) }
    func memberships(in networkID: NetworkID, status: MembershipStatus?, afterMemberID: MemberID?, limit: Int) async throws
        -> [Membership]
    {
        try await base.memberships(in: networkID, status: status, afterMemberID: afterMemberID, limit: limit)
    }
    func activeCoordinatorIDs(of networkID: NetworkID, limit: Int) async throws -> [MemberID] {
        try await base.activeCoordinatorIDs(of: networkID, limit: limit)
    }
    func insertCorrection(_ draft: Correction, keyed: KeyedCreation?) async throws -> Correction {
        try await base.insertCorrection(draft, keyed: keyed)
    }
    func unappliedCorrections(transferID: TransferID) async throws -> [Correction] {
        try await base.unappliedCorrections(transferID: transferID)
    }
    func correction(_ id: CorrectionID) async throws -> Correction? { try await base.correction(id) }
    func deleteCorrection(_ id: CorrectionID) async throws { try await base.deleteCorrection(id) }
    func corrections(networkID: NetworkID, afterID: CorrectionID?, limit: Int) async throws -> [Correction] {
        try await base.corrections(networkID: networkID, afterID: afterID, limit: limit)
    }
    func insertAgreement(_ draft: Agreement, auditNewRow: [AuditEvent], keyed: KeyedCreation?,
                         notices: @escaping @Sendable (Agreement) -> [OutboxDraft]) async throws -> Agreement {
        try await base.insertAgreement(draft, auditNewRow: auditNewRow, keyed: keyed, notices: notices)
    }
    func agreement(_ id: AgreementID) async throws -> Agreement? { try await base.agreement(id) }
    func agreements(networkID: NetworkID, afterID: AgreementID?, limit: Int) async throws -> [Agreement] {
        try await base.agreements(networkID: networkID, afterID: afterID, limit: limit)
    }
    func openAgreements(networkID: NetworkID) async throws -> [Agreement] { try await base.openAgreements(networkID: networkID) }
    func agreements(between network: NetworkID, and partner: NetworkID) async throws -> [Agreement] {
        try await base.agreements(between: network, and: partner)
    }
}
