import Matching

/// The size and mix of a generated community. The defaults describe a mid-sized federation:
/// a dozen networks, mostly in UK time with a few far-off and half-hour zones.
public struct CommunityShape: Sendable {
    public var offerCount: Int
    public var requestCount: Int
    public var memberCount: Int
    public var networkCount: Int
    public var topicCount: Int
    /// Zipf exponent of topic popularity (about 1: a few tags dominate, a long tail).
    public var topicExponent: Double
    public var organisationsPerNetwork: Int
    public var seed: UInt64

    public init(
        offerCount: Int, requestCount: Int, memberCount: Int? = nil, networkCount: Int = 12,
        topicCount: Int = 200, topicExponent: Double = 1.05, organisationsPerNetwork: Int = 40,
        seed: UInt64 = 1
    ) {
        precondition(offerCount >= 0 && requestCount >= 0 && networkCount >= 1)
        precondition(topicCount >= 1 && organisationsPerNetwork >= 1)
        self.offerCount = offerCount
        self.requestCount = requestCount
        self.memberCount = max(2, memberCount ?? max(offerCount, requestCount))
        self.networkCount = networkCount
        self.topicCount = topicCount
        self.topicExponent = topicExponent
        self.organisationsPerNetwork = organisationsPerNetwork
        self.seed = seed
    }
}

/// A generated community: offers, open requests, and the context around them.
public struct GeneratedCommunity: Sendable {
    public let offers: [MatchingOffer]
    public let requests: [MatchingRequest]
    public let context: MatchingContext
}
