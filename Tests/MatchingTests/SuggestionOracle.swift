import Foundation
@testable import Matching

/// An independent, deliberately plain re-implementation of the suggestion rules, used as the
/// reference in property tests: availability from minute bitmaps built with `Calendar` (not the
/// index's offset segments and interval merging), filters from the raw inputs, scores from the
/// formulas, and a full scan instead of posting lists.
struct SuggestionOracle {
    let offers: [MatchingOffer]
    let context: MatchingContext
    let week: ReferenceWeek
    private var offerMinutes: [MinuteBitmap]

    init(offers: [MatchingOffer], context: MatchingContext, week: ReferenceWeek) {
        self.offers = offers
        self.context = context
        self.week = week
        offerMinutes = offers.map { MinuteBitmap(windows: $0.availability, zone: $0.timeZoneIdentifier, week: week) }
    }

    struct Evaluation {
        let offer: MatchingOffer
        /// Every failing filter when at most one fails; when two or more do, availability may
        /// be left unchecked (the tests only tell "none", "exactly one" and "more" apart).
        let failures: [MatchingFilter]
        let score: Int
        let overlapMinutes: Int
    }

    func evaluate(_ request: MatchingRequest) -> [Evaluation] {
        let requestMinutes = request.preferredWindows.isEmpty
            ? MinuteBitmap.wholeWeek
            : MinuteBitmap(windows: request.preferredWindows, zone: request.timeZoneIdentifier, week: week)
        let facts = RequestFacts(request: request, context: context)
        return offers.indices.map { position in
            let offer = offers[position]
            var failures = failuresExceptAvailability(offer, request, facts)
            guard failures.count < 2 else {
                return Evaluation(offer: offer, failures: failures, score: 0, overlapMinutes: 0)
            }
            let (sharedCount, longestRun) = requestMinutes.shared(with: offerMinutes[position])
            if longestRun < request.durationMinutes {
                failures.append(.availability)
            }
            return Evaluation(
                offer: offer, failures: failures,
                score: score(offer, request, facts, overlapMinutes: sharedCount), overlapMinutes: sharedCount)
        }
    }

    /// Best first: score descending, then offer id ascending.
    static func ranked(_ evaluations: [Evaluation]) -> [Evaluation] {
        evaluations.sorted { $0.score != $1.score ? $0.score > $1.score : $0.offer.id < $1.offer.id }
    }

    /// What the oracle looks up once per request.
    struct RequestFacts {
        let languages: Set<String>
        let topics: Set<String>
        let partners: Set<Int64>
        let blocked: Set<Int64>
        let disputed: Set<Int64>
        let good: [Int64: Int]
        let weights: MatchingWeights

        init(request: MatchingRequest, context: MatchingContext) {
            languages = Set(request.languages)
            topics = Set(request.topics)
            partners = context.partnerNetworkIDs[request.networkID] ?? []
            blocked = context.blockedMembers(of: request.requesterID)
            disputed = context.disputedMembers(of: request.requesterID)
            good = context.goodExchangeCounts(of: request.requesterID)
            weights = context.weightsByNetwork[request.networkID] ?? context.defaultWeights
        }
    }

    func failuresExceptAvailability(
        _ offer: MatchingOffer, _ request: MatchingRequest, _ facts: RequestFacts
    ) -> [MatchingFilter] {
        var failed: [MatchingFilter] = []
        if offer.remainingCapacityMinutes < request.durationMinutes { failed.append(.capacity) }
        if offer.supporterID == request.requesterID { failed.append(.isSelf) }
        if request.excludedMemberIDs.contains(offer.supporterID) { failed.append(.excludedMember) }
        if request.excludeOwnOrganisation && offer.supporterOrganisationID == request.requesterOrganisationID {
            failed.append(.ownOrganisation)
        }
        if !offer.kinds.contains(request.kind) { failed.append(.kind) }
        if !offer.languages.contains(where: facts.languages.contains) { failed.append(.language) }
        let modeOK = offer.modes.contains(request.mode)
            && (request.mode != .inPerson || (offer.area != nil && offer.area == request.area))
        if !modeOK { failed.append(.mode) }
        let visible = offer.networkID == request.networkID
            || (offer.visibility == .partners && facts.partners.contains(offer.networkID))
        if !visible { failed.append(.visibility) }
        if facts.blocked.contains(offer.supporterID) { failed.append(.blockedPair) }
        if facts.disputed.contains(offer.supporterID) { failed.append(.disputedPair) }
        return failed
    }

    func score(_ offer: MatchingOffer, _ request: MatchingRequest, _ facts: RequestFacts, overlapMinutes: Int) -> Int {
        let weights = facts.weights
        let scales = context.scales
        let requested = facts.topics
        let topic = requested.isEmpty ? 0 : Set(offer.topics).intersection(requested).count * 1000 / requested.count
        let saturation = request.durationMinutes * scales.availabilitySaturationSessions
        let availability = min(overlapMinutes, saturation) * 1000 / saturation
        let profession = request.preferredProfessions.contains(offer.supporterProfession) ? 1000 : 0
        let stage = request.preferredCareerStages.contains(offer.supporterCareerStage) ? 1000 : 0
        let good = facts.good[offer.supporterID] ?? 0
        let history = min(good, scales.historySaturationCount) * 1000 / scales.historySaturationCount
        let load = 1000 - min(offer.supporterLoadMinutesThisMonth, scales.loadSaturationMinutes) * 1000
            / scales.loadSaturationMinutes
        let balanceClamped = Int(min(max(offer.supporterBalanceMinutes, 0), Int64(scales.balanceSaturationMinutes)))
        let balance = 1000 - balanceClamped * 1000 / scales.balanceSaturationMinutes
        var imbalance = 0
        if offer.networkID != request.networkID {
            let owed = Int(context.netMinutesGiven(by: request.networkID, to: offer.networkID))
            let limit = scales.imbalanceSaturationMinutes
            imbalance = min(max(owed, -limit), limit) * 1000 / limit
        }
        return weights.topicOverlap * topic + weights.availabilityOverlap * availability
            + weights.professionPreference * profession + weights.careerStagePreference * stage
            + weights.history * history + weights.loadFairness * load
            + weights.balanceFairness * balance + weights.imbalanceReduction * imbalance
    }
}
