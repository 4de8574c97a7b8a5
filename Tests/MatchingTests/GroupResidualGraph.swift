import Matching

/// The optimality certificate of `ResidualGraph`, independent of the solver's prices, for
/// quotas that partition the offers: the assignment is a minimum-cost flow of the group-layer
/// network exactly when its residual graph has no negative cycle (Bellman–Ford). Beside
/// `ResidualGraph`'s arcs, an offer of group g sends its next unit to g's node (+marginal) and
/// takes its last unit back from it (−marginal); g → sink while g has room, sink → g while it
/// is used (both cost 0). Offers without a group go to the sink as before.
enum GroupResidualGraph {
    static func hasNegativeCycle(_ problem: GeneralAssignmentProblem, _ result: GeneralAssignmentResult) -> Bool {
        let requestCount = problem.requestCount
        let groupBase = requestCount + problem.offerCount
        let sink = groupBase + problem.quotaCapacities.count
        var groupOfOffer = [Int?](repeating: nil, count: problem.offerCount)
        var arcs: [(from: Int, to: Int, cost: Int)] = []
        for (index, edge) in problem.edges.enumerated() {
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
