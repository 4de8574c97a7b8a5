import Foundation
import Ledger
import Matching

public enum MatchingRunTag: Sendable {}
public enum MatchingProposalTag: Sendable {}

public typealias MatchingRunID = DomainID<MatchingRunTag>
public typealias MatchingProposalID = DomainID<MatchingProposalTag>

/// One offer suggested for a request: the matcher's score and what each factor contributed.
/// Carries ids and figures only — never the request's description.
public struct OfferSuggestion: Sendable, Hashable {
    public var offerID: OfferID
    public var supporterID: MemberID
    public var networkID: NetworkID
    public var score: Int
    public var parts: ScoreParts
    /// Shared minutes in the reference week, and the longest unbroken shared stretch.
    public var overlapMinutes: Int
    public var longestOverlapMinutes: Int
    /// Minutes the supporter's completed sessions gave in the year before the suggestion
    /// (`MatchingService.givenWindowDays`): the suggestion's "has given 12 h in the past year".
    public var givenMinutesPastYear: Int64 = 0

    public init(offerID: OfferID, supporterID: MemberID, networkID: NetworkID, score: Int, parts: ScoreParts,
                overlapMinutes: Int, longestOverlapMinutes: Int, givenMinutesPastYear: Int64 = 0) {
        self.offerID = offerID
        self.supporterID = supporterID
        self.networkID = networkID
        self.score = score
        self.parts = parts
        self.overlapMinutes = overlapMinutes
        self.longestOverlapMinutes = longestOverlapMinutes
        self.givenMinutesPastYear = givenMinutesPastYear
    }
}

/// An offer that failed exactly one hard filter: what it would have scored, and the filter.
public struct ExcludedOffer: Sendable, Hashable {
    public var offerID: OfferID
    public var supporterID: MemberID
    public var filter: MatchingFilter
    public var score: Int
    public var parts: ScoreParts
}

/// The answer to `MatchingService.suggestions`: best first (score descending, then offer id).
public struct RequestSuggestions: Sendable, Hashable {
    public var requestID: RequestID
    public var suggestions: [OfferSuggestion]
    /// Empty unless an explanation was asked for.
    public var excluded: [ExcludedOffer]
}

/// What became of a proposal: people accept or decline it; nothing is forced. A run made for
/// review holds its proposals `drafted` — seen by the network's coordinators only — until a
/// coordinator drops some (`dropped`) and sends the rest (`open`); one gone stale by then is
/// `skipped`, with its `MatchingSkipReason`. Requesters see only `open`, `accepted` and `declined`.
public enum MatchingProposalStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case open, accepted, declined, drafted, dropped, skipped

    /// The statuses a request's requester ever sees.
    public static let seenByRequesters: [MatchingProposalStatus] = [.open, .accepted, .declined]
}

/// Why a drafted proposal was not sent with its run.
public enum MatchingSkipReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// The request was closed, cancelled or fulfilled since the run.
    case requestNotOpen = "request_not_open"
    /// The offer was paused or withdrawn since the run.
    case offerNotActive = "offer_not_active"
    /// The pair already has an open proposal or an exchange not yet ended.
    case alreadyProposed = "already_proposed"
    /// Another proposal on the request was accepted.
    case requestTaken = "request_taken"
}

/// One pairing a matching run proposes: the request's requester may accept it (which proposes
/// an exchange on the offer) or decline it. Ids and scores only, no private content.
public struct MatchingProposal: Sendable, Hashable {
    public var id: MatchingProposalID
    public var runID: MatchingRunID
    public var networkID: NetworkID
    public var requestID: RequestID
    public var offerID: OfferID
    public var requesterID: MemberID
    public var supporterID: MemberID
    public var score: Int
    public var parts: ScoreParts
    public var status: MatchingProposalStatus
    /// The exchange proposed when the proposal was accepted.
    public var exchangeID: ExchangeID?
    public var decidedAt: Date?
    /// Why it was not sent, when `status` is `skipped`.
    public var skipReason: MatchingSkipReason?

    public init(
        id: MatchingProposalID, runID: MatchingRunID, networkID: NetworkID, requestID: RequestID, offerID: OfferID,
        requesterID: MemberID, supporterID: MemberID, score: Int, parts: ScoreParts,
        status: MatchingProposalStatus = .open, exchangeID: ExchangeID? = nil, decidedAt: Date? = nil,
        skipReason: MatchingSkipReason? = nil
    ) {
        self.id = id
        self.runID = runID
        self.networkID = networkID
        self.requestID = requestID
        self.offerID = offerID
        self.requesterID = requesterID
        self.supporterID = supporterID
        self.score = score
        self.parts = parts
        self.status = status
        self.exchangeID = exchangeID
        self.decidedAt = decidedAt
        self.skipReason = skipReason
    }
}

/// A batch assignment of a network's open requests to its active offers, as stored: the figures
/// of the solve and its proposals (in request id order).
public struct MatchingRun: Sendable, Hashable {
    public var id: MatchingRunID
    public var networkID: NetworkID
    public var createdByID: MemberID
    public var createdAt: Date
    /// Open requests and active offers considered.
    public var requestCount: Int
    public var offerCount: Int
    /// Σ score of the proposals.
    public var totalScore: Int
    /// Σ score − load cost − unmatched penalties: the quantity the solver maximised.
    public var objective: Int
    public var proposals: [MatchingProposal]
    /// When and by whom its proposals were sent to the requesters: at creation unless the run
    /// was made for review; nil while it waits for a coordinator's review.
    public var sentAt: Date?
    public var sentByID: MemberID?

    public init(
        id: MatchingRunID, networkID: NetworkID, createdByID: MemberID, createdAt: Date, requestCount: Int,
        offerCount: Int, totalScore: Int, objective: Int, proposals: [MatchingProposal], sentAt: Date? = nil,
        sentByID: MemberID? = nil
    ) {
        self.id = id
        self.networkID = networkID
        self.createdByID = createdByID
        self.createdAt = createdAt
        self.requestCount = requestCount
        self.offerCount = offerCount
        self.totalScore = totalScore
        self.objective = objective
        self.proposals = proposals
        self.sentAt = sentAt
        self.sentByID = sentByID
    }
}

/// One line of a network's list of matching runs: who made it and when, and how many of its
/// proposals stand in each status.
public struct MatchingRunSummary: Sendable, Hashable {
    public var id: MatchingRunID
    public var networkID: NetworkID
    public var createdByID: MemberID
    public var createdAt: Date
    public var requestCount: Int
    public var offerCount: Int
    public var sentAt: Date?
    public var sentByID: MemberID?
    /// Proposals per status; a status with none is absent.
    public var proposalCounts: [MatchingProposalStatus: Int]

    public init(id: MatchingRunID, networkID: NetworkID, createdByID: MemberID, createdAt: Date, requestCount: Int,
                offerCount: Int, sentAt: Date?, sentByID: MemberID?, proposalCounts: [MatchingProposalStatus: Int]) {
        self.id = id
        self.networkID = networkID
        self.createdByID = createdByID
        self.createdAt = createdAt
        self.requestCount = requestCount
        self.offerCount = offerCount
        self.sentAt = sentAt
        self.sentByID = sentByID
        self.proposalCounts = proposalCounts
    }

    /// Every proposal the run made.
    public var proposalCount: Int { proposalCounts.values.reduce(0, +) }
    /// Proposals that reached their requesters (open, accepted or declined since).
    public var sentCount: Int { MatchingProposalStatus.seenByRequesters.reduce(0) { $0 + (proposalCounts[$1] ?? 0) } }
}

/// Minutes booked on one offer in a stretch of time (proposed, accepted, disputed and completed
/// exchanges scheduled in it).
public struct OfferBooking: Sendable, Hashable {
    public var offerID: OfferID
    public var supporterID: MemberID
    public var minutes: Int64

    public init(offerID: OfferID, supporterID: MemberID, minutes: Int64) {
        self.offerID = offerID
        self.supporterID = supporterID
        self.minutes = minutes
    }
}

/// How an exchange between two members ended, for the matcher's history: `disputed` when either
/// party disputed it (whether or not a coordinator resolved it since), `wentWell` when it was
/// completed without a dispute.
public struct ExchangeOutcome: Sendable, Hashable {
    public var exchangeID: ExchangeID
    public var requesterID: MemberID
    public var supporterID: MemberID
    public var disputed: Bool
    public var wentWell: Bool

    public init(exchangeID: ExchangeID, requesterID: MemberID, supporterID: MemberID, disputed: Bool, wentWell: Bool) {
        self.exchangeID = exchangeID
        self.requesterID = requesterID
        self.supporterID = supporterID
        self.disputed = disputed
        self.wentWell = wentWell
    }
}
