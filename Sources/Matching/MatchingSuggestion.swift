/// One offer proposed for a request: its score, the parts of the score, and the availability
/// figures behind the availability part.
public struct MatchingSuggestion: Sendable, Hashable {
    public let offerID: Int64
    public let supporterID: Int64
    public let networkID: Int64
    public let score: Int
    public let parts: ScoreParts
    /// Shared minutes in the reference week, and the longest unbroken shared stretch.
    public let overlapMinutes: Int
    public let longestOverlapMinutes: Int
}

/// A candidate that failed exactly one hard filter, with what it would have scored.
public struct ExcludedCandidate: Sendable, Hashable {
    public let offerID: Int64
    public let supporterID: Int64
    public let filter: MatchingFilter
    public let score: Int
    public let parts: ScoreParts
}

/// The answer to one request: the top suggestions, best first (score descending, then offer
/// id ascending), and with `explain` the nearest excluded candidates in the same order.
public struct MatchingSuggestions: Sendable, Hashable {
    public let requestID: Int64
    public let suggestions: [MatchingSuggestion]
    /// Empty unless `explain` was asked for.
    public let nearestExcluded: [ExcludedCandidate]
    /// Offers the index handed to the filters (a measure of the index's selectivity).
    public let candidatesExamined: Int
}

/// An offer passing every hard filter for a request, as a batch run keeps it: where it is in
/// the index (the order the offers were given in), its ids and its score. The parts are
/// `OfferMatcher.suggestion(for:offerPosition:)`'s to compute, for the pairings a run picks.
public struct EligibleOffer: Sendable, Hashable {
    public let offerPosition: Int
    public let offerID: Int64
    public let networkID: Int64
    public let score: Int
}
