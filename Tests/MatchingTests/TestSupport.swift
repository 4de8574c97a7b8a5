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

extension RandomInstances {
    /// A benchmark-shaped instance whose candidate lists follow a Zipf law over the offers
    /// (weight 1 / (rank + 1)^exponent; exponent 0 is uniform): a few popular supporters are
    /// on most lists. Up to `perRequest` distinct offers per request, scores in 1…scoreMax.
    static func skewed(
        requestCount: Int, offerCount: Int, capacity: Int, perRequest: Int, exponent: Double, scoreMax: Int,
        seed: UInt64
    ) -> AssignmentInstance {
        var random = SplitMix64(seed: seed)
        var cumulative: [Double] = []
        var running = 0.0
        for rank in 0..<offerCount {
            running += 1 / pow(Double(rank + 1), exponent)
            cumulative.append(running)
        }
        func draw() -> Int {
            let target = Double.random(in: 0..<running, using: &random)
            var low = 0, high = offerCount - 1
            while low < high {
                let middle = (low + high) / 2
                if cumulative[middle] > target { high = middle } else { low = middle + 1 }
            }
            return low
        }
        var edges: [AssignmentEdge] = []
        for request in 0..<requestCount {
            var chosen: [Int] = []
            for _ in 0..<(perRequest * 4) where chosen.count < min(perRequest, offerCount) {
                let offer = draw()
                if !chosen.contains(offer) { chosen.append(offer) }
            }
            for offer in chosen {
                edges.append(AssignmentEdge(
                    request: request, offer: offer, score: Int.random(in: 1...scoreMax, using: &random)))
            }
        }
        return try! AssignmentInstance(
            requestCount: requestCount, offerCount: offerCount, capacityPerOffer: capacity,
            scoreMax: scoreMax, edges: edges)
    }

    /// A small general problem with wide values (scores, load costs and penalties up to 10^6,
    /// often within a few units of each other, so ties and near-ties abound) and a popular
    /// offer 0 on most candidate lists; quota groups as `smallGeneral`.
    static func smallSkewedWide(seed: UInt64) -> GeneralAssignmentProblem {
        var random = SplitMix64(seed: seed)
        let requestCount = Int.random(in: 0...7, using: &random)
        let offerCount = Int.random(in: 1...4, using: &random)
        let base = Int.random(in: 0...999_000, using: &random)
        func value() -> Int { base + [0, 1, 2, 500, 1000].randomElement(using: &random)! }
        let marginalCosts = (0..<offerCount).map { _ in
            (0..<Int.random(in: 0...3, using: &random)).map { _ in Bool.random(using: &random) ? 0 : value() / 2 }.sorted()
        }
        let penalties = (0..<requestCount).map { _ in Bool.random(using: &random) ? 0 : value() / 4 }
        let quotaCapacities = (0..<Int.random(in: 0...2, using: &random)).map { _ in Int.random(in: 0...2, using: &random) }
        var edges: [GeneralEdge] = []
        for request in 0..<requestCount {
            for _ in 0..<Int.random(in: 0...3, using: &random) {
                let popular = Int.random(in: 0..<4, using: &random) < 3
                let group: Int? = quotaCapacities.isEmpty || Bool.random(using: &random)
                    ? nil : Int.random(in: 0..<quotaCapacities.count, using: &random)
                edges.append(GeneralEdge(
                    request: request, offer: popular ? 0 : Int.random(in: 0..<offerCount, using: &random),
                    score: value(), quotaGroup: group))
            }
        }
        return try! GeneralAssignmentProblem(
            unmatchedPenalties: penalties, offerMarginalCosts: marginalCosts,
            edges: edges, quotaCapacities: quotaCapacities)
    }
}

/// An optimality certificate independent of the solver's prices: an assignment is a
/// minimum-cost flow exactly when its residual graph has no negative cycle (Bellman–Ford).
/// Nodes: requests, offers, one node per quota group, one sink. Residual arcs (cost = −value):
/// request → offer on an unused edge (−score), offer → request on the used one (+score); an
/// offer sends its next unit on (+marginal) and takes its last unit back (−marginal), to the
/// sink, or to its group's node when it has one; group → sink while the group has room,
/// sink → group while it is used (both cost 0); request → sink to leave a matched request
/// unmatched (+penalty), sink → request to match an unmatched one (−penalty). Quotas must
/// partition the offers (every edge of an offer in the same group, or none), the shape the
/// solver handles as a group layer; other quotas have no flow certificate.
enum ResidualGraph {
    static func hasNegativeCycle(_ problem: GeneralAssignmentProblem, _ result: GeneralAssignmentResult) -> Bool {
        let requestCount = problem.requestCount
        let groupBase = requestCount + problem.offerCount
        let sink = groupBase + problem.quotaCapacities.count
        var groupOfOffer = [Int?](repeating: nil, count: problem.offerCount)
        var arcs: [(from: Int, to: Int, cost: Int)] = []
        for (index, edge) in problem.edges.enumerated() {
            if let group = edge.quotaGroup {
                precondition(groupOfOffer[edge.offer] ?? group == group, "quotas must partition the offers")
            }
            groupOfOffer[edge.offer] = edge.quotaGroup
            let offerNode = requestCount + edge.offer
            if result.edgeIndexForRequest[edge.request] == index {
                arcs.append((offerNode, edge.request, edge.score))
            } else {
                arcs.append((edge.request, offerNode, -edge.score))
            }
        }
        for (offer, costs) in problem.offerMarginalCosts.enumerated() {
            let load = result.offerLoads[offer]
            let unitEnd = groupOfOffer[offer].map { groupBase + $0 } ?? sink
            if load < costs.count { arcs.append((requestCount + offer, unitEnd, costs[load])) }
            if load > 0 { arcs.append((unitEnd, requestCount + offer, -costs[load - 1])) }
        }
        for (group, capacity) in problem.quotaCapacities.enumerated() {
            if result.quotaLoads[group] < capacity { arcs.append((groupBase + group, sink, 0)) }
            if result.quotaLoads[group] > 0 { arcs.append((sink, groupBase + group, 0)) }
        }
        for request in 0..<requestCount {
            let penalty = problem.unmatchedPenalties[request]
            if result.edgeIndexForRequest[request] == nil {
                arcs.append((sink, request, -penalty))
            } else {
                arcs.append((request, sink, penalty))
            }
        }
        var distance = [Int](repeating: 0, count: sink + 1)
        for _ in 0...sink {
            var changed = false
            for arc in arcs where distance[arc.from] + arc.cost < distance[arc.to] {
                distance[arc.to] = distance[arc.from] + arc.cost
                changed = true
            }
            if !changed { return false }
        }
        return true
    }
}
