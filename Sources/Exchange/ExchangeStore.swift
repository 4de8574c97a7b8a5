import Foundation
import Ledger
import Matching

/// Where the exchange domain keeps its state. Implementations: `SQLiteExchangeStore`
/// (ExchangeSQLite). Nothing here names a database library.
///
/// Inserts allocate the entity's id and its ledger ids (from one counter for accounts and one
/// for transfers) in the same transaction as the row, so the ids are stored before any ledger
/// submission. Updates of exchanges and group sessions are optimistic: they succeed only when
/// the stored `version` is the one read, and throw `ExchangeError.conflict` otherwise.
public protocol ExchangeStore: Sendable {
    // Keyed creations. Every insert that takes `keyed` stores it, with the new row's id, in the
    // row's own transaction (`KeyedCreation`); a second record for the same member and key
    // hash is refused as a `.conflict`, so two attempts never both create.
    /// What the member's request with this key hash created, if it committed and was not pruned.
    func keyedCreation(memberID: MemberID, keyHash: Data) async throws -> KeyedCreation?
    /// Drops the records created before `before` (their keys' retention is over).
    func deleteKeyedCreations(before: Date) async throws

    // Ledger ids.
    /// Allocates `count` consecutive transfer ids and answers the first.
    func allocateTransferIDs(count: Int) async throws -> TransferID
    /// Allocates `count` consecutive account ids and answers the first.
    func allocateAccountIDs(count: Int) async throws -> AccountID

    // Networks. `insertNetwork` throws `ExchangeError.conflict` when the slug is taken.
    func insertNetwork(_ draft: NetworkDraft, at: Date) async throws -> Network
    func network(_ id: NetworkID) async throws -> Network?
    func network(slug: String) async throws -> Network?
    /// Networks in id order after `afterID`; `only` restricts to those ids when given.
    func networks(only: [NetworkID]?, afterID: NetworkID?, limit: Int) async throws -> [Network]
    /// Replaces the stored policy; answers the network as stored, nil when there is none.
    /// `audit` is appended to the audit trail in the same transaction (see `AuditEvent`).
    func updateNetworkPolicy(_ id: NetworkID, _ policy: NetworkPolicy, audit: [AuditEvent]) async throws -> Network?

    // Members.
    func insertMember(_ profile: MemberProfile, isAdministrator: Bool, at: Date) async throws -> Member
    /// The member an invitation creates, once: a repeat for the same invitation (a retry after a
    /// failed activation) answers the member created first, with `profile` stored over it.
    func insertMember(_ profile: MemberProfile, invitationID: Int64, at: Date) async throws -> Member
    func member(_ id: MemberID) async throws -> Member?
    func updateMemberProfile(_ id: MemberID, _ profile: MemberProfile) async throws
    func administratorExists() async throws -> Bool

    // Memberships. `insertMembership` allocates the account and welcome transfer ids and throws
    // `ExchangeError.conflict` when the membership exists.
    func insertMembership(memberID: MemberID, networkID: NetworkID, role: NetworkRole, at: Date) async throws -> Membership
    func membership(memberID: MemberID, networkID: NetworkID) async throws -> Membership?
    /// All of a member's memberships (a member belongs to few networks).
    func memberships(of memberID: MemberID) async throws -> [Membership]
    /// A network's memberships in member id order, only those of `status` when it is given (the
    /// store narrows before it limits, so a page is full whenever that many more match).
    func memberships(in networkID: NetworkID, status: MembershipStatus?, afterMemberID: MemberID?, limit: Int) async throws
        -> [Membership]
    /// Stores `membership` when the stored version is still `membership.version` (the one read),
    /// answering it with the version incremented; throws `.conflict` otherwise (issue 17: a
    /// compare-and-set on the version, so no lock in memory is needed). `audit` is appended to
    /// the audit trail in the same transaction.
    func updateMembership(_ membership: Membership, audit: [AuditEvent]) async throws -> Membership

    // Support kinds (seeded with the five of the brief).
    func supportKinds() async throws -> [String]
    /// Adds a kind; answers false when it was already there.
    func insertSupportKind(_ name: String) async throws -> Bool

    // Offers.
    func insertOffer(supporterID: MemberID, networkID: NetworkID, details: OfferDetails, at: Date,
                     keyed: KeyedCreation?) async throws -> Offer
    func offer(_ id: OfferID) async throws -> Offer?
    func updateOffer(_ offer: Offer) async throws
    func offers(supporterID: MemberID, afterID: OfferID?, limit: Int) async throws -> [Offer]
    func searchOffers(_ search: OfferSearch) async throws -> [Offer]

    // Requests.
    func insertRequest(requesterID: MemberID, networkID: NetworkID, details: RequestDetails, at: Date,
                       keyed: KeyedCreation?) async throws -> SupportRequest
    func request(_ id: RequestID) async throws -> SupportRequest?
    func updateRequestStatus(_ id: RequestID, to status: RequestStatus) async throws
    func requests(requesterID: MemberID, afterID: RequestID?, limit: Int) async throws -> [SupportRequest]
    func searchRequests(_ search: RequestSearch) async throws -> [SupportRequest]

    // Exchanges.
    /// Stores a new exchange, allocating its id and its two transfer ids; `draft`'s id, transfer
    /// ids and version are ignored.
    /// `auditNewRow` is appended to the audit trail in the same transaction, each event's subject
    /// being the new exchange. `check`'s limits are counted and enforced inside that transaction
    /// (`ExchangeCommitCheck`): its refusal is thrown and nothing is stored.
    func insertExchange(_ draft: PeerExchange, auditNewRow: [AuditEvent], keyed: KeyedCreation?,
                        check: ExchangeCommitCheck) async throws -> PeerExchange
    func exchange(_ id: ExchangeID) async throws -> PeerExchange?
    /// Stores `exchange` (version + 1) when the stored version is `exchange.version`, and in the same
    /// transaction the request's status when given, and `audit` appended to the audit trail;
    /// throws `ExchangeError.conflict` when another write changed it since it was read. `check`'s
    /// limits are counted (this exchange left out) and enforced inside that transaction.
    /// Answers the stored exchange.
    func updateExchange(_ exchange: PeerExchange, requestStatus: RequestStatus?, audit: [AuditEvent],
                        check: ExchangeCommitCheck) async throws -> PeerExchange
    /// The exchanges `memberID` is a party to, in id order, narrowed by `filter` before the limit
    /// applies (so a page is full whenever that many more match).
    func exchanges(involving memberID: MemberID, _ filter: ExchangeListFilter, afterID: ExchangeID?, limit: Int) async throws
        -> [PeerExchange]
    /// Whether an accepted (accepted, disputed or completed) exchange on `requestID` has this supporter.
    func hasAcceptedExchange(requestID: RequestID, supporterID: MemberID) async throws -> Bool
    /// Whether `supporterID` is the supporter of any exchange proposed for the request.
    func hasExchange(requestID: RequestID, supporterID: MemberID) async throws -> Bool
    /// Exchanges with work due at `now`: a stored pending action, a single confirmation whose
    /// auto-confirm time has come, or a reservation past its deadline. In id order after `afterID`.
    func exchangesDue(at now: Date, afterID: ExchangeID?, limit: Int) async throws -> [PeerExchange]
    /// Exchanges not yet settled (proposed, accepted or disputed), in id order after `afterID`.
    func unsettledExchanges(afterID: ExchangeID?, limit: Int) async throws -> [PeerExchange]
    /// The (request, offer) pairs among these requests that have an open exchange or an open
    /// matching proposal: a run proposes neither again.
    func openPairs(requestIDs: [RequestID]) async throws -> [RequestOfferPair]

    // Group sessions.
    /// Stores a new session, allocating its id and a block of `draft.transferCount` transfer ids.
    func insertGroupSession(_ draft: GroupSession, keyed: KeyedCreation?) async throws -> GroupSession
    func groupSession(_ id: GroupSessionID) async throws -> GroupSession?
    /// As `updateExchange`: optimistic on `version`.
    func updateGroupSession(_ session: GroupSession) async throws -> GroupSession

    // Matching preferences: a network's weights (nil until set) and members' blocks.
    func matchingWeights(networkID: NetworkID) async throws -> MatchingWeights?
    /// `audit` is appended to the audit trail in the same transaction.
    func setMatchingWeights(networkID: NetworkID, _ weights: MatchingWeights, audit: [AuditEvent]) async throws
    func insertBlock(by memberID: MemberID, of blockedID: MemberID, at: Date) async throws
    func deleteBlock(by memberID: MemberID, of blockedID: MemberID) async throws
    /// Whom `memberID` blocked, in id order.
    func blockedMembers(by memberID: MemberID) async throws -> [MemberID]
    /// Every block made by or against any of `memberIDs`, as (blocker, blocked).
    func blocks(involving memberIDs: [MemberID]) async throws -> [(MemberID, MemberID)]

    // Agreements between networks. `insertAgreement` allocates the id and throws
    // `ExchangeError.conflict` when the pair already has an open (proposed, active, suspended) one.
    /// `auditNewRow` is appended to the audit trail in the same transaction, each event's subject
    /// being the new agreement.
    func insertAgreement(_ draft: Agreement, auditNewRow: [AuditEvent], keyed: KeyedCreation?) async throws -> Agreement
    func agreement(_ id: AgreementID) async throws -> Agreement?
    /// Stores `agreement` when the stored version is still `agreement.version` (the one read),
    /// answering it with the version incremented; `.conflict` otherwise (also when the pair
    /// already has another open agreement). `audit` is appended in the same transaction.
    func updateAgreement(_ agreement: Agreement, audit: [AuditEvent]) async throws -> Agreement
    /// The network's agreements (either side, any status) in id order after `afterID`.
    func agreements(networkID: NetworkID, afterID: AgreementID?, limit: Int) async throws -> [Agreement]
    /// The network's proposed, active and suspended agreements.
    func openAgreements(networkID: NetworkID) async throws -> [Agreement]
    /// Every agreement between the two networks (any status), in id order.
    func agreements(between network: NetworkID, and partner: NetworkID) async throws -> [Agreement]
    /// Cross-network exchanges under the agreement whose requesters are in `requesterNetworkID`,
    /// scheduled in `[from, before)`, in one of `statuses` (the monthly quota).
    func crossNetworkSessionCount(agreementID: AgreementID, requesterNetworkID: NetworkID,
                                  scheduledFrom from: Date, before: Date, statuses: Set<ExchangeStatus>) async throws -> Int
    /// Completed cross-network exchanges between the two networks: `network`'s members received
    /// from `partner`'s, and gave to them.
    func completedCrossNetworkSessions(between network: NetworkID, and partner: NetworkID) async throws
        -> (received: Int, given: Int)

    // Coordinator tools: the audit trail and corrections.
    func insertAuditEvent(_ event: AuditEvent) async throws -> AuditEvent
    /// Events in id order after `afterID`; `networkID` nil: every network's.
    func auditEvents(networkID: NetworkID?, afterID: AuditEventID?, limit: Int) async throws -> [AuditEvent]
    /// Stores a correction (not yet applied), allocating its id and its reversal's transfer id.
    func insertCorrection(_ draft: Correction, keyed: KeyedCreation?) async throws -> Correction
    /// Corrections of `transferID` whose reversal the ledger has not been seen to accept.
    func unappliedCorrections(transferID: TransferID) async throws -> [Correction]
    /// `audit` is appended to the audit trail in the same transaction.
    func markCorrectionApplied(_ id: CorrectionID, audit: [AuditEvent]) async throws -> Correction
    func correction(_ id: CorrectionID) async throws -> Correction?
    /// Removes a correction the ledger refused (nothing moved), and the record of the key that
    /// created it.
    func deleteCorrection(_ id: CorrectionID) async throws
    /// Applied corrections of the network, in id order after `afterID`.
    func corrections(networkID: NetworkID, afterID: CorrectionID?, limit: Int) async throws -> [Correction]
    // Matching.
    /// Active offers of the given networks, in id order, at most `limit`.
    func activeOffers(in networkIDs: [NetworkID], limit: Int) async throws -> [Offer]
    /// Open requests of a network, in id order, at most `limit`.
    func openRequests(in networkID: NetworkID, limit: Int) async throws -> [SupportRequest]
    /// The members with these ids that exist, in id order.
    func members(_ ids: [MemberID]) async throws -> [Member]
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
    /// Stores a run and its proposals, allocating their ids; `draft`'s ids are ignored.
    /// `auditNewRow` is appended to the audit trail in the same transaction, each event's subject
    /// being the new run.
    func insertMatchingRun(_ draft: MatchingRun, auditNewRow: [AuditEvent], keyed: KeyedCreation?) async throws -> MatchingRun
    /// A stored run with its proposals as they stand now.
    func matchingRun(_ id: MatchingRunID) async throws -> MatchingRun?
    func matchingProposal(_ id: MatchingProposalID) async throws -> MatchingProposal?
    /// Proposals made for a request, in id order after `afterID`.
    func matchingProposals(requestID: RequestID, afterID: MatchingProposalID?, limit: Int) async throws -> [MatchingProposal]
    /// Whether a proposal on `requestID` has been accepted and its exchange has not ended
    /// without taking place (declined, cancelled or expired).
    func hasAcceptedProposal(requestID: RequestID) async throws -> Bool
    /// Records a decision on an open proposal. Throws `ExchangeError.conflict` when it is no longer
    /// open, or (accepting) when `hasAcceptedProposal` holds for its request.
    func decideMatchingProposal(_ id: MatchingProposalID, status: MatchingProposalStatus, exchangeID: ExchangeID?,
                                at: Date) async throws -> MatchingProposal
}

/// A change members also make for themselves, with nothing for the audit trail.
extension ExchangeStore {
    public func updateExchange(_ exchange: PeerExchange, requestStatus: RequestStatus?) async throws -> PeerExchange {
        try await updateExchange(exchange, requestStatus: requestStatus, audit: [], check: .none)
    }

    public func updateExchange(_ exchange: PeerExchange, requestStatus: RequestStatus?, audit: [AuditEvent]) async throws -> PeerExchange {
        try await updateExchange(exchange, requestStatus: requestStatus, audit: audit, check: .none)
    }
}

/// The unfiltered lists, for callers that walk all of them.
extension ExchangeStore {
    public func memberships(in networkID: NetworkID, afterMemberID: MemberID?, limit: Int) async throws -> [Membership] {
        try await memberships(in: networkID, status: nil, afterMemberID: afterMemberID, limit: limit)
    }

    public func exchanges(involving memberID: MemberID, afterID: ExchangeID?, limit: Int) async throws -> [PeerExchange] {
        try await exchanges(involving: memberID, ExchangeListFilter(), afterID: afterID, limit: limit)
    }
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

/// A partner network whose partner-visible offers a searcher may see, and the support kinds the
/// agreement in force covers.
public struct PartnerScope: Sendable, Hashable {
    public var networkID: NetworkID
    public var kinds: [String]

    public init(networkID: NetworkID, kinds: [String]) {
        self.networkID = networkID
        self.kinds = kinds
    }
}

/// A validated offer search, resolved to the networks the searcher may see: every active offer
/// of `networkIDs`, and those of `partners` marked visible to partners with a covered kind.
public struct OfferSearch: Sendable, Hashable {
    public var networkIDs: [NetworkID]
    public var partners: [PartnerScope] = []
    /// Only this supporter's offers, when given.
    public var supporterID: MemberID?
    public var kind: String?
    public var topic: String?
    public var language: String?
    public var mode: SessionMode?
    /// Words to find (all of them, as prefixes) in titles and topics.
    public var words: [String]
    public var afterID: OfferID?
    public var limit: Int

    public init(networkIDs: [NetworkID], kind: String? = nil, topic: String? = nil, language: String? = nil,
                mode: SessionMode? = nil, words: [String] = [], afterID: OfferID? = nil, limit: Int) {
        self.networkIDs = networkIDs
        self.kind = kind
        self.topic = topic
        self.language = language
        self.mode = mode
        self.words = words
        self.afterID = afterID
        self.limit = limit
    }
}

/// A validated search over open requests. Words match topics only, never descriptions.
/// Requests whose exclusions name the searcher (by id, or by organisation) are left out, and so
/// are the searcher's own.
public struct RequestSearch: Sendable, Hashable {
    public var networkIDs: [NetworkID]
    public var kind: String?
    public var topic: String?
    public var language: String?
    public var mode: SessionMode?
    public var words: [String]
    public var searcherID: MemberID
    public var searcherOrganisation: String
    public var afterID: RequestID?
    public var limit: Int

    public init(networkIDs: [NetworkID], kind: String? = nil, topic: String? = nil, language: String? = nil,
                mode: SessionMode? = nil, words: [String] = [], searcherID: MemberID,
                searcherOrganisation: String, afterID: RequestID? = nil, limit: Int) {
        self.networkIDs = networkIDs
        self.kind = kind
        self.topic = topic
        self.language = language
        self.mode = mode
        self.words = words
        self.searcherID = searcherID
        self.searcherOrganisation = searcherOrganisation
        self.afterID = afterID
        self.limit = limit
    }
}
