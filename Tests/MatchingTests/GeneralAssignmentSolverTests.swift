import Testing
@testable import Matching

@Suite struct GeneralAssignmentSolverTests {
    // Proves: with convex load costs, unmatched penalties and quota groups, the general solver's
    // objective equals exhaustive search on thousands of small random instances, and its
    // answer respects capacity and quotas and reports its own objective.
    @Test func equalsExhaustiveSearchOnSmallRandomInstances() throws {
        let iterations = PropertySettings.iterations(default: 3000)
        var branchedCount = 0
        defer {
            // The quota search itself must have been exercised, not only the flow relaxation.
            #expect(branchedCount > 0)
        }
        for iteration in 0..<iterations {
            let seed = PropertySettings.baseSeed &+ 1_000_000 &+ UInt64(iteration)
            let problem = RandomInstances.smallGeneral(seed: seed)
            let result = try GeneralAssignmentSolver().solve(problem)
            let expected = BruteForce.bestObjective(problem)
            let checked = Feasibility.checkedObjective(problem, result)
            if result.searchNodeCount > 1 { branchedCount += 1 }
            #expect(result.objective == expected, "seed \(seed)")
            #expect(checked == result.objective, "seed \(seed): infeasible or misreported")
            if result.objective != expected || checked != result.objective { return }
        }
    }

    // Proves: without quotas the flow relaxation alone (no branching) is exact: one search node,
    // and the same optimum as exhaustive search on random convex-cost instances.
    @Test func withoutQuotasOneFlowSolveIsExact() throws {
        for iteration in 0..<PropertySettings.iterations(default: 1000) {
            let seed = PropertySettings.baseSeed &+ 2_000_000 &+ UInt64(iteration)
            let withQuotas = RandomInstances.smallGeneral(seed: seed)
            let problem = try GeneralAssignmentProblem(
                unmatchedPenalties: withQuotas.unmatchedPenalties,
                offerMarginalCosts: withQuotas.offerMarginalCosts,
                edges: withQuotas.edges.map { GeneralEdge(request: $0.request, offer: $0.offer, score: $0.score) })
            let result = try GeneralAssignmentSolver().solve(problem)
            #expect(result.searchNodeCount == 1, "seed \(seed)")
            #expect(result.objective == BruteForce.bestObjective(problem), "seed \(seed)")
        }
    }

    // Proves: on small problems with a popular offer on most candidate lists and wide values
    // (scores, load costs and penalties up to 10^6, many within a few units of each other), the
    // solver's objective equals exhaustive search, with and without quotas, and its answer is
    // feasible; without quotas its residual graph has no negative cycle.
    @Test func equalsExhaustiveSearchOnSkewedWideInstances() throws {
        for iteration in 0..<PropertySettings.iterations(default: 3000) {
            let seed = PropertySettings.baseSeed &+ 3_000_000 &+ UInt64(iteration)
            let problem = RandomInstances.smallSkewedWide(seed: seed)
            let result = try GeneralAssignmentSolver().solve(problem)
            let expected = BruteForce.bestObjective(problem)
            #expect(result.objective == expected, "seed \(seed)")
            #expect(Feasibility.checkedObjective(problem, result) == result.objective, "seed \(seed)")
            let relaxed = try GeneralAssignmentProblem(
                unmatchedPenalties: problem.unmatchedPenalties, offerMarginalCosts: problem.offerMarginalCosts,
                edges: problem.edges.map { GeneralEdge(request: $0.request, offer: $0.offer, score: $0.score) })
            let relaxedResult = try GeneralAssignmentSolver().solve(relaxed)
            #expect(!ResidualGraph.hasNegativeCycle(relaxed, relaxedResult), "seed \(seed)")
            #expect(relaxedResult.objective == BruteForce.bestObjective(relaxed), "seed \(seed)")
            if result.objective != expected { return }
        }
    }

    // Proves: with the service's shape of costs (load step 1,000, penalties by urgency) on a
    // medium skewed instance with scores up to 10^6, the flow answer has no negative residual
    // cycle: exact where brute force cannot reach.
    @Test(arguments: [UInt64(21), 22, 23])
    func serviceShapedCostsOnMediumSkewedInstances(seed: UInt64) throws {
        let plain = RandomInstances.skewed(
            requestCount: 300, offerCount: 80, capacity: 4, perRequest: 10, exponent: 1.0, scoreMax: 1_000_000, seed: seed)
        let problem = try GeneralAssignmentProblem(
            unmatchedPenalties: (0..<plain.requestCount).map { [0, 5_000, 10_000][$0 % 3] * 100 },
            offerMarginalCosts: plain.offerCapacities.map {
                GeneralAssignmentProblem.risingMarginalCosts(capacity: $0, first: 0, step: 100_000)
            },
            edges: plain.edges.map { GeneralEdge(request: $0.request, offer: $0.offer, score: $0.score) })
        let result = try GeneralAssignmentSolver().solve(problem)
        #expect(Feasibility.checkedObjective(problem, result) == result.objective)
        #expect(!ResidualGraph.hasNegativeCycle(problem, result))
    }

    // Proves: the odd-cycle case where a network-pair quota makes the LP fractional (2.5) is
    // still solved to the integer optimum 2, within the quota.
    @Test func solvesOddCycleQuotaCaseExactly() throws {
        // requests r1=0, r2=1, r'=2; offers o1=0, o2=1, o'=2; quota group 0 of capacity 1.
        let problem = try GeneralAssignmentProblem(
            unmatchedPenalties: [0, 0, 0],
            offerMarginalCosts: [[0], [0], [0]],
            edges: [
                GeneralEdge(request: 0, offer: 0, score: 1),
                GeneralEdge(request: 1, offer: 0, score: 1),
                GeneralEdge(request: 1, offer: 1, score: 1),
                GeneralEdge(request: 2, offer: 1, score: 1, quotaGroup: 0),
                GeneralEdge(request: 0, offer: 2, score: 1, quotaGroup: 0),
            ],
            quotaCapacities: [1])
        let result = try GeneralAssignmentSolver().solve(problem)
        #expect(result.objective == 2)
        #expect(result.quotaLoads[0] <= 1)
        #expect(result.objective == BruteForce.bestObjective(problem))
    }

    // Proves: rising marginal cost spreads load — two equally good supporters share four
    // requests 2/2 instead of one taking three — and a penalty keeps a request matched even
    // when its only edge is worth less than the load cost.
    @Test func convexCostSpreadsLoadAndPenaltyKeepsRequestsMatched() throws {
        let costs = GeneralAssignmentProblem.risingMarginalCosts(capacity: 4, first: 0, step: 3)
        #expect(costs == [0, 3, 6, 9])
        let problem = try GeneralAssignmentProblem(
            unmatchedPenalties: [0, 0, 0, 0, 20],
            offerMarginalCosts: [costs, costs],
            edges: (0..<4).flatMap { request in
                [GeneralEdge(request: request, offer: 0, score: 10),
                 GeneralEdge(request: request, offer: 1, score: 10)]
            } + [GeneralEdge(request: 4, offer: 0, score: 1)])
        let result = try GeneralAssignmentSolver().solve(problem)
        #expect(result.offerLoads.sorted() == [2, 3])
        #expect(result.offerForRequest[4] == 0)
        #expect(result.objective == BruteForce.bestObjective(problem))
    }

    // Proves: the search limit of the branch and bound (edge-level quotas: offer 0 has edges
    // with and without the group) is enforced and reported as an error rather than returning a
    // possibly non-optimal answer.
    @Test func searchLimitIsAnErrorNotAGuess() throws {
        let problem = try GeneralAssignmentProblem(
            unmatchedPenalties: [0, 0, 0, 0],
            offerMarginalCosts: [[0, 0, 0, 0]],
            edges: (0..<3).map { GeneralEdge(request: $0, offer: 0, score: 5, quotaGroup: 0) }
                + [GeneralEdge(request: 3, offer: 0, score: 1)],
            quotaCapacities: [1])
        #expect(OfferQuotaGroups(problem) == nil)
        #expect(throws: GeneralAssignmentError.searchNodeLimitExceeded(limit: 1)) {
            try GeneralAssignmentSolver(searchNodeLimit: 1).solve(problem)
        }
        #expect(try GeneralAssignmentSolver().solve(problem).objective == 6)
    }

    // Proves: determinism of the general solver — same problem, same assignment.
    @Test func sameInputGivesSameAssignment() throws {
        for iteration in 0..<200 {
            let problem = RandomInstances.smallGeneral(seed: 77 &+ UInt64(iteration))
            #expect(try GeneralAssignmentSolver().solve(problem) == GeneralAssignmentSolver().solve(problem))
        }
    }

    // Proves: invalid general problems are rejected with a precise error.
    @Test func rejectsInvalidProblems() {
        #expect(throws: GeneralAssignmentProblemError.marginalCostsNotNonDecreasing(offer: 0)) {
            try GeneralAssignmentProblem(unmatchedPenalties: [0], offerMarginalCosts: [[3, 1]], edges: [])
        }
        #expect(throws: GeneralAssignmentProblemError.quotaGroupOutOfRange(edge: 0, group: 2)) {
            try GeneralAssignmentProblem(
                unmatchedPenalties: [0], offerMarginalCosts: [[0]],
                edges: [GeneralEdge(request: 0, offer: 0, score: 1, quotaGroup: 2)], quotaCapacities: [1])
        }
        #expect(throws: GeneralAssignmentProblemError.penaltyOutOfRange(request: 0, penalty: -1)) {
            try GeneralAssignmentProblem(unmatchedPenalties: [-1], offerMarginalCosts: [], edges: [])
        }
    }
}
