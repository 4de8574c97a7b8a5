import Matching
import MatchingBenchmarkSupport

/// Exhaustive search: tries every way of giving each request one of its edges or nothing.
/// Independent of the solvers on purpose: no duals, no flows, just enumeration.
enum BruteForce {
    static func bestTotalScore(_ instance: AssignmentInstance) -> Int {
        let edgesByRequest = Dictionary(grouping: instance.edges.indices) { instance.edges[$0].request }
        var remaining = instance.offerCapacities
        func search(_ request: Int) -> Int {
            guard request < instance.requestCount else { return 0 }
            var best = search(request + 1)  // unmatched
            for edgeIndex in edgesByRequest[request] ?? [] {
                let edge = instance.edges[edgeIndex]
                guard remaining[edge.offer] > 0 else { continue }
                remaining[edge.offer] -= 1
                best = max(best, edge.score + search(request + 1))
                remaining[edge.offer] += 1
            }
            return best
        }
        return search(0)
    }

    static func bestObjective(_ problem: GeneralAssignmentProblem) -> Int {
        let edgesByRequest = Dictionary(grouping: problem.edges.indices) { problem.edges[$0].request }
        var loads = [Int](repeating: 0, count: problem.offerCount)
        var quotaLeft = problem.quotaCapacities
        func search(_ request: Int) -> Int {
            guard request < problem.requestCount else { return 0 }
            var best = search(request + 1) - problem.unmatchedPenalties[request]
            for edgeIndex in edgesByRequest[request] ?? [] {
                let edge = problem.edges[edgeIndex]
                let costs = problem.offerMarginalCosts[edge.offer]
                guard loads[edge.offer] < costs.count else { continue }
                if let group = edge.quotaGroup, quotaLeft[group] == 0 { continue }
                let cost = costs[loads[edge.offer]]
                loads[edge.offer] += 1
                if let group = edge.quotaGroup { quotaLeft[group] -= 1 }
                best = max(best, edge.score - cost + search(request + 1))
                loads[edge.offer] -= 1
                if let group = edge.quotaGroup { quotaLeft[group] += 1 }
            }
            return best
        }
        return search(0)
    }
}

/// Independent feasibility checks on a solver's answer.
enum Feasibility {
    /// Every assigned edge belongs to its request (so an excluded pair, having no edge, can never
    /// be assigned) and no offer exceeds its capacity. Returns the recomputed total score.
    static func checkedTotalScore(_ instance: AssignmentInstance, _ result: GeneralAssignmentResult) -> Int? {
        guard result.edgeIndexForRequest.count == instance.requestCount else { return nil }
        let allowedPairs = Set(instance.edges.map { [$0.request, $0.offer] })
        var loads = [Int](repeating: 0, count: instance.offerCount)
        var total = 0
        for (request, edgeIndex) in result.edgeIndexForRequest.enumerated() {
            guard let edgeIndex else { continue }
            let edge = instance.edges[edgeIndex]
            guard edge.request == request, allowedPairs.contains([request, edge.offer]),
                  result.offerForRequest[request] == edge.offer else { return nil }
            loads[edge.offer] += 1
            total += edge.score
        }
        guard zip(loads, instance.offerCapacities).allSatisfy({ $0 <= $1 }) else { return nil }
        return total
    }

    /// Same for the general problem, also checking quotas; returns the recomputed objective.
    static func checkedObjective(_ problem: GeneralAssignmentProblem, _ result: GeneralAssignmentResult) -> Int? {
        guard result.edgeIndexForRequest.count == problem.requestCount else { return nil }
        var loads = [Int](repeating: 0, count: problem.offerCount)
        var quotaUse = [Int](repeating: 0, count: problem.quotaCapacities.count)
        var objective = 0
        for (request, edgeIndex) in result.edgeIndexForRequest.enumerated() {
            guard let edgeIndex else {
                objective -= problem.unmatchedPenalties[request]
                continue
            }
            let edge = problem.edges[edgeIndex]
            guard edge.request == request else { return nil }
            let costs = problem.offerMarginalCosts[edge.offer]
            guard loads[edge.offer] < costs.count else { return nil }
            objective += edge.score - costs[loads[edge.offer]]
            loads[edge.offer] += 1
            if let group = edge.quotaGroup { quotaUse[group] += 1 }
        }
        guard zip(quotaUse, problem.quotaCapacities).allSatisfy({ $0 <= $1 }) else { return nil }
        return objective
    }
}
