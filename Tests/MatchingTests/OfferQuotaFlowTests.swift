import Testing
@testable import Matching

@Suite struct OfferQuotaFlowTests {
    // Proves: when quota groups partition the offers (all offers grouped, or some grouped and
    // some not; narrow and wide values) the solver's objective equals exhaustive search, its
    // answer is feasible, and it never branches — including on instances where the quotas bind
    // (the quota-free optimum breaks one), which must make up a good share of the cases.
    @Test(arguments: OfferQuotaInstances.Grouping.allCases, OfferQuotaInstances.Values.allCases)
    func equalsExhaustiveSearchWithoutBranching(
        grouping: OfferQuotaInstances.Grouping, values: OfferQuotaInstances.Values
    ) throws {
        let iterations = PropertySettings.iterations(default: 1500)
        let solver = GeneralAssignmentSolver()
        var bindingCount = 0
        for iteration in 0..<iterations {
            let seed = PropertySettings.baseSeed &+ 5_000_000 &+ UInt64(iteration)
            let problem = OfferQuotaInstances.small(seed: seed, grouping: grouping, values: values)
            let result = try solver.solve(problem)
            if try OfferQuotaInstances.quotaBinds(problem, solver: solver) { bindingCount += 1 }
            let expected = BruteForce.bestObjective(problem)
            #expect(result.objective == expected, "seed \(seed)")
            #expect(Feasibility.checkedObjective(problem, result) == result.objective, "seed \(seed)")
            #expect(result.searchNodeCount == 1, "seed \(seed)")
            if result.objective != expected || result.searchNodeCount != 1 { return }
        }
        #expect(bindingCount * 5 >= iterations, "quotas bound in only \(bindingCount) of \(iterations) cases")
    }

    // Proves: with the service's shape of costs (load step 100,000, penalties by urgency,
    // scores up to 10^6) on medium Zipf-skewed instances where brute force cannot reach, with
    // quotas per offer group that bind (a few ungrouped offers too), the answer is feasible,
    // needs no branching, and its residual graph with the group layer has no negative cycle:
    // exact, by a certificate independent of the solver's prices.
    @Test(arguments: [UInt64(31), 32, 33], [1, 5, 20])
    func bindingQuotasOnMediumSkewedInstancesAreCertified(seed: UInt64, quota: Int) throws {
        let plain = RandomInstances.skewed(
            requestCount: 300, offerCount: 80, capacity: 4, perRequest: 10, exponent: 1.0, scoreMax: 1_000_000, seed: seed)
        let groupCount = 6
        let problem = try GeneralAssignmentProblem(
            unmatchedPenalties: (0..<plain.requestCount).map { [0, 5_000, 10_000][$0 % 3] * 100 },
            offerMarginalCosts: plain.offerCapacities.map {
                GeneralAssignmentProblem.risingMarginalCosts(capacity: $0, first: 0, step: 100_000)
            },
            edges: plain.edges.map {
                GeneralEdge(request: $0.request, offer: $0.offer, score: $0.score,
                            quotaGroup: $0.offer % 8 < groupCount ? $0.offer % 8 : nil)
            },
            quotaCapacities: [Int](repeating: quota, count: groupCount))
        #expect(try OfferQuotaInstances.quotaBinds(problem, solver: GeneralAssignmentSolver()))
        let result = try GeneralAssignmentSolver().solve(problem)
        #expect(result.searchNodeCount == 1)
        #expect(Feasibility.checkedObjective(problem, result) == result.objective)
        #expect(!ResidualGraph.hasNegativeCycle(problem, result))
        // The certificate can fail: leaving everyone unmatched is worse, and it says so.
        let nobody = GeneralAssignmentResult(
            problem: problem, edgeIndexForRequest: [Int?](repeating: nil, count: problem.requestCount), searchNodeCount: 1)
        #expect(nobody.objective < result.objective)
        #expect(ResidualGraph.hasNegativeCycle(problem, nobody))
    }

    // Proves: a quota of 0 shuts its offers out — the answer equals exhaustive search and equals
    // the answer for the same problem without those offers' edges (and without quotas).
    @Test func zeroQuotaShutsItsOffersOut() throws {
        for iteration in 0..<PropertySettings.iterations(default: 500) {
            let seed = PropertySettings.baseSeed &+ 6_000_000 &+ UInt64(iteration)
            let drawn = OfferQuotaInstances.small(seed: seed, grouping: .someOffers, values: .narrow)
            let problem = try GeneralAssignmentProblem(
                unmatchedPenalties: drawn.unmatchedPenalties, offerMarginalCosts: drawn.offerMarginalCosts,
                edges: drawn.edges, quotaCapacities: drawn.quotaCapacities.indices.map { $0 == 0 ? 0 : 1_000 })
            let withoutGroupZero = try GeneralAssignmentProblem(
                unmatchedPenalties: problem.unmatchedPenalties, offerMarginalCosts: problem.offerMarginalCosts,
                edges: problem.edges.filter { $0.quotaGroup != 0 }
                    .map { GeneralEdge(request: $0.request, offer: $0.offer, score: $0.score) })
            let result = try GeneralAssignmentSolver().solve(problem)
            #expect(result.quotaLoads.first ?? 0 == 0, "seed \(seed)")
            #expect(result.objective == BruteForce.bestObjective(problem), "seed \(seed)")
            #expect(result.objective == (try GeneralAssignmentSolver().solve(withoutGroupZero)).objective, "seed \(seed)")
        }
    }

    // Proves: the service's shape no longer needs branch and bound. On a medium instance with
    // binding per-offer-network quotas, a solver allowed a single search node answers (one
    // flow solve); its twin whose groups are made edge-level by one irrelevant extra edge (a
    // request that never wants it) must branch and exceeds that limit; and the general branch
    // and bound, given room, reaches the same optimum as the one flow solve.
    @Test func offerPartitionedQuotasNeedNoBranching() throws {
        var edges: [GeneralEdge] = []
        for request in 0..<14 {
            for step in 0..<3 {
                let offer = (request * 5 + step * 3) % 8
                edges.append(GeneralEdge(request: request, offer: offer, score: 10 + (request * 7 + offer * 3) % 13,
                                         quotaGroup: offer < 4 ? 0 : (offer < 6 ? 1 : nil)))
            }
        }
        let costs = (0..<8).map { _ in GeneralAssignmentProblem.risingMarginalCosts(capacity: 3, first: 0, step: 2) }
        let problem = try GeneralAssignmentProblem(
            unmatchedPenalties: (0..<14).map { $0 % 3 }, offerMarginalCosts: costs, edges: edges,
            quotaCapacities: [3, 2])
        #expect(try OfferQuotaInstances.quotaBinds(problem, solver: GeneralAssignmentSolver()))
        let single = try GeneralAssignmentSolver(searchNodeLimit: 1).solve(problem)
        #expect(single.searchNodeCount == 1)
        #expect(single.quotaLoads == [3, 2])

        // Request 14's only edge is worth far less than its penalty of 0; it breaks the partition.
        let twin = try GeneralAssignmentProblem(
            unmatchedPenalties: problem.unmatchedPenalties + [0], offerMarginalCosts: costs,
            edges: edges + [GeneralEdge(request: 14, offer: 0, score: -1_000, quotaGroup: nil)],
            quotaCapacities: [3, 2])
        #expect(throws: GeneralAssignmentError.searchNodeLimitExceeded(limit: 1)) {
            try GeneralAssignmentSolver(searchNodeLimit: 1).solve(twin)
        }
        let branched = try GeneralAssignmentSolver().solve(twin)
        #expect(branched.searchNodeCount > 1)
        #expect(branched.objective == single.objective)
    }

    // Proves: the partition is recognised exactly — groups per offer (with ungrouped offers and
    // offers without edges) give a partition; an offer with edges of two groups, or of a group
    // and of none, does not.
    @Test func recognisesOfferPartitions() throws {
        func problem(_ groups: [Int?]) throws -> GeneralAssignmentProblem {
            try GeneralAssignmentProblem(
                unmatchedPenalties: [0, 0], offerMarginalCosts: [[0], [0], [0]],
                edges: groups.enumerated().map { GeneralEdge(request: $0.offset % 2, offer: $0.offset / 2, score: 1, quotaGroup: $0.element) },
                quotaCapacities: [1, 1])
        }
        let partition = try #require(OfferQuotaGroups(try problem([0, 0, nil, nil])))
        #expect(partition.groupOfOffer == [0, -1, -1])
        #expect(partition.members(of: 0).map { partition.members[$0] } == [0])
        #expect(partition.members(of: 1).isEmpty)
        #expect(OfferQuotaGroups(try problem([0, 1])) == nil)
        #expect(OfferQuotaGroups(try problem([0, nil])) == nil)
    }
}
