/// Ranked suggestions for one request at a time: candidates from the index's posting lists,
/// the hard filters, then the weighted score; the top `k` by score, ties to the lower offer id.
public struct OfferMatcher: Sendable {
    public let index: MatchingIndex
    public let context: MatchingContext
    /// The largest `k` (the API's page size limit).
    public static let suggestionCountMax = 100

    let offerParts: OfferStaticParts

    public init(index: MatchingIndex, context: MatchingContext) {
        self.index = index
        self.context = context
        offerParts = OfferStaticParts(index: index, scales: context.scales)
    }

    /// The top `k` offers for `request`, each with its score and parts. With `explain`, also
    /// up to `k` nearest excluded candidates — offers that fail exactly one hard filter — best
    /// scoring first, each with the filter that excluded it.
    /// - Precondition: `k` in `1...suggestionCountMax` (the caller validates its input).
    public func suggestions(for request: MatchingRequest, k: Int = 10, explain: Bool = false) -> MatchingSuggestions {
        precondition((1...Self.suggestionCountMax).contains(k), "k out of range: \(k)")
        let prepared = PreparedRequest(request, index: index, context: context, offerParts: offerParts)
        return explain ? explained(prepared, k: k) : plain(prepared, k: k)
    }

    /// Every offer that passes every hard filter for `request`, with its score, best first (ties
    /// to the lower offer id): what a batch run needs to be exact over all feasible pairings,
    /// where a top-k list could leave out the pairing a capacity-bound optimum needs. Reads the
    /// (network, kind, language) candidates only, as `suggestions` does. Compact on purpose: a
    /// batch run keeps one per pairing (hundreds of thousands), and asks `suggestion(for:offerPosition:)`
    /// for the parts of the few it picks.
    public func eligibleOffers(for request: MatchingRequest) -> [EligibleOffer] {
        let prepared = PreparedRequest(request, index: index, context: context, offerParts: offerParts)
        var eligible: [EligibleOffer] = []
        let facts = offerParts.facts
        forEachCandidate(prepared) { position in
            // The small record first: most candidates that fail, fail on capacity, mode or visibility.
            guard !prepared.failsQuickly(facts[Int(position)]) else { return }
            let offer = index.offers[Int(position)]
            let verdict = prepared.verdict(offer, failureLimit: 1)
            guard verdict.failureCount == 0 else { return }
            eligible.append(EligibleOffer(
                offerPosition: Int(position), offerID: offer.offerID, networkID: offer.networkID,
                score: prepared.scoreParts(offer, overlapMinutes: verdict.overlapMinutes).total))
        }
        eligible.sort { ($0.score, -$0.offerID) > ($1.score, -$1.offerID) }
        return eligible
    }

    /// The suggestion `eligibleOffers` scored for the offer at `offerPosition` (its score, parts
    /// and overlaps), or nil when that offer does not pass every hard filter for `request`.
    /// - Precondition: `offerPosition` in `0..<index.offerCount`.
    public func suggestion(for request: MatchingRequest, offerPosition: Int) -> MatchingSuggestion? {
        precondition(index.offers.indices.contains(offerPosition), "offer position out of range: \(offerPosition)")
        let prepared = PreparedRequest(request, index: index, context: context, offerParts: offerParts)
        let offer = index.offers[offerPosition]
        let verdict = prepared.verdict(offer, failureLimit: 1)
        guard verdict.failureCount == 0 else { return nil }
        return Self.suggestion(offer, verdict: verdict, prepared: prepared)
    }

    /// Two passes over the candidates. First the offers sharing a topic with the request, read
    /// from the topic postings, which also count how many topics each shares — so its topic
    /// part is known without reading it — visited most shared topics first: they tend to score
    /// highest, so the k-th score rises early. Then the rest of the (network, kind, language)
    /// candidates, which share no topic. Each candidate is first checked on the cheapest filters
    /// and bounded from its small record; only one that could still enter the list is read in
    /// full and filtered. A whole level (or
    /// the second pass) is skipped once even its best possible score cannot reach the k-th.
    private func plain(_ prepared: PreparedRequest, k: Int) -> MatchingSuggestions {
        var top = TopList<MatchingSuggestion>(capacity: k)
        var examined = 0
        func evaluate(_ position: Int32) {
            let offer = index.offers[Int(position)]
            guard top.admits(score: prepared.scoreUpperBound(offer), offerID: offer.offerID) else { return }
            let verdict = prepared.verdict(offer, failureLimit: 1)
            guard verdict.failureCount == 0 else { return }
            let suggestion = Self.suggestion(offer, verdict: verdict, prepared: prepared)
            top.insert(score: suggestion.score, offerID: offer.offerID, entry: suggestion)
        }
        let facts = offerParts.facts
        let (sharedCounts, touched) = sharedTopicCounts(prepared)
        let withoutTopic = prepared.scoreUpperBoundWithoutTopic()
        for shared in stride(from: prepared.topicIDs.count, through: 1, by: -1) {
            let topicContribution = prepared.weights.topicOverlap * prepared.topicPartByShared[shared]
            guard top.admits(score: withoutTopic + topicContribution, offerID: Int64.min) else { break }
            for position in touched where Int(sharedCounts[Int(position)]) == shared {
                examined += 1
                let record = facts[Int(position)]
                guard !prepared.failsQuickly(record) else { continue }
                let bound = prepared.scoreUpperBoundWithoutTopic(record) + topicContribution
                if top.admits(score: bound, offerID: Int64.min) { evaluate(position) }
            }
        }
        if top.admits(score: withoutTopic, offerID: Int64.min) {
            forEachCandidate(prepared) { position in
                guard sharedCounts[Int(position)] == 0 else { return }  // seen in the first pass
                examined += 1
                let record = facts[Int(position)]
                guard !prepared.failsQuickly(record) else { return }
                let bound = prepared.scoreUpperBoundWithoutTopic(record)
                if top.admits(score: bound, offerID: Int64.min) { evaluate(position) }
            }
        }
        return MatchingSuggestions(
            requestID: prepared.request.id, suggestions: top.entries.map(\.entry),
            nearestExcluded: [], candidatesExamined: examined)
    }

    /// For every offer of a visible network with the request's kind: how many of the request's
    /// topics it carries (by offer position; 0 for most), and the positions with at least one.
    private func sharedTopicCounts(_ prepared: PreparedRequest) -> (counts: [UInt8], touched: [Int32]) {
        var counts = [UInt8](repeating: 0, count: index.offerCount)
        var touched: [Int32] = []
        guard let kind = prepared.kindID else { return (counts, touched) }
        for network in prepared.visibleNetworkIDs {
            for topic in prepared.topicIDs {
                for position in index.topicPosting(network: network, kind: kind, topic: topic) {
                    if counts[Int(position)] == 0 { touched.append(position) }
                    // An offer is in one network and lists a topic once: at most 10 per offer.
                    counts[Int(position)] += 1
                }
            }
        }
        return (counts, touched)
    }

    private func explained(_ prepared: PreparedRequest, k: Int) -> MatchingSuggestions {
        var top = TopList<MatchingSuggestion>(capacity: k)
        var excluded = TopList<ExcludedCandidate>(capacity: k)
        let candidates = explainCandidates(prepared)
        for position in candidates {
            let offer = index.offers[Int(position)]
            let verdict = prepared.verdict(offer, failureLimit: 2)
            if verdict.failureCount == 0 {
                let suggestion = Self.suggestion(offer, verdict: verdict, prepared: prepared)
                top.insert(score: suggestion.score, offerID: offer.offerID, entry: suggestion)
            } else if verdict.failureCount == 1, let filter = verdict.firstFailure {
                let parts = prepared.scoreParts(offer, overlapMinutes: verdict.overlapMinutes)
                let candidate = ExcludedCandidate(
                    offerID: offer.offerID, supporterID: offer.supporterID, filter: filter,
                    score: parts.total, parts: parts)
                excluded.insert(score: candidate.score, offerID: offer.offerID, entry: candidate)
            }
        }
        return MatchingSuggestions(
            requestID: prepared.request.id, suggestions: top.entries.map(\.entry),
            nearestExcluded: excluded.entries.map(\.entry), candidatesExamined: candidates.count)
    }

    private static func suggestion(
        _ offer: PreparedOffer, verdict: PreparedRequest.Verdict, prepared: PreparedRequest
    ) -> MatchingSuggestion {
        let parts = prepared.scoreParts(offer, overlapMinutes: verdict.overlapMinutes)
        return MatchingSuggestion(
            offerID: offer.offerID, supporterID: offer.supporterID, networkID: offer.networkID,
            score: parts.total, parts: parts, overlapMinutes: verdict.overlapMinutes,
            longestOverlapMinutes: verdict.longestOverlapMinutes)
    }

    /// Offers of a visible network that include the kind and share a language: the only ones
    /// that can pass kind, language and visibility. Each visited once.
    private func forEachCandidate(_ prepared: PreparedRequest, _ body: (Int32) -> Void) {
        guard let kind = prepared.kindID else { return }
        if prepared.languageIDs.count == 1 {
            // A network's lists are disjoint from every other network's: no repeats possible.
            for network in prepared.visibleNetworkIDs {
                for position in index.posting(network: network, kind: kind, language: prepared.languageIDs[0]) {
                    body(position)
                }
            }
            return
        }
        var positions: [Int32] = []
        for network in prepared.visibleNetworkIDs {
            for language in prepared.languageIDs {
                positions += index.posting(network: network, kind: kind, language: language)
            }
        }
        for position in Self.sortedUnique(positions) { body(position) }
    }

    /// Every offer that passes at least two of kind, language and visibility: a superset of
    /// those failing at most one filter, so the near misses are found without a full scan.
    private func explainCandidates(_ prepared: PreparedRequest) -> [Int32] {
        var positions: [Int32] = []
        let any = PostingKey.any
        for network in prepared.visibleNetworkIDs {
            for language in prepared.languageIDs {
                positions += index.posting(network: network, kind: any, language: language)
            }
            if let kind = prepared.kindID {
                positions += index.posting(network: network, kind: kind, language: any)
            }
        }
        if let kind = prepared.kindID {
            for language in prepared.languageIDs {
                positions += index.posting(network: nil, kind: kind, language: language)
            }
        }
        return Self.sortedUnique(positions)
    }

    private static func sortedUnique(_ positions: [Int32]) -> [Int32] {
        var sorted = positions.sorted()
        var write = 0
        for read in sorted.indices where read == 0 || sorted[read] != sorted[read - 1] {
            sorted[write] = sorted[read]
            write += 1
        }
        sorted.removeLast(sorted.count - write)
        return sorted
    }
}
