/// Exact min-cost flow for the general problem without quotas (convex load costs, unmatched
/// penalties, mandatory requests), by the same request-at-a-time primal-dual method as the fast
/// solver but with arbitrary integer costs and therefore a binary heap.
///
/// Duals (min-cost form, cost = −value): `price[o]` per offer; per request the utility
/// `u[r] = score(assigned) − price[o]` when matched, `−penalty[r]` when unmatched. Invariants
/// between insertions: `u[r] + price[o] ≥ score` on every allowed edge (tight when assigned);
/// `u[r] ≥ −penalty[r]` unless mandatory; `marginal[o][load−1] ≤ price[o] ≤ marginal[o][load]`.
/// These are the reduced-cost optimality conditions of the flow network
/// request → offer → (k-th unit, cost marginal[o][k]) → sink, request → sink (cost penalty).
struct ConvexFlowState {
    let adjacency: RequestAdjacency
    let marginalCosts: [[Int]]
    let penalty: [Int]
    let mandatory: [Bool]
    let slotStart: [Int32]
    var slotRequest: [Int32]
    var load: [Int32]
    var price: [Int]
    var assignedPosition: [Int32]
    var assignedSlot: [Int32]
    var distance: [Int]
    var predecessorPosition: [Int32]
    var predecessorRequest: [Int32]
    var touched: [Int32] = []
    var settled: [Int32] = []
    var heap = MinimumHeap()

    static let unreached = Int.max

    init(problem: GeneralAssignmentProblem, allowedEdge: (Int) -> Bool, mandatory: [Bool]) {
        let edges = problem.edges
        adjacency = RequestAdjacency(
            requestCount: problem.requestCount, edgeCount: edges.count,
            request: { edges[$0].request }, offer: { edges[$0].offer }, score: { edges[$0].score },
            include: allowedEdge)
        marginalCosts = problem.offerMarginalCosts
        penalty = problem.unmatchedPenalties
        self.mandatory = mandatory
        let offerCount = problem.offerCount
        var starts = [Int32](repeating: 0, count: offerCount + 1)
        for offer in 0..<offerCount {
            starts[offer + 1] = starts[offer] + Int32(marginalCosts[offer].count)
        }
        slotStart = starts
        slotRequest = [Int32](repeating: -1, count: Int(starts[offerCount]))
        load = [Int32](repeating: 0, count: offerCount)
        // With load 0 the only bound is price ≤ marginal[0]; an offer of capacity 0 is never used.
        price = marginalCosts.map { $0.first ?? 0 }
        assignedPosition = [Int32](repeating: -1, count: problem.requestCount)
        assignedSlot = [Int32](repeating: -1, count: problem.requestCount)
        distance = [Int](repeating: Self.unreached, count: offerCount)
        predecessorPosition = [Int32](repeating: -1, count: offerCount)
        predecessorRequest = [Int32](repeating: -1, count: offerCount)
    }

    func utility(of request: Int) -> Int {
        let position = Int(assignedPosition[request])
        guard position >= 0 else { return -penalty[request] }
        return Int(adjacency.edges[position].score) - price[Int(adjacency.edges[position].offer)]
    }

    /// Marginal cost of the next unit on `offer`, or nil when it is full.
    func nextMarginalCost(_ offer: Int) -> Int? {
        let costs = marginalCosts[offer]
        return Int(load[offer]) < costs.count ? costs[Int(load[offer])] : nil
    }

    mutating func place(request: Int32, position: Int32, slot: Int32) {
        slotRequest[Int(slot)] = request
        assignedPosition[Int(request)] = position
        assignedSlot[Int(request)] = slot
    }

    func edgeIndexForRequest() -> [Int?] {
        assignedPosition.map { $0 < 0 ? nil : Int(adjacency.edgeIndex[Int($0)]) }
    }

    /// Warm start, before any search has moved a price: when the request's best edge leads to
    /// an offer whose next unit costs exactly its current price, and matching beats the
    /// penalty, taking that edge keeps every invariant (the price stays between the last and
    /// the next marginal cost, the request's utility is its maximum). True when placed.
    mutating func placeBestChoiceIfFree(_ request: Int) -> Bool {
        var best: (position: Int, utility: Int, free: Bool)?
        for position in adjacency.edges(of: request) {
            let offer = Int(adjacency.edges[position].offer)
            let utility = Int(adjacency.edges[position].score) - price[offer]
            let free = nextMarginalCost(offer) == price[offer]
            if best == nil || utility > best!.utility || (utility == best!.utility && free && !best!.free) {
                best = (position, utility, free)
            }
        }
        guard let best, best.free, mandatory[request] || best.utility > -penalty[request] else { return false }
        let offer = Int(adjacency.edges[best.position].offer)
        place(request: Int32(request), position: Int32(best.position), slot: slotStart[offer] + load[offer])
        load[offer] += 1
        return true
    }

    /// Solves the whole relaxation; nil when the mandatory requests cannot all be placed.
    static func solve(
        problem: GeneralAssignmentProblem, allowedEdge: (Int) -> Bool, mandatory: [Bool]
    ) -> [Int?]? {
        var state = ConvexFlowState(problem: problem, allowedEdge: allowedEdge, mandatory: mandatory)
        var pending: [Int32] = []
        for request in 0..<problem.requestCount where !state.placeBestChoiceIfFree(request) {
            pending.append(Int32(request))
        }
        for request in pending {
            guard state.insertRequest(request) else { return nil }
        }
        state.verifyOptimalityCertificate()
        return state.edgeIndexForRequest()
    }
}
