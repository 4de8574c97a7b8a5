import Matching

/// The relationships of a generated community: partner agreements (symmetric), blocked and
/// disputed pairs, good histories, net flows between partners, and custom weights for every
/// third network.
extension CommunityGenerator {
    func context(members: [Member], using random: inout SplitMix64) -> MatchingContext {
        let networkCount = shape.networkCount
        var partners: [Int64: Set<Int64>] = [:]
        var netMinutes: [NetworkFlowPair: Int64] = [:]
        for network in 1...Int64(networkCount) where networkCount > 1 {
            for _ in 0..<Int.random(in: 0...2, using: &random) {
                let other = Int64.random(in: 1...Int64(networkCount), using: &random)
                guard other != network else { continue }
                partners[network, default: []].insert(other)
                partners[other, default: []].insert(network)
                let minutes = Int64.random(in: -900...900, using: &random)
                if netMinutes[NetworkFlowPair(source: other, target: network)] == nil {
                    netMinutes[NetworkFlowPair(source: network, target: other)] = minutes
                }
            }
        }
        let pairCount = members.count
        var blocked = Set<MemberPair>(), disputed = Set<MemberPair>()
        var good: [MemberPair: Int] = [:]
        for _ in 0..<max(1, pairCount / 40) { blocked.insert(randomPair(members, using: &random)) }
        for _ in 0..<max(1, pairCount / 60) { disputed.insert(randomPair(members, using: &random)) }
        for _ in 0..<max(1, pairCount / 4) {
            good[randomPair(members, using: &random)] = Int.random(in: 1...5, using: &random)
        }
        var weights: [Int64: MatchingWeights] = [:]
        for network in stride(from: Int64(1), through: Int64(networkCount), by: 3) {
            weights[network] = try! MatchingWeights(
                topicOverlap: Int.random(in: 20...60, using: &random),
                availabilityOverlap: Int.random(in: 5...25, using: &random),
                professionPreference: Int.random(in: 0...20, using: &random),
                careerStagePreference: Int.random(in: 0...10, using: &random),
                history: Int.random(in: 0...20, using: &random),
                loadFairness: Int.random(in: 0...20, using: &random),
                balanceFairness: Int.random(in: 0...10, using: &random),
                imbalanceReduction: Int.random(in: 0...15, using: &random))
        }
        return MatchingContext(
            partnerNetworkIDs: partners, blockedPairs: blocked, disputedPairs: disputed,
            goodExchangeCounts: good, netMinutesGiven: netMinutes, weightsByNetwork: weights)
    }

    private func randomPair(_ members: [Member], using random: inout SplitMix64) -> MemberPair {
        MemberPair(members.randomElement(using: &random)!.id, members.randomElement(using: &random)!.id)
    }
}
