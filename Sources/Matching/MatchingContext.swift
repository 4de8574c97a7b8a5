/// The relationships around a request that are not part of any offer: which partner networks
/// its network may draw on, which pairs must never be matched, which pairs went well, how far
/// network pairs have drifted apart, and each network's weights. Built once per matching run
/// (or per request); pair sets are turned into per-member lookups so a query never scans them.
public struct MatchingContext: Sendable {
    /// For a network, the partner networks whose `partners`-visible offers its members may see.
    public let partnerNetworkIDs: [Int64: Set<Int64>]
    public let weightsByNetwork: [Int64: MatchingWeights]
    public let defaultWeights: MatchingWeights
    public let scales: MatchingScales
    private let blocked: [Int64: Set<Int64>]
    private let disputed: [Int64: Set<Int64>]
    private let goodExchanges: [Int64: [Int64: Int]]
    private let netMinutes: [NetworkFlowPair: Int64]

    /// - Parameters:
    ///   - blockedPairs: pairs that must never be matched (either member blocked the other).
    ///   - disputedPairs: pairs whose last exchange was disputed.
    ///   - goodExchangeCounts: pairs whose history went well, with the number of exchanges.
    ///   - netMinutesGiven: for (source, target), minutes source's members gave target's
    ///     members, net of the reverse flow. One direction per pair suffices; if both are given
    ///     they should be opposite.
    public init(
        partnerNetworkIDs: [Int64: Set<Int64>] = [:],
        blockedPairs: Set<MemberPair> = [],
        disputedPairs: Set<MemberPair> = [],
        goodExchangeCounts: [MemberPair: Int] = [:],
        netMinutesGiven: [NetworkFlowPair: Int64] = [:],
        weightsByNetwork: [Int64: MatchingWeights] = [:],
        defaultWeights: MatchingWeights = .standard,
        scales: MatchingScales = .standard
    ) {
        self.partnerNetworkIDs = partnerNetworkIDs
        self.weightsByNetwork = weightsByNetwork
        self.defaultWeights = defaultWeights
        self.scales = scales
        blocked = Self.adjacency(blockedPairs)
        disputed = Self.adjacency(disputedPairs)
        var good: [Int64: [Int64: Int]] = [:]
        for (pair, count) in goodExchangeCounts where count > 0 {
            good[pair.lowerMemberID, default: [:]][pair.upperMemberID] = count
            good[pair.upperMemberID, default: [:]][pair.lowerMemberID] = count
        }
        goodExchanges = good
        netMinutes = netMinutesGiven
    }

    private static func adjacency(_ pairs: Set<MemberPair>) -> [Int64: Set<Int64>] {
        var table: [Int64: Set<Int64>] = [:]
        for pair in pairs {
            table[pair.lowerMemberID, default: []].insert(pair.upperMemberID)
            table[pair.upperMemberID, default: []].insert(pair.lowerMemberID)
        }
        return table
    }

    public func weights(forNetwork networkID: Int64) -> MatchingWeights {
        weightsByNetwork[networkID] ?? defaultWeights
    }

    /// Members the given member must never be matched with.
    public func blockedMembers(of memberID: Int64) -> Set<Int64> { blocked[memberID] ?? [] }

    /// Members with whom the given member's last exchange was disputed.
    public func disputedMembers(of memberID: Int64) -> Set<Int64> { disputed[memberID] ?? [] }

    /// Good exchanges of the given member, by other member.
    public func goodExchangeCounts(of memberID: Int64) -> [Int64: Int] { goodExchanges[memberID] ?? [:] }

    /// Minutes `source`'s members gave `target`'s members, net of the reverse flow.
    public func netMinutesGiven(by source: Int64, to target: Int64) -> Int64 {
        if let value = netMinutes[NetworkFlowPair(source: source, target: target)] { return value }
        if let value = netMinutes[NetworkFlowPair(source: target, target: source)] { return -value }
        return 0
    }
}
