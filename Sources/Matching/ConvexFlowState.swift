/// Exact min-cost flow for the general problem without quotas (convex load costs, unmatched
/// penalties, mandatory requests): primal-dual successive shortest paths, one request at a
/// time (the Hungarian method for capacitated, rectangular problems with convex costs).
///
/// Duals (min-cost form, cost = −value): `price[o]` per offer; per request the utility
/// `u[r] = score(assigned) − price[o]` when matched, `−penalty[r]` when unmatched. Invariants
/// between insertions, over the requests placed so far: `u[r] + price[o] ≥ score` on every
/// allowed edge (tight when assigned); `u[r] ≥ −penalty[r]` unless mandatory;
/// `marginal[o][load−1] ≤ price[o] ≤ marginal[o][load]`. These are the reduced-cost optimality
/// conditions of the flow network request → offer → (k-th unit, cost marginal[o][k]) → sink,
/// request → sink (cost penalty), so the placed requests' assignment is always optimal.
///
/// What makes it fast, whatever the score range and however skewed the candidate lists:
/// 1. Warm start. A request whose best edge leads to an offer whose next unit costs exactly
///    its price keeps every invariant by taking it, so most requests are placed in one linear
///    pass without any search. Without mandatory requests (every relaxation but the quota
///    search's forced branches) the pass bids instead (`bid`, LAPJV's row reduction): a request
///    whose best offer is full raises its price as far as the occupants allow and evicts the
///    occupant with the least room, which bids in turn; on Zipf-skewed lists this leaves 5-30x
///    fewer requests for searches and halves the edges they scan.
/// 2. Early exit. Each remaining request runs Dijkstra on reduced costs only until the cheapest
///    way to end its path (an offer's next unit, a placed request giving its slot up, or the
///    request itself staying unmatched) is certain; only the offers settled before then get
///    their price raised. A next unit is seen as soon as its offer is reached, not when the
///    offer is settled, so most searches end without touching the heap.
/// 3. A 4-ary heap keyed by reduced distance (`DistanceHeap`), whose cost does not grow with
///    the score range, unlike a bucket queue. Cost scaling (OR-Tools) would also be
///    range-independent but does O(log range) passes over all edges; here almost all the work
///    is the warm start's single pass, and searches stay local.
/// 4. Slot records. Each occupied unit of an offer keeps what a search needs about its request
///    (score, edge range, penalty) in one record, so settling an offer reads its slots
///    contiguously instead of chasing request → edge → score.
///
/// Quotas that partition the offers (`OfferQuotaGroups`) are capacities of a group layer:
/// offer → unit → group node → sink. Each group has a price `groupPrice[g] ≥ 0`, positive only
/// when the group is full, and the unit conditions read
/// `marginal[o][load−1] + groupPrice[g] ≤ price[o] ≤ marginal[o][load] + groupPrice[g]`.
/// A path may end at an offer's next unit only when its group has room; through a full group
/// it goes on to another offer of the group that gives its last unit up (`settleGroup`).
/// A group's use never falls (a path enters the sink once and never leaves it), so a group
/// once full stays full; without groups none of this costs more than a branch.
///
/// Exactness is not taken on trust: `verifyOptimalityCertificate` checks the invariants above
/// on every solve, with `precondition`.
struct ConvexFlowState {
    /// What a search needs about the request in an occupied unit of an offer.
    struct Slot {
        var request: Int32
        var score: Int32
        var firstEdge: Int32
        var endEdge: Int32
        /// The request's unmatched penalty, or −1 when it is mandatory (may not be dropped).
        var dropPenalty: Int32
        /// At least the request's best `score − price` over its other edges (Int.min without
        /// any). Prices only rise, so a value once exact stays an upper bound: a search may skip
        /// the request's edges when even this best alternative could not beat its bound.
        var alternativeUtilityBound: Int
    }

    let adjacency: RequestAdjacency
    /// Marginal cost of each unit, offer by offer: units `slotStart[o] ..< slotStart[o + 1]`.
    let unitCost: [Int]
    let slotStart: [Int32]
    let penalty: [Int]
    let mandatory: [Bool]
    var slots: [Slot]
    var load: [Int32]
    var price: [Int]
    /// Adjacency position of the request's assigned edge, or −1.
    var assignedPosition: [Int32]
    var assignedSlot: [Int32]
    /// Quota groups solved as capacities (`.none` for the quota-free relaxation).
    let quotaGroups: OfferQuotaGroups
    /// Per group: units used, and its price (≥ 0, positive only when full).
    var groupUsage: [Int]
    var groupPrice: [Int]
    var search: ConvexFlowScratch

    init(problem: GeneralAssignmentProblem, allowedEdge: ((Int) -> Bool)?, mandatory: [Bool],
         quotaGroups: OfferQuotaGroups = .none) {
        let edges = problem.edges
        adjacency = RequestAdjacency(
            requestCount: problem.requestCount, edgeCount: edges.count,
            request: { edges[$0].request }, offer: { edges[$0].offer }, score: { edges[$0].score },
            include: allowedEdge ?? { _ in true })
        let offerCount = problem.offerCount
        var starts = [Int32](repeating: 0, count: offerCount + 1)
        var costs: [Int] = []
        for offer in 0..<offerCount {
            costs.append(contentsOf: problem.offerMarginalCosts[offer])
            precondition(costs.count < Int(Int32.max), "total capacity exceeds 32-bit slots")
            starts[offer + 1] = Int32(costs.count)
        }
        unitCost = costs
        slotStart = starts
        penalty = problem.unmatchedPenalties
        self.mandatory = mandatory
        slots = [Slot](
            repeating: Slot(request: -1, score: 0, firstEdge: 0, endEdge: 0, dropPenalty: -1, alternativeUtilityBound: 0),
            count: costs.count)
        load = [Int32](repeating: 0, count: offerCount)
        // With load 0 the only bound is price ≤ marginal[0]; an offer of capacity 0 is never used.
        price = problem.offerMarginalCosts.map { $0.first ?? 0 }
        assignedPosition = [Int32](repeating: -1, count: problem.requestCount)
        assignedSlot = [Int32](repeating: -1, count: problem.requestCount)
        self.quotaGroups = quotaGroups
        groupUsage = [Int](repeating: 0, count: quotaGroups.groupCount)
        groupPrice = [Int](repeating: 0, count: quotaGroups.groupCount)
        search = ConvexFlowScratch(nodeCount: offerCount + quotaGroups.groupCount)
    }

    var offerCount: Int { load.count }

    /// The offer's quota group, or −1.
    @inline(__always)
    func group(of offer: Int) -> Int {
        quotaGroups.isEmpty ? -1 : Int(quotaGroups.groupOfOffer[offer])
    }

    /// Marginal cost of the next unit on `offer` when a path may end there: a unit is left and
    /// the offer's group, if any, has room. Nil otherwise.
    @inline(__always)
    func nextUnitCostToSink(_ offer: Int) -> Int? {
        guard let cost = nextUnitCost(offer) else { return nil }
        let group = group(of: offer)
        if group >= 0 && groupUsage[group] >= quotaGroups.capacities[group] { return nil }
        return cost
    }

    /// Takes the next unit of `offer` for one more matched request (the warm start, a bid, or a
    /// path that ends at the sink through this unit): the offer's load and its group's use grow
    /// by one. Returns the unit's slot. (A path through a full group moves a unit instead.)
    mutating func takeNextUnit(_ offer: Int) -> Int32 {
        let slot = slotStart[offer] + load[offer]
        precondition(slot < slotStart[offer + 1], "capacity violated")
        load[offer] += 1
        let group = group(of: offer)
        if group >= 0 {
            groupUsage[group] += 1
            precondition(groupUsage[group] <= quotaGroups.capacities[group], "quota violated")
        }
        return slot
    }

    /// Marginal cost of the next unit on `offer`, or nil when it is full.
    @inline(__always)
    func nextUnitCost(_ offer: Int) -> Int? {
        let slot = Int(slotStart[offer]) + Int(load[offer])
        return slot < Int(slotStart[offer + 1]) ? unitCost[slot] : nil
    }

    func utility(of request: Int) -> Int {
        let position = Int(assignedPosition[request])
        guard position >= 0 else { return -penalty[request] }
        return Int(adjacency.edges[position].score) - price[Int(adjacency.edges[position].offer)]
    }

    /// Puts `request` in `slot` through adjacency `position`; `alternative` is its best
    /// `score − price` over its other edges when the caller knows it.
    mutating func place(request: Int32, position: Int32, slot: Int32, alternative: Int? = nil) {
        let first = adjacency.start[Int(request)]
        let end = adjacency.start[Int(request) + 1]
        let drop = mandatory[Int(request)] ? -1 : Int32(penalty[Int(request)])
        var bound = Int.min
        if let alternative {
            bound = alternative
        } else {
            for other in Int(first)..<Int(end) where other != Int(position) {
                let edge = adjacency.edges[other]
                bound = max(bound, Int(edge.score) - price[Int(edge.offer)])
            }
        }
        slots[Int(slot)] = Slot(request: request, score: adjacency.edges[Int(position)].score,
                                firstEdge: first, endEdge: end, dropPenalty: drop, alternativeUtilityBound: bound)
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
        let (bestPosition, bestUtility, bestIsFree, secondUtility) = bestChoice(request)
        guard bestIsFree, mandatory[request] || bestUtility > -penalty[request] else { return false }
        let offer = Int(adjacency.edges[bestPosition].offer)
        place(request: Int32(request), position: Int32(bestPosition), slot: takeNextUnit(offer),
              alternative: secondUtility)
        return true
    }

    /// The request's best edge at the current prices (the highest score less price; among equals
    /// one whose offer's next unit costs exactly its price — "free" — first), whether it is free,
    /// and the best utility over its other edges (`Int.min` when it has none). Position -1: no edge.
    func bestChoice(_ request: Int) -> (position: Int, utility: Int, isFree: Bool, secondUtility: Int) {
        var bestPosition = -1
        var bestUtility = Int.min
        var bestIsFree = false
        var secondUtility = Int.min  // best over the edges other than `bestPosition`
        for position in adjacency.edges(of: request) {
            let offer = Int(adjacency.edges[position].offer)
            let utility = Int(adjacency.edges[position].score) - price[offer]
            guard utility >= bestUtility else {
                secondUtility = max(secondUtility, utility)
                continue
            }
            let isFree = nextUnitCostToSink(offer) == price[offer]
            if utility > bestUtility || (isFree && !bestIsFree) {
                secondUtility = max(secondUtility, bestUtility)
                (bestPosition, bestUtility, bestIsFree) = (position, utility, isFree)
            } else {
                secondUtility = max(secondUtility, utility)
            }
        }
        return (bestPosition, bestUtility, bestIsFree, secondUtility)
    }

    /// Solves the whole relaxation; nil when the mandatory requests cannot all be placed.
    /// With `quotaGroups`, the quotas they describe are kept as capacities.
    static func solve(
        problem: GeneralAssignmentProblem, allowedEdge: ((Int) -> Bool)?, mandatory: [Bool],
        quotaGroups: OfferQuotaGroups = .none
    ) -> [Int?]? {
        var state = ConvexFlowState(
            problem: problem, allowedEdge: allowedEdge, mandatory: mandatory, quotaGroups: quotaGroups)
        var pending: [Int32] = []
        if mandatory.contains(true) {
            for request in 0..<problem.requestCount where !state.placeBestChoiceIfFree(request) {
                pending.append(Int32(request))
            }
        } else {
            pending = state.placeByBidding()
        }
        for request in pending {
            guard state.insertRequest(request) else { return nil }
        }
        state.verifyOptimalityCertificate()
        return state.edgeIndexForRequest()
    }
}

/// Per-search scratch space of `ConvexFlowState`, reset after each search in time
/// proportional to what the search touched (never to the number of offers).
struct ConvexFlowScratch {
    static let unreached = Int.max

    /// Tentative reduced distance from the inserted request to each node: the offers, then
    /// the quota groups (node `offerCount + g`).
    var distance: [Int]
    /// For an offer: the adjacency position (and its request) through which it was reached;
    /// request −1 when it was reached from its group (it gives its last unit up).
    /// For a group: `predecessorPosition` is the offer whose next unit reached it.
    var predecessorPosition: [Int32]
    var predecessorRequest: [Int32]
    var touched: [Int32] = []
    var settled: [Int32] = []
    var heap = DistanceHeap()

    init(nodeCount: Int) {
        distance = [Int](repeating: Self.unreached, count: nodeCount)
        predecessorPosition = [Int32](repeating: -1, count: nodeCount)
        predecessorRequest = [Int32](repeating: -1, count: nodeCount)
    }

    mutating func reset() {
        for node in touched {
            distance[Int(node)] = Self.unreached
        }
        touched.removeAll(keepingCapacity: true)
        settled.removeAll(keepingCapacity: true)
        heap.removeAll()
    }
}
