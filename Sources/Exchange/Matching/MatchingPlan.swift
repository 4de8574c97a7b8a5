import Foundation
import Matching

/// The batch assignment of a matching run, pure: every request's candidates from the matcher
/// become edges of a `GeneralAssignmentProblem`, which `GeneralAssignmentSolver` solves exactly
/// (maximum Σ score − load cost − unmatched penalties). Same input, same output. `package`
/// so that `peerhours-bench matching-batch` times this very path.
///
/// - Capacity: an offer takes as many sessions as its remaining minutes this month hold of its
///   longest candidate request, so the minutes are respected whatever the durations.
/// - Load: each further session on one offer costs `loadStepScore` more than the one before,
///   which spreads requests over supporters when scores are close.
/// - Unmatched: leaving a request unmatched costs its urgency's penalty.
/// - Edges: every pairing that passes every hard filter (`OfferMatcher.eligibleOffers`), so the
///   optimum is over all feasible pairings, not over a shortlist. They are found on all cores
///   (`BatchCandidates`), in request order.
package struct MatchingPlan: Sendable {
    package static let loadStepScore = 1_000

    package struct Pairing: Sendable, Hashable {
        package var requestPosition: Int
        package var offerPosition: Int
        package var suggestion: MatchingSuggestion
    }

    package let pairings: [Pairing]
    package let totalScore: Int
    package let objective: Int

    package static func unmatchedPenalty(_ urgency: Urgency) -> Int {
        switch urgency {
        case .low: 0
        case .normal: 5_000
        case .high: 10_000
        }
    }

    /// - Precondition: `offers` are the matcher's index's offers, in its order.
    /// - Parameters:
    ///   - allowed: whether a pairing the matcher accepts is also allowed (e.g. the agreement
    ///     with the offer's network covers the request's kind). It is given the matcher's
    ///     `EligibleOffer` (ids and position), which is cheap to pass for every feasible pairing.
    ///     It is called from several threads at once.
    ///   - quotas: for an offer network, how many pairings with its offers the run may make at
    ///     most (a partner's monthly session quota); networks not named are unbounded.
    package static func solve(matcher: OfferMatcher, offers: [MatchingOffer], requests: [MatchingRequest],
                      urgencies: [Urgency], allowed: @escaping @Sendable (MatchingRequest, EligibleOffer) -> Bool = { _, _ in true },
                      quotas: [Int64: Int] = [:]) throws -> MatchingPlan {
        precondition(requests.count == urgencies.count && offers.count == matcher.index.offerCount)
        let quotaNetworks = quotas.keys.sorted()
        let quotaGroup = Dictionary(uniqueKeysWithValues: quotaNetworks.enumerated().map { ($0.element, $0.offset) })
        var edges: [GeneralEdge] = []
        var longestRequestMinutes = [Int](repeating: 0, count: offers.count)
        let lists = offers.isEmpty
            ? [] : BatchCandidates.lists(matcher: matcher, requests: requests, allowed: allowed)
        for (requestPosition, list) in lists.enumerated() {
            let request = requests[requestPosition]
            for eligible in list {
                assert(offers[eligible.offerPosition].id == eligible.offerID, "offers are the index's, in its order")
                edges.append(GeneralEdge(request: requestPosition, offer: eligible.offerPosition, score: eligible.score,
                                         quotaGroup: quotaGroup[eligible.networkID]))
                longestRequestMinutes[eligible.offerPosition] = max(
                    longestRequestMinutes[eligible.offerPosition], request.durationMinutes)
            }
        }
        let costs = offers.indices.map { position in
            let longest = longestRequestMinutes[position]
            let sessions = longest == 0 ? 0 : offers[position].remainingCapacityMinutes / longest
            return GeneralAssignmentProblem.risingMarginalCosts(capacity: sessions, first: 0, step: loadStepScore)
        }
        let problem = try GeneralAssignmentProblem(
            unmatchedPenalties: urgencies.map(unmatchedPenalty), offerMarginalCosts: costs, edges: edges,
            quotaCapacities: quotaNetworks.map { quotas[$0]! })
        let result = try GeneralAssignmentSolver().solve(problem)
        var pairings: [Pairing] = []
        for (requestPosition, edgeIndex) in result.edgeIndexForRequest.enumerated() {
            guard let edgeIndex else { continue }
            let offerPosition = edges[edgeIndex].offer
            guard let suggestion = matcher.suggestion(for: requests[requestPosition], offerPosition: offerPosition) else {
                preconditionFailure("a pairing the matcher found eligible is eligible again")
            }
            pairings.append(Pairing(requestPosition: requestPosition, offerPosition: offerPosition, suggestion: suggestion))
        }
        return MatchingPlan(pairings: pairings, totalScore: result.totalScore, objective: result.objective)
    }
}
