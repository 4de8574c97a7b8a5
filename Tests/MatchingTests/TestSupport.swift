import Foundation
import Matching
import MatchingBenchmarkSupport

enum PropertySettings {
    /// Number of random instances per property test; MATCHING_PROPERTY_ITERATIONS overrides it.
    static func iterations(default defaultCount: Int) -> Int {
        guard let text = ProcessInfo.processInfo.environment["MATCHING_PROPERTY_ITERATIONS"],
              let count = Int(text), count > 0 else { return defaultCount }
        return count
    }

    /// Base seed; MATCHING_PROPERTY_SEED overrides it (instance i uses base + i).
    static var baseSeed: UInt64 {
        guard let text = ProcessInfo.processInfo.environment["MATCHING_PROPERTY_SEED"],
              let seed = UInt64(text) else { return 20_240_611 }
        return seed
    }
}

enum RandomInstances {
    /// A small plain instance: up to 7 requests, 1–3 offers with capacity 0–2, up to 3 edges per
    /// request (sometimes a repeated pair), narrow or wide score ranges to provoke ties.
    static func small(seed: UInt64) -> AssignmentInstance {
        var random = SplitMix64(seed: seed)
        let requestCount = Int.random(in: 0...7, using: &random)
        let offerCount = Int.random(in: 1...3, using: &random)
        let capacities = (0..<offerCount).map { _ in Int.random(in: 0...2, using: &random) }
        let scoreMax = [1, 3, 10, 1000].randomElement(using: &random)!
        var edges: [AssignmentEdge] = []
        for request in 0..<requestCount {
            for _ in 0..<Int.random(in: 0...3, using: &random) {
                edges.append(AssignmentEdge(
                    request: request, offer: Int.random(in: 0..<offerCount, using: &random),
                    score: Int.random(in: 1...scoreMax, using: &random)))
            }
        }
        return try! AssignmentInstance(
            requestCount: requestCount, offerCapacities: capacities, scoreMax: scoreMax, edges: edges)
    }

    /// A generator-shaped instance: `perRequest` distinct offers per request, as the reference script.
    static func sparse(
        requestCount: Int, offerCount: Int, capacity: Int, perRequest: Int, scoreMax: Int, seed: UInt64
    ) -> AssignmentInstance {
        var random = SplitMix64(seed: seed)
        var edges: [AssignmentEdge] = []
        for request in 0..<requestCount {
            var chosen = Set<Int>()
            while chosen.count < min(perRequest, offerCount) {
                chosen.insert(Int.random(in: 0..<offerCount, using: &random))
            }
            for offer in chosen.sorted() {
                edges.append(AssignmentEdge(
                    request: request, offer: offer, score: Int.random(in: 1...scoreMax, using: &random)))
            }
        }
        return try! AssignmentInstance(
            requestCount: requestCount, offerCount: offerCount, capacityPerOffer: capacity,
            scoreMax: scoreMax, edges: edges)
    }

    /// A small general problem: convex (possibly negative) marginal costs, penalties, 0–3 quota
    /// groups of capacity 0–2, scores that may be zero or negative.
    static func smallGeneral(seed: UInt64) -> GeneralAssignmentProblem {
        var random = SplitMix64(seed: seed)
        let requestCount = Int.random(in: 0...6, using: &random)
        let offerCount = Int.random(in: 1...3, using: &random)
        let marginalCosts = (0..<offerCount).map { _ in
            (0..<Int.random(in: 0...3, using: &random)).map { _ in Int.random(in: -2...6, using: &random) }.sorted()
        }
        let penalties = (0..<requestCount).map { _ in Int.random(in: 0...6, using: &random) }
        let quotaCapacities = (0..<Int.random(in: 0...3, using: &random)).map { _ in Int.random(in: 0...2, using: &random) }
        var edges: [GeneralEdge] = []
        for request in 0..<requestCount {
            for _ in 0..<Int.random(in: 0...3, using: &random) {
                let group: Int? = quotaCapacities.isEmpty || Bool.random(using: &random)
                    ? nil : Int.random(in: 0..<quotaCapacities.count, using: &random)
                edges.append(GeneralEdge(
                    request: request, offer: Int.random(in: 0..<offerCount, using: &random),
                    score: Int.random(in: -2...12, using: &random), quotaGroup: group))
            }
        }
        return try! GeneralAssignmentProblem(
            unmatchedPenalties: penalties, offerMarginalCosts: marginalCosts,
            edges: edges, quotaCapacities: quotaCapacities)
    }
}
