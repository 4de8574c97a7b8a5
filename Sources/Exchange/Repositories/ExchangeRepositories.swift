import Foundation
import Ledger
import Outbox

/// Exchanges between two members. Updates are optimistic: they succeed only when the stored
/// `version` is the one read, and throw `ExchangeError.conflict` otherwise.
public protocol ExchangeRepository: Sendable {
    /// Stores a new exchange, allocating its id and its two transfer ids; `draft`'s id, transfer
    /// ids and version are ignored.
    /// `auditNewRow` is appended to the audit trail in the same transaction, each event's subject
    /// being the new exchange. `check`'s limits are counted and enforced inside that transaction
    /// (`ExchangeCommitCheck`): its refusal is thrown and nothing is stored. `notices` is called
    /// with the exchange as stored (its id allocated) and its drafts are written to the outbox
    /// in that transaction.
    func insertExchange(_ draft: PeerExchange, auditNewRow: [AuditEvent], keyed: KeyedCreation?,
                        check: ExchangeCommitCheck,
                        notices: @escaping @Sendable (PeerExchange) -> [OutboxDraft]) async throws -> PeerExchange
    func exchange(_ id: ExchangeID) async throws -> PeerExchange?
    /// Stores `exchange` (version + 1) when the stored version is `exchange.version`, and in the same
    /// transaction the request's status when given, and `audit` appended to the audit trail;
    /// throws `ExchangeError.conflict` when another write changed it since it was read. `check`'s
    /// limits are counted (this exchange left out) and enforced inside that transaction, and
    /// `notices` are written to the outbox in it (none when the write conflicts or is refused).
    /// Answers the stored exchange.
    func updateExchange(_ exchange: PeerExchange, requestStatus: RequestStatus?, audit: [AuditEvent],
                        check: ExchangeCommitCheck, notices: [OutboxDraft]) async throws -> PeerExchange
    /// The exchanges `memberID` is a party to, in id order, narrowed by `filter` before the limit
    /// applies (so a page is full whenever that many more match).
    func exchanges(involving memberID: MemberID, _ filter: ExchangeListFilter, afterID: ExchangeID?, limit: Int) async throws
        -> [PeerExchange]
    /// Exchanges with work due at `now`: a stored pending action, a single confirmation whose
    /// auto-confirm time has come, or a reservation past its deadline. In id order after `afterID`.
    func exchangesDue(at now: Date, afterID: ExchangeID?, limit: Int) async throws -> [PeerExchange]
    /// Exchanges not yet settled (proposed, accepted or disputed), in id order after `afterID`.
    func unsettledExchanges(afterID: ExchangeID?, limit: Int) async throws -> [PeerExchange]
    /// Accepted exchanges starting in `[from, before)`, in id order after `afterID` (reminders).
    func acceptedExchanges(startingFrom from: Date, before: Date, afterID: ExchangeID?, limit: Int) async throws
        -> [PeerExchange]
    /// Accepted exchanges whose session ended in `[from, before)` and that a party has not
    /// confirmed, in id order after `afterID` (reminders to confirm).
    func unconfirmedExchanges(endedFrom from: Date, before: Date, afterID: ExchangeID?, limit: Int) async throws
        -> [PeerExchange]
    /// Writes notices decided by a scan (reminders, weekly summaries), not by a change, to the outbox in one transaction; a
    /// draft whose dedupe key is stored already is skipped. Answers how many were stored.
    func insertScheduledNotices(_ drafts: [OutboxDraft], at now: Date) async throws -> Int
}

extension ExchangeRepository {
    /// A change members also make for themselves, with nothing for the audit trail.
    public func updateExchange(_ exchange: PeerExchange, requestStatus: RequestStatus?) async throws -> PeerExchange {
        try await updateExchange(exchange, requestStatus: requestStatus, audit: [], check: .none, notices: [])
    }

    public func updateExchange(_ exchange: PeerExchange, requestStatus: RequestStatus?, audit: [AuditEvent]) async throws -> PeerExchange {
        try await updateExchange(exchange, requestStatus: requestStatus, audit: audit, check: .none, notices: [])
    }

    /// The unfiltered list, for callers that walk all of it.
    public func exchanges(involving memberID: MemberID, afterID: ExchangeID?, limit: Int) async throws -> [PeerExchange] {
        try await exchanges(involving: memberID, ExchangeListFilter(), afterID: afterID, limit: limit)
    }
}

/// Group sessions: one supporter, several participants. Updates are optimistic on `version`, as
/// an exchange's are.
public protocol GroupSessionRepository: Sendable {
    /// Stores a new session, allocating its id and a block of `draft.transferCount` transfer ids.
    func insertGroupSession(_ draft: GroupSession, keyed: KeyedCreation?) async throws -> GroupSession
    func groupSession(_ id: GroupSessionID) async throws -> GroupSession?
    /// Stores `session` (version + 1) when the stored version is `session.version`, and in the
    /// same transaction `notices` in the outbox, created at `now`.
    func updateGroupSession(_ session: GroupSession, notices: [OutboxDraft], at now: Date) async throws -> GroupSession
    /// The sessions `memberID` facilitates or was invited to that start at or after `startingFrom`,
    /// in order of start (then id), at most `limit`.
    func groupSessions(involving memberID: MemberID, startingFrom: Date, limit: Int) async throws -> [GroupSession]
}

/// Counts and facts read across many exchanges: what proposals, capacity checks, matching runs
/// and agreements' positions need, never a single aggregate's state.
public protocol ExchangeTallyRepository: Sendable {
    /// Whether an accepted (accepted, disputed or completed) exchange on `requestID` has this supporter.
    func hasAcceptedExchange(requestID: RequestID, supporterID: MemberID) async throws -> Bool
    /// Whether `supporterID` is the supporter of any exchange proposed for the request.
    func hasExchange(requestID: RequestID, supporterID: MemberID) async throws -> Bool
    /// The (request, offer) pairs among these requests that have an open exchange or an open
    /// matching proposal: a run proposes neither again.
    func openPairs(requestIDs: [RequestID]) async throws -> [RequestOfferPair]
    /// Per offer of these supporters: minutes of proposed, accepted, disputed and completed
    /// exchanges scheduled in `[from, before)`. Offers with none are left out.
    func bookedMinutes(supporterIDs: [MemberID], scheduledFrom from: Date, before: Date) async throws -> [OfferBooking]
    /// The same figure for one offer (a proposal's and an acceptance's capacity check): read
    /// from an index of the offer's exchanges by start, so it costs the month's exchanges on the
    /// offer, not all of its supporter's.
    func bookedMinutes(offerID: OfferID, scheduledFrom from: Date, before: Date) async throws -> Int64
    /// How the accepted-or-later exchanges (completed or disputed, or disputed once) of these
    /// members ended, in id order, at most `limit` (the most recent ones when there are more).
    func exchangeOutcomes(involving memberIDs: [MemberID], limit: Int) async throws -> [ExchangeOutcome]
    /// Per supporter among these: the minutes their completed exchanges settled, of sessions
    /// scheduled at or after `from`. Supporters with none are left out.
    func givenMinutes(supporterIDs: [MemberID], scheduledFrom from: Date) async throws -> [MemberID: Int64]
    /// Whether the two members are the two people of any exchange, in either role.
    func haveExchanged(_ one: MemberID, _ other: MemberID) async throws -> Bool
    /// Cross-network exchanges under the agreement whose requesters are in `requesterNetworkID`,
    /// scheduled in `[from, before)`, in one of `statuses` (the monthly quota).
    func crossNetworkSessionCount(agreementID: AgreementID, requesterNetworkID: NetworkID,
                                  scheduledFrom from: Date, before: Date, statuses: Set<ExchangeStatus>) async throws -> Int
    /// Completed cross-network exchanges between the two networks: `network`'s members received
    /// from `partner`'s, and gave to them.
    func completedCrossNetworkSessions(between network: NetworkID, and partner: NetworkID) async throws
        -> (received: Int, given: Int)
}

/// Which side of an exchange a member is on.
public enum ExchangeRole: String, Sendable, Hashable, Codable, CaseIterable {
    case requester, supporter
}

/// What a list of one member's exchanges is narrowed to; nil keeps every value. The status is
/// the stored one.
public struct ExchangeListFilter: Sendable, Hashable {
    public var role: ExchangeRole?
    public var status: ExchangeStatus?

    public init(role: ExchangeRole? = nil, status: ExchangeStatus? = nil) {
        self.role = role
        self.status = status
    }
}
