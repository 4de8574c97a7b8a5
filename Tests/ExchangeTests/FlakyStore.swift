import Exchange
import ExchangeSQLite
import Foundation
import Ledger
import Synchronization

/// The SQLite store, with a switch that makes the next update of a kind fail, as a crash
/// between the ledger commit and the domain update would.
final class FlakyStore: ExchangeStore {
    struct InjectedFailure: Error {}
    enum Update: Hashable, Sendable { case exchange, groupSession, membership, correction, agreement }

    let base: SQLiteExchangeStore
    private let failing = Mutex<Set<Update>>([])

    init(_ base: SQLiteExchangeStore) { self.base = base }

    func failNext(_ update: Update) { failing.withLock { _ = $0.insert(update) } }

    /// Makes quota reads at proposal (those counting proposed sessions) see none, as two
    /// proposals read concurrently before either was stored.
    let quotaReadsAtProposalSeeNothing = Mutex<Bool>(false)

    private func check(_ update: Update) throws {
        if failing.withLock({ $0.remove(update) }) != nil { throw InjectedFailure() }
    }

    func updateExchange(_ exchange: PeerExchange, requestStatus: RequestStatus?, audit: [AuditEvent],
                        check commitCheck: ExchangeCommitCheck) async throws -> PeerExchange {
        if exchange.pendingAction == nil { try check(.exchange) }
        return try await base.updateExchange(exchange, requestStatus: requestStatus, audit: audit, check: commitCheck)
    }

    func updateGroupSession(_ session: GroupSession) async throws -> GroupSession {
        try check(.groupSession)
        return try await base.updateGroupSession(session)
    }

    func updateMembership(_ membership: Membership, audit: [AuditEvent]) async throws -> Membership {
        try check(.membership)
        try await interleave(.membership)
        return try await base.updateMembership(membership, audit: audit)
    }

    /// A change another writer commits just before the next update of a kind (after the
    /// service loaded and decided), as a second instance over the same database would.
    typealias Interleaved = @Sendable (SQLiteExchangeStore) async throws -> Void
    private let interleaved = Mutex<[Update: Interleaved]>([:])

    func beforeNext(_ update: Update, _ change: @escaping Interleaved) {
        interleaved.withLock { $0[update] = change }
    }

    func interleave(_ update: Update) async throws {
        if let change = interleaved.withLock({ $0.removeValue(forKey: update) }) { try await change(base) }
    }

    /// Runs once, just before the next membership update reaches the database: another
    /// instance's commit landing between a service's read and its write.
    func interleaveBeforeNextMembershipUpdate(_ body: @escaping Interleaved) {
        beforeNext(.membership, body)
    }

    // Everything else passes through.
    func allocateTransferIDs(count: Int) async throws -> TransferID { try await base.allocateTransferIDs(count: count) }
    func insertNetwork(_ draft: NetworkDraft, at: Date) async throws -> Network { try await base.insertNetwork(draft, at: at) }
    func network(_ id: NetworkID) async throws -> Network? { try await base.network(id) }
    func network(slug: String) async throws -> Network? { try await base.network(slug: slug) }
    func networks(only: [NetworkID]?, afterID: NetworkID?, limit: Int) async throws -> [Network] {
        try await base.networks(only: only, afterID: afterID, limit: limit)
    }
    func updateNetworkPolicy(_ id: NetworkID, _ policy: NetworkPolicy, audit: [AuditEvent]) async throws -> Network? {
        try await base.updateNetworkPolicy(id, policy, audit: audit)
    }
    func insertAuditEvent(_ event: AuditEvent) async throws -> AuditEvent { try await base.insertAuditEvent(event) }
    func auditEvents(networkID: NetworkID?, afterID: AuditEventID?, limit: Int) async throws -> [AuditEvent] {
        try await base.auditEvents(networkID: networkID, afterID: afterID, limit: limit)
    }
    func insertCorrection(_ draft: Correction, keyed: KeyedCreation?) async throws -> Correction {
        try await base.insertCorrection(draft, keyed: keyed)
    }
    func correction(_ id: CorrectionID) async throws -> Correction? { try await base.correction(id) }
    func unappliedCorrections(transferID: TransferID) async throws -> [Correction] {
        try await base.unappliedCorrections(transferID: transferID)
    }
    func markCorrectionApplied(_ id: CorrectionID, audit: [AuditEvent]) async throws -> Correction {
        if failing.withLock({ $0.remove(.correction) }) != nil { throw InjectedFailure() }
        return try await base.markCorrectionApplied(id, audit: audit)
    }
    func deleteCorrection(_ id: CorrectionID) async throws { try await base.deleteCorrection(id) }
    func corrections(networkID: NetworkID, afterID: CorrectionID?, limit: Int) async throws -> [Correction] {
        try await base.corrections(networkID: networkID, afterID: afterID, limit: limit)
    }
    func insertMember(_ profile: MemberProfile, invitationID: Int64, at: Date) async throws -> Member {
        try await base.insertMember(profile, invitationID: invitationID, at: at)
    }
    func insertMember(_ profile: MemberProfile, isAdministrator: Bool, at: Date) async throws -> Member {
        try await base.insertMember(profile, isAdministrator: isAdministrator, at: at)
    }
    func member(_ id: MemberID) async throws -> Member? { try await base.member(id) }
    func updateMemberProfile(_ id: MemberID, _ profile: MemberProfile) async throws { try await base.updateMemberProfile(id, profile) }
    func administratorExists() async throws -> Bool { try await base.administratorExists() }
    func insertMembership(memberID: MemberID, networkID: NetworkID, role: NetworkRole, at: Date) async throws -> Membership {
        try await base.insertMembership(memberID: memberID, networkID: networkID, role: role, at: at)
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
    func supportKinds() async throws -> [String] { try await base.supportKinds() }
    func insertSupportKind(_ name: String) async throws -> Bool { try await base.insertSupportKind(name) }
    func insertOffer(supporterID: MemberID, networkID: NetworkID, details: OfferDetails, at: Date,
                     keyed: KeyedCreation?) async throws -> Offer {
        try await base.insertOffer(supporterID: supporterID, networkID: networkID, details: details, at: at, keyed: keyed)
    }
    func offer(_ id: OfferID) async throws -> Offer? { try await base.offer(id) }
    func updateOffer(_ offer: Offer) async throws { try await base.updateOffer(offer) }
    func offers(supporterID: MemberID, afterID: OfferID?, limit: Int) async throws -> [Offer] {
        try await base.offers(supporterID: supporterID, afterID: afterID, limit: limit)
    }
    func searchOffers(_ search: OfferSearch) async throws -> [Offer] { try await base.searchOffers(search) }
    func insertRequest(requesterID: MemberID, networkID: NetworkID, details: RequestDetails, at: Date,
                       keyed: KeyedCreation?) async throws -> SupportRequest {
        try await base.insertRequest(requesterID: requesterID, networkID: networkID, details: details, at: at, keyed: keyed)
    }
    func request(_ id: RequestID) async throws -> SupportRequest? { try await base.request(id) }
    func updateRequestStatus(_ id: RequestID, to status: RequestStatus) async throws { try await base.updateRequestStatus(id, to: status) }
    func requests(requesterID: MemberID, afterID: RequestID?, limit: Int) async throws -> [SupportRequest] {
        try await base.requests(requesterID: requesterID, afterID: afterID, limit: limit)
    }
    func searchRequests(_ search: RequestSearch) async throws -> [SupportRequest] { try await base.searchRequests(search) }
    func insertExchange(_ draft: PeerExchange, auditNewRow: [AuditEvent], keyed: KeyedCreation?,
                        check: ExchangeCommitCheck) async throws -> PeerExchange {
        var check = check
        // As if each proposal's count ran before the other was stored.
        if quotaReadsAtProposalSeeNothing.withLock({ $0 }) { check.agreementQuota = nil }
        return try await base.insertExchange(draft, auditNewRow: auditNewRow, keyed: keyed, check: check)
    }
    func exchange(_ id: ExchangeID) async throws -> PeerExchange? { try await base.exchange(id) }
    func exchanges(involving memberID: MemberID, _ filter: ExchangeListFilter, afterID: ExchangeID?, limit: Int) async throws
        -> [PeerExchange]
    {
        try await base.exchanges(involving: memberID, filter, afterID: afterID, limit: limit)
    }
    func unsettledExchanges(afterID: ExchangeID?, limit: Int) async throws -> [PeerExchange] {
        try await base.unsettledExchanges(afterID: afterID, limit: limit)
    }
    func hasAcceptedExchange(requestID: RequestID, supporterID: MemberID) async throws -> Bool {
        try await base.hasAcceptedExchange(requestID: requestID, supporterID: supporterID)
    }
    func hasExchange(requestID: RequestID, supporterID: MemberID) async throws -> Bool {
        try await base.hasExchange(requestID: requestID, supporterID: supporterID)
    }
    func exchangesDue(at now: Date, afterID: ExchangeID?, limit: Int) async throws -> [PeerExchange] {
        try await base.exchangesDue(at: now, afterID: afterID, limit: limit)
    }
    func insertGroupSession(_ draft: GroupSession, keyed: KeyedCreation?) async throws -> GroupSession {
        try await base.insertGroupSession(draft, keyed: keyed)
    }
    func keyedCreation(memberID: MemberID, keyHash: Data) async throws -> KeyedCreation? {
        try await base.keyedCreation(memberID: memberID, keyHash: keyHash)
    }
    func deleteKeyedCreations(before: Date) async throws { try await base.deleteKeyedCreations(before: before) }
    func groupSession(_ id: GroupSessionID) async throws -> GroupSession? { try await base.groupSession(id) }
}

extension FlakyStore {
    func openPairs(requestIDs: [RequestID]) async throws -> [RequestOfferPair] {
        try await base.openPairs(requestIDs: requestIDs)
    }
}
