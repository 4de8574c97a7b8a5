import MatchingBenchmarkSupport
import Testing
@testable import Matching

/// The plain problem (the benchmark format: no load cost, penalty or quota) solved by the one
/// solver the service uses, `GeneralAssignmentSolver`.
@Suite struct PlainAssignmentTests {
    static func solve(_ instance: AssignmentInstance) -> GeneralAssignmentResult {
        try! GeneralAssignmentSolver().solve(GeneralAssignmentProblem(instance))
    }

    // Proves: the solver returns the optimum, equal to exhaustive search, on thousands of
    // small random plain instances (ties, zero capacities, repeated pairs, requests without
    // edges), and that its answer is feasible and its reported figures are its own.
    @Test func equalsExhaustiveSearchOnSmallRandomInstances() {
        let iterations = PropertySettings.iterations(default: 4000)
        for iteration in 0..<iterations {
            let seed = PropertySettings.baseSeed &+ UInt64(iteration)
            let instance = RandomInstances.small(seed: seed)
            let result = Self.solve(instance)
            let expected = BruteForce.bestTotalScore(instance)
            let checked = Feasibility.checkedTotalScore(instance, result)
            #expect(result.totalScore == expected && result.objective == expected, "seed \(seed)")
            #expect(checked == result.totalScore, "seed \(seed): infeasible or misreported")
            #expect(result.matchedCount == result.edgeIndexForRequest.compactMap { $0 }.count, "seed \(seed)")
            if result.totalScore != expected || checked != result.totalScore { return }
        }
    }

    // Proves: capacity and exclusion constraints hold on larger instances shaped like the
    // benchmark, where some offers are saturated: no offer above capacity, no request on a pair
    // that has no edge, every request on at most one offer.
    @Test(arguments: [UInt64(1), 2, 3])
    func neverViolatesCapacityOrExclusions(seed: UInt64) {
        let instance = RandomInstances.sparse(
            requestCount: 600, offerCount: 100, capacity: 3, perRequest: 6, scoreMax: 50, seed: seed)
        let result = Self.solve(instance)
        #expect(Feasibility.checkedTotalScore(instance, result) == result.totalScore, "seed \(seed)")
        var loads = [Int](repeating: 0, count: instance.offerCount)
        for case let offer? in result.offerForRequest { loads[offer] += 1 }
        #expect(loads.allSatisfy { $0 <= 3 })
        #expect(result.matchedCount <= 300)
    }

    // Proves: determinism — solving the same instance twice (and a copy of it) gives the same
    // assignment, edge by edge, not only the same score.
    @Test func sameInputGivesSameAssignment() {
        let instance = RandomInstances.sparse(
            requestCount: 2000, offerCount: 500, capacity: 4, perRequest: 20, scoreMax: 1000, seed: 7)
        let first = Self.solve(instance)
        let copy = try! AssignmentInstance(
            requestCount: instance.requestCount, offerCapacities: instance.offerCapacities,
            scoreMax: instance.scoreMax, edges: instance.edges)
        let second = Self.solve(copy)
        #expect(first == second)
    }

    // Proves: on medium instances (too big for brute force), uniform and Zipf-skewed, with scores
    // up to 1,000 and up to 10^6, the answer is feasible and its residual graph has no negative
    // cycle — an optimality certificate computed by Bellman–Ford, independent of the solver's
    // own prices — so the solver is not exact only on tiny cases.
    @Test(arguments: [(UInt64(11), 0.0, 30), (12, 0.0, 1_000_000), (13, 1.0, 1000), (14, 1.2, 1_000_000)])
    func mediumInstancesHaveNoNegativeResidualCycle(seed: UInt64, skew: Double, scoreMax: Int) throws {
        let instance = RandomInstances.skewed(
            requestCount: 400, offerCount: 60, capacity: 5, perRequest: 8, exponent: skew, scoreMax: scoreMax, seed: seed)
        let problem = GeneralAssignmentProblem(instance)
        let result = try GeneralAssignmentSolver().solve(problem)
        #expect(Feasibility.checkedObjective(problem, result) == result.objective, "seed \(seed)")
        #expect(!ResidualGraph.hasNegativeCycle(problem, result), "seed \(seed)")
    }

    // Proves: a hand-checked case — the greedy choice (the 10-point edge) is not optimal and
    // the solver finds the better 9 + 8 arrangement; a request with no edge stays unmatched.
    @Test func beatsGreedyOnHandCheckedCase() throws {
        let instance = try AssignmentInstanceParser().parse("""
        3 2 1 10 3
        0 0 10
        0 1 9
        1 0 8
        """)
        let result = Self.solve(instance)
        #expect(result.totalScore == 17)
        #expect(result.offerForRequest == [1, 0, nil])
        #expect(result.matchedCount == 2)
    }
}
