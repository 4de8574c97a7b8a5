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

/// What became of a proposal: people accept or decline it; nothing is forced.
public enum MatchingProposalStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case open, accepted, declined
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

    public init(
        id: MatchingProposalID, runID: MatchingRunID, networkID: NetworkID, requestID: RequestID, offerID: OfferID,
        requesterID: MemberID, supporterID: MemberID, score: Int, parts: ScoreParts,
        status: MatchingProposalStatus = .open, exchangeID: ExchangeID? = nil, decidedAt: Date? = nil
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

    public init(
        id: MatchingRunID, networkID: NetworkID, createdByID: MemberID, createdAt: Date, requestCount: Int,
        offerCount: Int, totalScore: Int, objective: Int, proposals: [MatchingProposal]
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
    }
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
