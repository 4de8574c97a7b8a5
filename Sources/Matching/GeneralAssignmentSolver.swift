/// Why the general solver gave no answer. It never returns a non-optimal one.
public enum GeneralAssignmentError: Error, Sendable, Equatable {
    /// The quota search needed more relaxations than allowed; raise the limit or loosen quotas.
    case searchNodeLimitExceeded(limit: Int)
}

/// The exact solver for `GeneralAssignmentProblem`, and the only one: the service's batch runs
/// (`MatchingPlan`) and the benchmarks (`peerhours-bench matching`) both call it, and an
/// instance without load costs, penalties or quotas takes the same path as any other.
///
/// Without quotas the problem is a min-cost flow (convex load costs as unit arcs of rising
/// cost, the unmatched penalty as a bypass arc) and one `ConvexFlowState` solve is optimal.
///
/// Quotas are side constraints. They are *not* network-flow capacities in general: a quota on
/// a network pair counts edges between many requests and many offers, and routing those edges
/// through one shared "pair node" would let a request reach offers it has no edge to (an
/// excluded pair). With edge-level quotas the LP is not integral either: requests r1, r2 and
/// offers o1, o2, o', r' with edges r1–o1, r2–o1, r2–o2, r'–o2 (quota g), r1–o' (quota g),
/// quota g = 1 and all scores 1 form an odd cycle of constraints whose LP optimum is 2.5 with
/// every x = ½ while the best assignment scores 2.
/// That counter-example needs a group that depends on the request too. When the groups
/// partition the offers instead (every edge into an offer has the same group, or none: the
/// service's shape, a quota per offer network), a quota is an ordinary capacity of a group
/// layer (offer → unit → group → sink, see `OfferQuotaGroups`), the LP is integral, and one
/// exact flow solve with that layer is optimal, with its own certificate.
///
/// So, in order: solve with quotas dropped; if no quota binds, that is the answer (one flow
/// solve, as without quotas). Else, if the groups partition the offers, solve once with the
/// group layer. Else (edge-level groups) branch and bound over flow relaxations: if some group
/// is over quota, pick its lowest-index used edge and branch on "edge forbidden" / "edge
/// forced". Every feasible assignment lies in exactly one branch, relaxation objectives bound
/// their subtrees, so the best feasible leaf is the optimum; a node limit keeps the worst case
/// bounded.
public struct GeneralAssignmentSolver: Sendable {
    public var searchNodeLimit: Int

    public init(searchNodeLimit: Int = 100_000) {
        precondition(searchNodeLimit >= 1)
        self.searchNodeLimit = searchNodeLimit
    }

    private struct SearchNode {
        var forbiddenEdges: [Int]
        var forcedEdges: [Int]
    }

    public func solve(
        _ problem: GeneralAssignmentProblem
    ) throws(GeneralAssignmentError) -> GeneralAssignmentResult {
        let noneMandatory = [Bool](repeating: false, count: problem.requestCount)
        // Nothing is mandatory, so every relaxation here is feasible (leave all unmatched).
        guard let relaxed = ConvexFlowState.solve(problem: problem, allowedEdge: nil, mandatory: noneMandatory)
        else { preconditionFailure("a relaxation without mandatory requests is feasible") }
        if Self.violatedGroup(problem, relaxed) == nil {
            return GeneralAssignmentResult(problem: problem, edgeIndexForRequest: relaxed, searchNodeCount: 1)
        }
        if let groups = OfferQuotaGroups(problem) {
            guard let assignment = ConvexFlowState.solve(
                problem: problem, allowedEdge: nil, mandatory: noneMandatory, quotaGroups: groups)
            else { preconditionFailure("a flow without mandatory requests is feasible") }
            return GeneralAssignmentResult(problem: problem, edgeIndexForRequest: assignment, searchNodeCount: 1)
        }
        return try branchAndBound(problem)
    }

    /// The quota search for edge-level groups (see the type's comment).
    private func branchAndBound(
        _ problem: GeneralAssignmentProblem
    ) throws(GeneralAssignmentError) -> GeneralAssignmentResult {
        var stack = [SearchNode(forbiddenEdges: [], forcedEdges: [])]
        var best: (objective: Int, assignment: [Int?])?
        var nodeCount = 0
        while let node = stack.popLast() {
            guard nodeCount < searchNodeLimit else { throw .searchNodeLimitExceeded(limit: searchNodeLimit) }
            nodeCount += 1
            guard let assignment = relaxation(problem, node) else { continue }
            let objective = Self.objective(problem, assignment)
            if let best, objective <= best.objective { continue }
            guard let branchEdge = Self.branchEdge(problem, assignment, forced: node.forcedEdges) else {
                if Self.violatedGroup(problem, assignment) == nil { best = (objective, assignment) }
                continue  // feasible leaf, or over quota on forced edges alone
            }
            var forced = node
            forced.forcedEdges.append(branchEdge)
            var forbidden = node
            forbidden.forbiddenEdges.append(branchEdge)
            stack.append(forced)
            stack.append(forbidden)  // explored first
        }
        // The root relaxation is always feasible (nothing is mandatory), so a leaf exists:
        // leaving every request unmatched satisfies every quota.
        guard let best else { preconditionFailure("quota search ended without a feasible assignment") }
        return GeneralAssignmentResult(
            problem: problem, edgeIndexForRequest: best.assignment, searchNodeCount: nodeCount)
    }

    private func relaxation(_ problem: GeneralAssignmentProblem, _ node: SearchNode) -> [Int?]? {
        let mandatory = [Bool](repeating: false, count: problem.requestCount)
        if node.forbiddenEdges.isEmpty && node.forcedEdges.isEmpty {
            return ConvexFlowState.solve(problem: problem, allowedEdge: nil, mandatory: mandatory)
        }
        return constrainedRelaxation(problem, node)
    }

    private func constrainedRelaxation(_ problem: GeneralAssignmentProblem, _ node: SearchNode) -> [Int?]? {
        var allowed = [Bool](repeating: true, count: problem.edges.count)
        var mandatory = [Bool](repeating: false, count: problem.requestCount)
        for edge in node.forbiddenEdges { allowed[edge] = false }
        var forcedForRequest = [Int](repeating: -1, count: problem.requestCount)
        for edge in node.forcedEdges {
            let request = problem.edges[edge].request
            if forcedForRequest[request] >= 0 && forcedForRequest[request] != edge { return nil }
            forcedForRequest[request] = edge
            mandatory[request] = true
        }
        for (index, edge) in problem.edges.enumerated() {
            let forcedEdge = forcedForRequest[edge.request]
            if forcedEdge >= 0 && forcedEdge != index { allowed[index] = false }
        }
        return ConvexFlowState.solve(problem: problem, allowedEdge: { allowed[$0] }, mandatory: mandatory)
    }

    static func objective(_ problem: GeneralAssignmentProblem, _ assignment: [Int?]) -> Int {
        var loads = [Int](repeating: 0, count: problem.offerCount)
        var value = 0
        for (request, edgeIndex) in assignment.enumerated() {
            guard let edgeIndex else {
                value -= problem.unmatchedPenalties[request]
                continue
            }
            let edge = problem.edges[edgeIndex]
            value += edge.score - problem.offerMarginalCosts[edge.offer][loads[edge.offer]]
            loads[edge.offer] += 1
        }
        return value
    }

    /// The lowest-index group whose used edges exceed its capacity, if any.
    static func violatedGroup(_ problem: GeneralAssignmentProblem, _ assignment: [Int?]) -> Int? {
        var usage = [Int](repeating: 0, count: problem.quotaCapacities.count)
        for case let edgeIndex? in assignment {
            if let group = problem.edges[edgeIndex].quotaGroup { usage[group] += 1 }
        }
        return usage.indices.first { usage[$0] > problem.quotaCapacities[$0] }
    }

    /// The edge to branch on: the lowest-index used, not yet forced edge of the first violated
    /// group; nil when no group is violated or the violated group's used edges are all forced.
    static func branchEdge(_ problem: GeneralAssignmentProblem, _ assignment: [Int?], forced: [Int]) -> Int? {
        guard let group = violatedGroup(problem, assignment) else { return nil }
        let forcedSet = Set(forced)
        return assignment.compactMap { $0 }
            .filter { problem.edges[$0].quotaGroup == group && !forcedSet.contains($0) }
            .min()
    }
}
