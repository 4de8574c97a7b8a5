import Matching

/// Turns suggestions into a batch-assignment instance: each request's top `edgesPerRequest`
/// suggestions become its edges, every offer takes `capacityPerOffer` requests. Scores are
/// shifted so the lowest edge scores 1 (the format wants 1…MAXS) and divided by
/// `scoreDivisor` (rounding down, so a coarser scale such as 1…1000 can be asked for). The same
/// shift for every edge keeps each request's order, though not the trade-off against leaving a
/// request unmatched, which the format does not model.
public enum SuggestionAssignmentInstance {
    public static func build(
        matcher: OfferMatcher, requests: [MatchingRequest], capacityPerOffer: Int, edgesPerRequest: Int,
        scoreDivisor: Int = 1
    ) throws(AssignmentInstanceError) -> AssignmentInstance {
        precondition(scoreDivisor >= 1, "score divisor must be positive")
        var offerPositions: [Int64: Int] = [:]
        for (position, offer) in matcher.index.offers.enumerated() { offerPositions[offer.offerID] = position }
        var raw: [(request: Int, offer: Int, score: Int)] = []
        raw.reserveCapacity(requests.count * edgesPerRequest)
        for (requestPosition, request) in requests.enumerated() {
            let answer = matcher.suggestions(for: request, k: edgesPerRequest)
            for suggestion in answer.suggestions {
                raw.append((requestPosition, offerPositions[suggestion.offerID]!, suggestion.score))
            }
        }
        let lowest = raw.map(\.score).min() ?? 0
        let edges = raw.map {
            AssignmentEdge(request: $0.request, offer: $0.offer, score: ($0.score - lowest) / scoreDivisor + 1)
        }
        let scoreMax = edges.map(\.score).max() ?? 1
        return try AssignmentInstance(
            requestCount: requests.count, offerCount: matcher.index.offerCount,
            capacityPerOffer: capacityPerOffer, scoreMax: scoreMax, edges: edges)
    }
}
