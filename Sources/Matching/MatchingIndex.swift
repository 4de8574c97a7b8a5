import Foundation

/// Every active offer of a matching scope, prepared once: strings interned, availability placed
/// on the reference week in UTC, and posting lists by (network, kind, language) so a request's
/// candidates are read from a few lists instead of a scan of all offers. Immutable and
/// `Sendable`: build it once, query it from any number of tasks.
public struct MatchingIndex: Sendable {
    public let referenceWeek: ReferenceWeek
    public static let offerCountMax = 2_000_000
    package let offers: [PreparedOffer]
    let pools: OfferPools
    let vocabularies: MatchingVocabularies
    /// Posting lists of offer positions, ascending.
    let postings: [PostingKey: [Int32]]
    /// Posting lists by (network, kind, topic), ascending.
    let topicPostings: [TopicPostingKey: [Int32]]
    /// UTC offsets around the reference week of every zone an offer uses.
    let zoneOffsets: [String: ZoneWeekOffsets]

    public var offerCount: Int { offers.count }

    public init(offers source: [MatchingOffer], referenceWeek: ReferenceWeek) throws(MatchingInputError) {
        guard source.count <= Self.offerCountMax else { throw .offerCountOutOfRange(source.count) }
        var seen = Set<Int64>(minimumCapacity: source.count)
        for offer in source where !seen.insert(offer.id).inserted { throw .duplicateOfferID(offer.id) }
        var vocabularies = MatchingVocabularies()
        var pools = OfferPools()
        var zones: [String: ZoneWeekOffsets] = [:]
        var prepared: [PreparedOffer] = []
        prepared.reserveCapacity(source.count)
        for offer in source {
            let offsets = try Self.offsets(offer.timeZoneIdentifier, week: referenceWeek, cache: &zones)
            prepared.append(Self.prepare(
                offer, position: Int32(prepared.count), offsets: offsets, vocabularies: &vocabularies, pools: &pools))
        }
        self.referenceWeek = referenceWeek
        self.offers = prepared
        self.pools = pools
        self.vocabularies = vocabularies
        self.postings = Self.postings(prepared, pools: pools)
        self.topicPostings = Self.topicPostings(prepared, pools: pools)
        self.zoneOffsets = zones
    }

    static func offsets(
        _ identifier: String, week: ReferenceWeek, cache: inout [String: ZoneWeekOffsets]
    ) throws(MatchingInputError) -> ZoneWeekOffsets {
        if let known = cache[identifier] { return known }
        guard let zone = TimeZoneCache.zone(identifier) else { throw .unknownTimeZone(identifier) }
        let offsets = ZoneWeekOffsets(zone: zone, week: week)
        cache[identifier] = offsets
        return offsets
    }

    /// The offsets for a request's zone: from the index when an offer shares it, else computed.
    func offsets(forZone identifier: String) -> ZoneWeekOffsets {
        if let known = zoneOffsets[identifier] { return known }
        var scratch: [String: ZoneWeekOffsets] = [:]
        do {
            return try Self.offsets(identifier, week: referenceWeek, cache: &scratch)
        } catch {
            // MatchingRequest validated its zone on construction.
            preconditionFailure("request time zone \(identifier) vanished: \(error)")
        }
    }

    private static func prepare(
        _ offer: MatchingOffer, position: Int32, offsets: ZoneWeekOffsets,
        vocabularies: inout MatchingVocabularies, pools: inout OfferPools
    ) -> PreparedOffer {
        let intervals = WeekIntervals(windows: offer.availability, offsets: offsets)
        let intervalSlice = PoolSlice(start: Int32(pools.intervals.count), count: Int32(intervals.bounds.count))
        pools.intervals += intervals.bounds
        return PreparedOffer(
            position: position, offerID: offer.id, supporterID: offer.supporterID, networkID: offer.networkID,
            networkPosition: pools.networkPosition(offer.networkID),
            kinds: OfferPools.append(offer.kinds.map { vocabularies.kinds.intern($0) }, to: &pools.kinds),
            languages: OfferPools.append(
                offer.languages.map { vocabularies.languages.intern($0) }, to: &pools.languages),
            topics: OfferPools.append(offer.topics.map { vocabularies.topics.intern($0) }, to: &pools.topics),
            intervals: intervalSlice,
            modeBits: offer.modes.reduce(UInt8(0)) { $0 | $1.bit },
            careerStageBit: offer.supporterCareerStage.bit,
            isVisibleToPartners: offer.visibility == .partners,
            areaID: offer.area.map { vocabularies.areas.intern($0) } ?? -1,
            organisationID: vocabularies.organisations.intern(offer.supporterOrganisationID),
            professionID: vocabularies.professions.intern(offer.supporterProfession),
            remainingCapacityMinutes: Int32(offer.remainingCapacityMinutes),
            loadMinutes: Int32(clamping: offer.supporterLoadMinutesThisMonth),
            balanceMinutes: offer.supporterBalanceMinutes)
    }

    private static func postings(_ offers: [PreparedOffer], pools: OfferPools) -> [PostingKey: [Int32]] {
        var table: [PostingKey: [Int32]] = [:]
        for (position, offer) in offers.enumerated() {
            let index = Int32(position)
            let kindIDs = pools.kinds[offer.kinds.range]
            let languageIDs = pools.languages[offer.languages.range]
            for kind in kindIDs {
                table[PostingKey(networkID: offer.networkID, kindID: kind, languageID: PostingKey.any), default: []]
                    .append(index)
                for language in languageIDs {
                    table[PostingKey(networkID: offer.networkID, kindID: kind, languageID: language), default: []]
                        .append(index)
                    table[PostingKey(networkID: nil, kindID: kind, languageID: language), default: []].append(index)
                }
            }
            for language in languageIDs {
                table[PostingKey(networkID: offer.networkID, kindID: PostingKey.any, languageID: language), default: []]
                    .append(index)
            }
        }
        return table
    }

    private static func topicPostings(
        _ offers: [PreparedOffer], pools: OfferPools
    ) -> [TopicPostingKey: [Int32]] {
        var table: [TopicPostingKey: [Int32]] = [:]
        for (position, offer) in offers.enumerated() {
            for kind in pools.kinds[offer.kinds.range] {
                for topic in pools.topics[offer.topics.range] {
                    table[TopicPostingKey(networkID: offer.networkID, kindID: kind, topicID: topic), default: []]
                        .append(Int32(position))
                }
            }
        }
        return table
    }

    func topicPosting(network: Int64, kind: Int32, topic: Int32) -> [Int32] {
        topicPostings[TopicPostingKey(networkID: network, kindID: kind, topicID: topic)] ?? []
    }

    func posting(network: Int64?, kind: Int32, language: Int32) -> [Int32] {
        postings[PostingKey(networkID: network, kindID: kind, languageID: language)] ?? []
    }
}
