import Testing
@testable import Matching

@Suite struct ConvexFlowBiddingTests {
    /// A medium Zipf-skewed problem with penalties and free units (bids act on full offers).
    private static func skewedProblem(seed: UInt64) throws -> GeneralAssignmentProblem {
        let plain = RandomInstances.skewed(
            requestCount: 400, offerCount: 80, capacity: 3, perRequest: 10, exponent: 1.0, scoreMax: 1_000_000, seed: seed)
        return try GeneralAssignmentProblem(
            unmatchedPenalties: (0..<plain.requestCount).map { [0, 50_000, 100_000][$0 % 3] },
            offerMarginalCosts: plain.offerCapacities.map {
                GeneralAssignmentProblem.risingMarginalCosts(capacity: $0, first: 0, step: 0)
            },
            edges: plain.edges.map { GeneralEdge(request: $0.request, offer: $0.offer, score: $0.score) })
    }

    // Proves: bidding places more requests without a search than the warm start alone (so it
    // is exercised: it evicts from popular offers), and the searches that follow it end at the
    // same optimum as the searches after the warm start, with a valid certificate and no
    // negative residual cycle.
    @Test(arguments: [UInt64(41), 42, 43])
    func biddingLeavesFewerSearchesAndTheSameOptimum(seed: UInt64) throws {
        let problem = try Self.skewedProblem(seed: seed)
        let none = [Bool](repeating: false, count: problem.requestCount)
        var warm = ConvexFlowState(problem: problem, allowedEdge: nil, mandatory: none)
        let warmPending = (0..<problem.requestCount).filter { !warm.placeBestChoiceIfFree($0) }
        var bidding = ConvexFlowState(problem: problem, allowedEdge: nil, mandatory: none)
        let biddingPending = bidding.placeByBidding()
        #expect(biddingPending.count < warmPending.count)
        for request in warmPending {
            let placed = warm.insertRequest(Int32(request))
            #expect(placed)
        }
        for request in biddingPending {
            let placed = bidding.insertRequest(request)
            #expect(placed)
        }
        warm.verifyOptimalityCertificate()
        bidding.verifyOptimalityCertificate()
        let warmObjective = GeneralAssignmentSolver.objective(problem, warm.edgeIndexForRequest())
        let biddingObjective = GeneralAssignmentSolver.objective(problem, bidding.edgeIndexForRequest())
        #expect(biddingObjective == warmObjective)
        let result = try GeneralAssignmentSolver().solve(problem)
        #expect(result.objective == warmObjective)
        #expect(!ResidualGraph.hasNegativeCycle(problem, result))
    }

    // Proves: on one offer of capacity 1 wanted by two requests, the second bidder evicts the
    // first by raising the price to its own indifference (nothing else limits it: no occupant
    // stays), and the evicted request, bidding again, stays unmatched; the state is optimal.
    @Test func bidRaisesThePriceToTheBiddersIndifference() throws {
        let problem = try GeneralAssignmentProblem(
            unmatchedPenalties: [3, 4],
            offerMarginalCosts: [[0]],
            edges: [GeneralEdge(request: 0, offer: 0, score: 10), GeneralEdge(request: 1, offer: 0, score: 20)])
        var state = ConvexFlowState(problem: problem, allowedEdge: nil, mandatory: [false, false])
        let first = state.bid(0)
        #expect(first == .placed)
        #expect(state.price[0] == 0)
        let second = state.bid(1)
        #expect(second == .placedEvicting(evicted: 0))
        // Request 1 is indifferent between the offer and its penalty at price 20 + 4.
        #expect(state.price[0] == 24)
        let again = state.bid(0)
        #expect(again == .placed)  // 10 − 24 < −3: stays unmatched
        #expect(state.edgeIndexForRequest() == [nil, 1])
        state.verifyOptimalityCertificate()
    }
}
