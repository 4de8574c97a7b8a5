/// The scored factors of one (request, offer) pair. Every part is an integer per mille,
/// computed with integer arithmetic only, so equal inputs give equal scores everywhere.
extension PreparedRequest {
    func scoreParts(_ offer: PreparedOffer, overlapMinutes: Int) -> ScoreParts {
        ScoreParts(
            topicOverlap: weights.topicOverlap * topicPart(offer),
            availabilityOverlap: weights.availabilityOverlap * availabilityPart(overlapMinutes),
            professionPreference: weights.professionPreference
                * (prefersProfession[Int(offer.professionID)] ? 1000 : 0),
            careerStagePreference: weights.careerStagePreference
                * (careerStageBits & offer.careerStageBit != 0 ? 1000 : 0),
            history: weights.history * historyPart(offer),
            loadFairness: weights.loadFairness * loadPart(offer),
            balanceFairness: weights.balanceFairness * balancePart(offer),
            imbalanceReduction: weights.imbalanceReduction * networkImbalancePart[Int(offer.networkPosition)])
    }

    /// The highest score the offer could reach, whatever its availability: every part but
    /// availability exact, availability at its maximum. Lets the search skip the overlap
    /// computation for an offer that could not enter the top list anyway.
    func scoreUpperBound(_ offer: PreparedOffer) -> Int {
        scoreParts(offer, overlapMinutes: 0).total + weights.availabilityOverlap * 1000
    }

    /// The highest score any visible offer sharing no topic with the request could reach.
    func scoreUpperBoundWithoutTopic() -> Int {
        let imbalanceMax = networkImbalancePart.indices
            .filter { networkVisibility[$0] > 0 }
            .map { networkImbalancePart[$0] }.max() ?? 0
        return weights.availabilityOverlap * 1000
            + weights.professionPreference * (prefersProfession.contains(true) ? 1000 : 0)
            + weights.careerStagePreference * (careerStageBits != 0 ? 1000 : 0)
            + weights.history * historyPartMax
            + weights.loadFairness * 1000 + weights.balanceFairness * 1000
            + weights.imbalanceReduction * imbalanceMax
    }

    /// The highest score an offer sharing no topic with the request could reach, from its
    /// bound facts alone: history and availability at the most they could be.
    func scoreUpperBoundWithoutTopic(_ facts: OfferBoundFacts) -> Int {
        weights.availabilityOverlap * 1000
            + weights.professionPreference * (prefersProfession[Int(facts.professionID)] ? 1000 : 0)
            + weights.careerStagePreference * (careerStageBits & facts.careerStageBit != 0 ? 1000 : 0)
            + weights.history * historyPartMax
            + weights.loadFairness * Int(facts.loadPart) + weights.balanceFairness * Int(facts.balancePart)
            + weights.imbalanceReduction * networkImbalancePart[Int(facts.networkPosition)]
    }

    /// The history part of the requester's best pair (0 without history).
    var historyPartMax: Int {
        guard !goodExchanges.isEmpty else { return 0 }
        let best = goodExchanges.values.max() ?? 0
        return min(best, scales.historySaturationCount) * 1000 / scales.historySaturationCount
    }

    /// Share of the request's topics the offer covers; 0 when the request names none.
    func topicPart(_ offer: PreparedOffer) -> Int {
        guard requestedTopicCount > 0 else { return 0 }
        return topicPartByShared[Self.sharedCount(pools.topics[offer.topics.range], topicIDs)]
    }

    /// Shared time, saturating at a few sessions' worth: more room means easier scheduling.
    func availabilityPart(_ overlapMinutes: Int) -> Int {
        let saturation = request.durationMinutes * scales.availabilitySaturationSessions
        return min(overlapMinutes, saturation) * 1000 / saturation
    }

    func historyPart(_ offer: PreparedOffer) -> Int {
        guard !goodExchanges.isEmpty, let count = goodExchanges[offer.supporterID] else { return 0 }
        return min(count, scales.historySaturationCount) * 1000 / scales.historySaturationCount
    }

    func loadPart(_ offer: PreparedOffer) -> Int { Int(offerParts.facts[Int(offer.position)].loadPart) }

    func balancePart(_ offer: PreparedOffer) -> Int { Int(offerParts.facts[Int(offer.position)].balancePart) }

    /// Positive when a supporter in network `to` serving a requester in `from` brings the pair
    /// back towards even (`from` has given more than it received), negative when it widens
    /// the gap; zero within one network.
    static func imbalancePart(context: MatchingContext, scales: MatchingScales, from: Int64, to: Int64) -> Int {
        guard from != to else { return 0 }
        let owed = context.netMinutesGiven(by: from, to: to)
        let saturation = Int64(scales.imbalanceSaturationMinutes)
        let clamped = min(max(owed, -saturation), saturation)
        return Int(clamped * 1000 / saturation)
    }
}
