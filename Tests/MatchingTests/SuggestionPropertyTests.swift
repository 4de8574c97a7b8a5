import Foundation
import MatchingBenchmarkSupport
import Testing
@testable import Matching

/// Small random communities for the property tests: few members (so blocked pairs, own
/// organisations and self-offers actually occur), few networks, and reference weeks that
/// contain daylight-saving changes in the generator's zones.
enum SuggestionCommunities {
    static let weeks: [ReferenceWeek] = [
        try! ReferenceWeek(mondayYear: 2026, month: 3, day: 23),   // UK/EU spring forward (29 Mar)
        try! ReferenceWeek(mondayYear: 2026, month: 10, day: 19),  // UK/EU fall back (25 Oct)
        try! ReferenceWeek(mondayYear: 2026, month: 3, day: 30),   // Adelaide ends DST (5 Apr)
        try! ReferenceWeek(mondayYear: 2026, month: 10, day: 26),  // New York, St John's fall back (1 Nov)
        try! ReferenceWeek(mondayYear: 2026, month: 6, day: 15),   // no change anywhere
    ]

    static func community(seed: UInt64) -> (GeneratedCommunity, ReferenceWeek) {
        var random = SplitMix64(seed: seed)
        let shape = CommunityShape(
            offerCount: Int.random(in: 60...260, using: &random),
            requestCount: 30,
            memberCount: Int.random(in: 30...120, using: &random),
            networkCount: Int.random(in: 1...5, using: &random),
            topicCount: 25, organisationsPerNetwork: 5, seed: seed)
        return (CommunityGenerator(shape: shape).generate(), weeks[Int(seed % UInt64(weeks.count))])
    }
}

@Suite struct SuggestionPropertyTests {
    // Proves: on seeded random communities, every suggestion passes every hard filter (checked
    // by the oracle's independent filters and Calendar-based availability), and the top k equal
    // a brute-force scan of all offers — nothing that passes and scores higher than the k-th is
    // missing, scores and their parts agree, the order and tie-break are the same.
    @Test func suggestionsEqualBruteForceScan() throws {
        let iterations = PropertySettings.iterations(default: 60)
        for iteration in 0..<iterations {
            let seed = PropertySettings.baseSeed &+ UInt64(iteration)
            let (community, week) = SuggestionCommunities.community(seed: seed)
            let matcher = OfferMatcher(
                index: try MatchingIndex(offers: community.offers, referenceWeek: week), context: community.context)
            let oracle = SuggestionOracle(offers: community.offers, context: community.context, week: week)
            for (position, request) in community.requests.enumerated() {
                let k = [1, 3, 10][position % 3]
                let answer = matcher.suggestions(for: request, k: k)
                let evaluations = oracle.evaluate(request)
                let byOffer = Dictionary(uniqueKeysWithValues: evaluations.map { ($0.offer.id, $0) })
                for suggestion in answer.suggestions {
                    let evaluation = try #require(byOffer[suggestion.offerID])
                    #expect(evaluation.failures.isEmpty, "seed \(seed) request \(request.id) offer \(suggestion.offerID): \(evaluation.failures)")
                    #expect(suggestion.parts.total == suggestion.score)
                    #expect(suggestion.overlapMinutes == evaluation.overlapMinutes, "seed \(seed) request \(request.id)")
                }
                let expected = SuggestionOracle.ranked(evaluations.filter { $0.failures.isEmpty }).prefix(k)
                let expectedPairs = expected.map { "\($0.offer.id):\($0.score)" }
                let actualPairs = answer.suggestions.map { "\($0.offerID):\($0.score)" }
                #expect(actualPairs == expectedPairs, "seed \(seed) request \(request.id) k \(k)")
                if actualPairs != expectedPairs { return }
            }
        }
    }

    // Proves: explain lists exactly the brute-force set of offers failing exactly one filter,
    // best-scoring first (same tie-break), each with the one filter that excluded it, and its
    // suggestions are the same as without explain.
    // Proves `eligibleOffers` is exactly the set of offers the brute-force oracle finds passing
    // every hard filter, with the oracle's scores, best first — so a batch run built on it is
    // exact over every feasible pairing — and that its first k, read back in full through
    // `suggestion(for:offerPosition:)`, are the top-k suggestions.
    @Test func eligibleOffersAreEveryFeasiblePairing() throws {
        let iterations = max(1, PropertySettings.iterations(default: 60) / 2)
        for iteration in 0..<iterations {
            let seed = PropertySettings.baseSeed &+ 11_000 &+ UInt64(iteration)
            let (community, week) = SuggestionCommunities.community(seed: seed)
            let matcher = OfferMatcher(
                index: try MatchingIndex(offers: community.offers, referenceWeek: week), context: community.context)
            let oracle = SuggestionOracle(offers: community.offers, context: community.context, week: week)
            for request in community.requests {
                let eligible = matcher.eligibleOffers(for: request)
                let expected = SuggestionOracle.ranked(oracle.evaluate(request).filter { $0.failures.isEmpty })
                #expect(eligible.map { "\($0.offerID):\($0.score)" } == expected.map { "\($0.offer.id):\($0.score)" },
                        "seed \(seed) request \(request.id)")
                let top = matcher.suggestions(for: request, k: 10).suggestions
                let parts = eligible.prefix(10).map { matcher.suggestion(for: request, offerPosition: $0.offerPosition) }
                #expect(parts == top, "seed \(seed) request \(request.id)")
            }
        }
    }

    @Test func explainNamesTheOnlyFailingFilter() throws {
        let iterations = max(1, PropertySettings.iterations(default: 60) / 2)
        for iteration in 0..<iterations {
            let seed = PropertySettings.baseSeed &+ 7_000 &+ UInt64(iteration)
            let (community, week) = SuggestionCommunities.community(seed: seed)
            let matcher = OfferMatcher(
                index: try MatchingIndex(offers: community.offers, referenceWeek: week), context: community.context)
            let oracle = SuggestionOracle(offers: community.offers, context: community.context, week: week)
            for request in community.requests {
                let answer = matcher.suggestions(for: request, k: 10, explain: true)
                let plain = matcher.suggestions(for: request, k: 10)
                #expect(answer.suggestions == plain.suggestions, "seed \(seed) request \(request.id)")
                let nearMisses = SuggestionOracle.ranked(oracle.evaluate(request).filter { $0.failures.count == 1 })
                let expected = nearMisses.prefix(10).map { "\($0.offer.id):\($0.failures[0].rawValue):\($0.score)" }
                let actual = answer.nearestExcluded.map { "\($0.offerID):\($0.filter.rawValue):\($0.score)" }
                #expect(actual == expected, "seed \(seed) request \(request.id)")
                if actual != expected { return }
            }
        }
    }

    // Proves: determinism — the same offers in another order (so other index positions and
    // posting-list orders) give identical answers, scores, parts and tie-breaks included.
    @Test func offerOrderDoesNotChangeAnswers() throws {
        for seed in [UInt64(3), 4, 5] {
            let (community, week) = SuggestionCommunities.community(seed: seed)
            var random = SplitMix64(seed: seed)
            let shuffled = community.offers.shuffled(using: &random)
            let first = OfferMatcher(
                index: try MatchingIndex(offers: community.offers, referenceWeek: week), context: community.context)
            let second = OfferMatcher(
                index: try MatchingIndex(offers: shuffled, referenceWeek: week), context: community.context)
            for request in community.requests {
                let left = first.suggestions(for: request, k: 10, explain: true)
                let right = second.suggestions(for: request, k: 10, explain: true)
                #expect(left.suggestions == right.suggestions, "seed \(seed) request \(request.id)")
                #expect(left.nearestExcluded == right.nearestExcluded, "seed \(seed) request \(request.id)")
            }
        }
    }

    // Proves: the generator is deterministic (same shape and seed, same community) and a
    // different seed gives a different one.
    @Test func generatorIsSeeded() {
        let shape = CommunityShape(offerCount: 200, requestCount: 50, seed: 9)
        let first = CommunityGenerator(shape: shape).generate()
        let second = CommunityGenerator(shape: shape).generate()
        var other = shape
        other.seed = 10
        let third = CommunityGenerator(shape: other).generate()
        #expect(first.offers == second.offers)
        #expect(first.requests == second.requests)
        #expect(first.offers != third.offers)
    }
}
