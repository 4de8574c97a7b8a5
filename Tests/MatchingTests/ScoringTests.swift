import Testing
@testable import Matching

@Suite struct ScoringTests {
    // Proves: the parts are weight × per-mille part, for the standard weights: full topic
    // overlap, availability saturating at four sessions, preferences, history, fairness.
    @Test func partsFollowTheFormulas() throws {
        let offer = try Scenario.offer(topics: ["burnout", "sleep"], profession: "gp", stage: .senior, load: 300, balance: 150)
        let request = try Scenario.request(topics: ["burnout", "rota"], professions: ["gp"], stages: [.early])
        let context = MatchingContext(goodExchangeCounts: [MemberPair(Scenario.requesterID, Scenario.supporterID): 2])
        let suggestion = try #require(try Scenario.matcher([offer], context: context).suggestions(for: request).suggestions.first)
        let parts = suggestion.parts
        #expect(parts.topicOverlap == 40 * 500)
        #expect(parts.availabilityOverlap == 15 * (180 * 1000 / 240))
        #expect(parts.professionPreference == 10 * 1000)
        #expect(parts.careerStagePreference == 0)
        #expect(parts.history == 10 * 666)
        #expect(parts.loadFairness == 10 * 500)
        #expect(parts.balanceFairness == 5 * 750)
        #expect(parts.imbalanceReduction == 0)
        #expect(suggestion.score == parts.total)
    }

    // Proves: fairness — with everything else equal, the supporter with less load this month
    // ranks first, and so does the one with the lower balance.
    @Test func fairnessFavoursLowLoadAndLowBalance() throws {
        let busy = try Scenario.offer(id: 1, supporterID: 11, load: 600)
        let free = try Scenario.offer(id: 2, supporterID: 12, load: 0)
        let rich = try Scenario.offer(id: 3, supporterID: 13, load: 600, balance: 600)
        let answer = try Scenario.matcher([busy, free, rich]).suggestions(for: try Scenario.request())
        #expect(answer.suggestions.map(\.offerID) == [2, 1, 3])
    }

    // Proves: cross-network flows that reduce a pair's imbalance score positively, those that
    // widen it negatively, and the own network is neutral.
    @Test func imbalanceReductionHasTheRightSign() throws {
        let owing = try Scenario.offer(id: 1, supporterID: 11, networkID: 20, visibility: .partners)
        let owed = try Scenario.offer(id: 2, supporterID: 12, networkID: 30, visibility: .partners)
        let own = try Scenario.offer(id: 3, supporterID: 13, networkID: 10)
        let context = MatchingContext(
            partnerNetworkIDs: [10: [20, 30]],
            netMinutesGiven: [
                NetworkFlowPair(source: 10, target: 20): 300,  // network 10 gave 20 more: 20 serving 10 evens it
                NetworkFlowPair(source: 30, target: 10): 900,  // 30 already gave 10 more: widening
            ])
        let answer = try Scenario.matcher([owing, owed, own], context: context).suggestions(for: try Scenario.request())
        let byOffer = Dictionary(uniqueKeysWithValues: answer.suggestions.map { ($0.offerID, $0.parts.imbalanceReduction) })
        #expect(byOffer[1] == 5 * 500)
        #expect(byOffer[2] == 5 * -1000)
        #expect(byOffer[3] == 0)
    }

    // Proves: weights are per network — a network that gives topics no weight ignores them,
    // another network keeps the defaults.
    @Test func weightsArePerNetwork() throws {
        let offer = try Scenario.offer(networkID: 10)
        let noTopics = try MatchingWeights(topicOverlap: 0)
        let context = MatchingContext(weightsByNetwork: [10: noTopics])
        let answer = try Scenario.matcher([offer], context: context).suggestions(for: try Scenario.request())
        #expect(answer.suggestions.first?.parts.topicOverlap == 0)
        let otherOffer = try Scenario.offer(networkID: 11)
        let other = try Scenario.matcher([otherOffer], context: context).suggestions(for: try Scenario.request(networkID: 11))
        #expect(other.suggestions.first?.parts.topicOverlap == 40_000)
        #expect(throws: MatchingInputError.weightOutOfRange(name: "history", value: -1)) {
            try MatchingWeights(history: -1)
        }
    }

    // Proves: the tie-break is deterministic — equal scores are ordered by offer id, and with
    // k = 1 the lower id wins whatever the input order.
    @Test func tiesGoToTheLowerOfferID() throws {
        let offers = try [7, 3, 5].map { try Scenario.offer(id: Int64($0), supporterID: Int64(20 + $0)) }
        let matcher = try Scenario.matcher(offers)
        #expect(matcher.suggestions(for: try Scenario.request()).suggestions.map(\.offerID) == [3, 5, 7])
        #expect(matcher.suggestions(for: try Scenario.request(), k: 1).suggestions.map(\.offerID) == [3])
    }
}

@Suite struct PruningTests {
    /// Weights where one non-topic factor dwarfs the topic weight.
    static func weights(_ factor: String) throws -> MatchingWeights {
        try MatchingWeights(
            topicOverlap: 10, availabilityOverlap: 0,
            professionPreference: factor == "profession" ? 100 : 0, careerStagePreference: factor == "careerStage" ? 100 : 0,
            history: factor == "history" ? 100 : 0, loadFairness: 0, balanceFairness: 0,
            imbalanceReduction: factor == "imbalance" ? 100 : 0)
    }

    // Proves: the two-pass search (topic-sharing offers first, then the rest only if they could
    // still reach the k-th score) never drops an offer without a shared topic whose other
    // factors outweigh the topic: with k = 1 it is found, for each such factor.
    @Test(arguments: ["history", "profession", "careerStage", "imbalance"])
    func offerWithoutSharedTopicCanStillWin(_ factor: String) throws {
        let topical = try Scenario.offer(id: 1, supporterID: 11, networkID: 10, topics: ["burnout"], profession: "nurse", stage: .mid)
        let other = try Scenario.offer(
            id: 2, supporterID: 12, networkID: factor == "imbalance" ? 20 : 10, topics: ["sleep"],
            visibility: .partners, profession: "gp", stage: .senior)
        let context = MatchingContext(
            partnerNetworkIDs: [10: [20]],
            goodExchangeCounts: [MemberPair(Scenario.requesterID, 12): 3],
            netMinutesGiven: [NetworkFlowPair(source: 10, target: 20): 600],
            weightsByNetwork: [10: try Self.weights(factor)])
        let request = try Scenario.request(topics: ["burnout"], professions: ["gp"], stages: [.senior])
        let answer = try Scenario.matcher([topical, other], context: context).suggestions(for: request, k: 1)
        #expect(answer.suggestions.map(\.offerID) == [2])
        #expect(answer.suggestions.first?.score == 100_000)
    }
}
