/// A request resolved against one index and context: ids interned (a string no offer uses
/// becomes nil and matches nothing), preferred windows placed on the reference week, the
/// requester's relationships fetched once, and per-network tables (visibility, imbalance part)
/// so the per-offer work is array reads. Holds the hard filters; scoring is in an extension.
struct PreparedRequest {
    let request: MatchingRequest
    let pools: OfferPools
    let kindID: Int32?
    /// Sorted, without repeats; only languages some offer uses.
    let languageIDs: [Int32]
    let topicIDs: [Int32]
    /// Distinct topics the request names, known to the index or not.
    let requestedTopicCount: Int
    /// The topic part (per mille) for 0, 1, 2 … shared topics.
    let topicPartByShared: [Int]
    let offerParts: OfferStaticParts
    let modeBit: UInt8
    let areaID: Int32?
    let organisationID: Int32?
    /// Indexed by profession id: whether the requester prefers it.
    let prefersProfession: [Bool]
    let careerStageBits: UInt8
    let intervals: WeekIntervals
    let blocked: Set<Int64>
    let disputed: Set<Int64>
    let goodExchanges: [Int64: Int]
    let weights: MatchingWeights
    let scales: MatchingScales
    /// Indexed by network position: 2 = the request's own network (every offer visible),
    /// 1 = a partner (offers visible to partners), 0 = not visible.
    let networkVisibility: [UInt8]
    /// Indexed by network position: the imbalance part (per mille) for a supporter there.
    let networkImbalancePart: [Int]
    /// The request's network first, then its partners ascending.
    let visibleNetworkIDs: [Int64]

    init(
        _ request: MatchingRequest, index: MatchingIndex, context: MatchingContext, offerParts: OfferStaticParts
    ) {
        let vocabularies = index.vocabularies
        self.request = request
        pools = index.pools
        kindID = vocabularies.kinds.lookup(request.kind)
        languageIDs = Array(Set(request.languages.compactMap { vocabularies.languages.lookup($0) })).sorted()
        topicIDs = Array(Set(request.topics.compactMap { vocabularies.topics.lookup($0) })).sorted()
        requestedTopicCount = Set(request.topics).count
        topicPartByShared = (0...topicIDs.count).map { [requestedTopicCount] shared in
            requestedTopicCount == 0 ? 0 : shared * 1000 / requestedTopicCount
        }
        self.offerParts = offerParts
        modeBit = request.mode.bit
        areaID = request.area.flatMap { vocabularies.areas.lookup($0) }
        organisationID = vocabularies.organisations.lookup(request.requesterOrganisationID)
        var prefers = [Bool](repeating: false, count: vocabularies.professions.identifiers.count)
        for profession in request.preferredProfessions {
            if let id = vocabularies.professions.lookup(profession) { prefers[Int(id)] = true }
        }
        prefersProfession = prefers
        careerStageBits = request.preferredCareerStages.reduce(UInt8(0)) { $0 | $1.bit }
        intervals = request.preferredWindows.isEmpty
            ? .wholeWeek
            : WeekIntervals(
                windows: request.preferredWindows,
                offsets: index.offsets(forZone: request.timeZoneIdentifier))
        blocked = context.blockedMembers(of: request.requesterID)
        disputed = context.disputedMembers(of: request.requesterID)
        goodExchanges = context.goodExchangeCounts(of: request.requesterID)
        weights = context.weights(forNetwork: request.networkID)
        scales = context.scales
        let partners = (context.partnerNetworkIDs[request.networkID] ?? []).subtracting([request.networkID])
        visibleNetworkIDs = [request.networkID] + partners.sorted()
        networkVisibility = index.pools.networkIDs.map { network in
            network == request.networkID ? 2 : (partners.contains(network) ? 1 : 0)
        }
        networkImbalancePart = index.pools.networkIDs.map { network in
            Self.imbalancePart(context: context, scales: context.scales, from: request.networkID, to: network)
        }
    }

    /// The result of running the hard filters on one offer.
    struct Verdict {
        /// How many filters failed, counting stopped at the limit asked for.
        var failureCount = 0
        var firstFailure: MatchingFilter?
        var overlapMinutes = 0
        var longestOverlapMinutes = 0

        mutating func fail(_ filter: MatchingFilter) {
            if failureCount == 0 { firstFailure = filter }
            failureCount += 1
        }
    }

    /// Runs the filters in `MatchingFilter` order until `failureLimit` have failed. With a
    /// limit of 1 this is the plain yes/no; with 2, `explain` learns "failed exactly one".
    func verdict(_ offer: PreparedOffer, failureLimit: Int) -> Verdict {
        var verdict = Verdict()
        if Int(offer.remainingCapacityMinutes) < request.durationMinutes { verdict.fail(.capacity) }
        if offer.supporterID == request.requesterID { verdict.fail(.isSelf) }
        if !request.excludedMemberIDs.isEmpty && request.excludedMemberIDs.contains(offer.supporterID) {
            verdict.fail(.excludedMember)
        }
        if request.excludeOwnOrganisation, let organisationID, offer.organisationID == organisationID {
            verdict.fail(.ownOrganisation)
        }
        if verdict.failureCount >= failureLimit { return verdict }
        if !(kindID.map { pools.kinds[offer.kinds.range].contains($0) } ?? false) { verdict.fail(.kind) }
        if !Self.intersects(pools.languages[offer.languages.range], languageIDs) { verdict.fail(.language) }
        if !passesMode(offer) { verdict.fail(.mode) }
        if !isVisible(offer) { verdict.fail(.visibility) }
        if !blocked.isEmpty && blocked.contains(offer.supporterID) { verdict.fail(.blockedPair) }
        if !disputed.isEmpty && disputed.contains(offer.supporterID) { verdict.fail(.disputedPair) }
        if verdict.failureCount >= failureLimit { return verdict }
        let overlap = overlap(offer)
        verdict.overlapMinutes = overlap.totalMinutes
        verdict.longestOverlapMinutes = overlap.longestMinutes
        if overlap.longestMinutes < request.durationMinutes { verdict.fail(.availability) }
        return verdict
    }

    /// Whether the offer certainly fails capacity, mode (or area) or visibility, read from its
    /// small record. Never true for an offer `verdict` would pass: it checks the same facts.
    func failsQuickly(_ facts: OfferBoundFacts) -> Bool {
        if Int(facts.remainingCapacityMinutes) < request.durationMinutes { return true }
        if facts.modeBits & modeBit == 0 { return true }
        if request.mode == .inPerson && facts.areaID != (areaID ?? -2) { return true }
        switch networkVisibility[Int(facts.networkPosition)] {
        case 2: return false
        case 1: return !facts.isVisibleToPartners
        default: return true
        }
    }

    func overlap(_ offer: PreparedOffer) -> (totalMinutes: Int, longestMinutes: Int) {
        pools.intervals.withUnsafeBufferPointer { pool in
            intervals.bounds.withUnsafeBufferPointer { own in
                WeekIntervals.overlap(own, UnsafeBufferPointer(rebasing: pool[offer.intervals.range]))
            }
        }
    }

    private func isVisible(_ offer: PreparedOffer) -> Bool {
        switch networkVisibility[Int(offer.networkPosition)] {
        case 2: true
        case 1: offer.isVisibleToPartners
        default: false
        }
    }

    private func passesMode(_ offer: PreparedOffer) -> Bool {
        guard offer.modeBits & modeBit != 0 else { return false }
        guard request.mode == .inPerson else { return true }
        guard let areaID else { return false }
        return offer.areaID == areaID
    }

    static func intersects(_ left: ArraySlice<Int32>, _ right: [Int32]) -> Bool {
        sharedCount(left, right) > 0
    }

    /// Elements common to two sorted collections without repeats.
    static func sharedCount(_ left: ArraySlice<Int32>, _ right: [Int32]) -> Int {
        var leftIndex = left.startIndex, rightIndex = 0, shared = 0
        while leftIndex < left.endIndex && rightIndex < right.count {
            if left[leftIndex] == right[rightIndex] {
                shared += 1
                leftIndex += 1
                rightIndex += 1
            } else if left[leftIndex] < right[rightIndex] {
                leftIndex += 1
            } else {
                rightIndex += 1
            }
        }
        return shared
    }
}
