import Matching

/// Primal and dual state of `ExactAssignmentSolver`, and its per-request shortest-path search.
///
/// Duals: `price[o] ≥ 0` per offer and, per request, `u[r] = score(assigned edge) − price[o]`
/// when matched and `0` when unmatched (kept implicit). Invariants between searches:
/// `u[r] + price[o] ≥ score` on every edge of every placed request, equality on assigned edges,
/// `price[o] > 0` only for full offers, `u[r] ≥ 0`. Together with a feasible assignment these
/// are exactly LP complementary slackness, so the assignment of the placed requests is optimal.
struct FastAssignmentState {
    let adjacency: RequestAdjacency
    let capacity: [Int32]
    let slotStart: [Int32]
    /// What the search needs about each occupied slot, in one record so that settling an
    /// offer reads one cache line (four slots) instead of chasing request → edge → score.
    struct Slot {
        var request: Int32
        var score: Int32
        var firstEdge: Int32
        var endEdge: Int32
    }

    var slots: [Slot]
    var load: [Int32]
    var price: [Int32]
    /// Adjacency position of the request's assigned edge, or −1.
    var assignedPosition: [Int32]
    var assignedSlot: [Int32]
    var search: ShortestPathScratch

    init(instance: AssignmentInstance) {
        let edges = instance.edges
        adjacency = RequestAdjacency(
            requestCount: instance.requestCount, edgeCount: edges.count,
            request: { edges[$0].request }, offer: { edges[$0].offer }, score: { edges[$0].score })
        capacity = instance.offerCapacities.map { Int32($0) }
        var starts = [Int32](repeating: 0, count: instance.offerCount + 1)
        for offer in 0..<instance.offerCount {
            starts[offer + 1] = starts[offer] + capacity[offer]
        }
        precondition(Int(starts[instance.offerCount]) < Int(Int32.max))
        slotStart = starts
        slots = [Slot](
            repeating: Slot(request: -1, score: 0, firstEdge: 0, endEdge: 0),
            count: Int(starts[instance.offerCount]))
        load = [Int32](repeating: 0, count: instance.offerCount)
        price = [Int32](repeating: 0, count: instance.offerCount)
        assignedPosition = [Int32](repeating: -1, count: instance.requestCount)
        assignedSlot = [Int32](repeating: -1, count: instance.requestCount)
        search = ShortestPathScratch(offerCount: instance.offerCount, keyLimit: instance.scoreMax + 1)
    }

    /// Warm start: every request whose best edge (prices are all 0) leads to an offer with room
    /// takes it. Returns the requests left for the search, in index order.
    mutating func placeBestChoices() -> [Int32] {
        var pending: [Int32] = []
        for request in 0..<(adjacency.start.count - 1) {
            var bestPosition = -1
            var bestScore: Int32 = 0
            var bestHasRoom = false
            for position in adjacency.edges(of: request) {
                let offer = Int(adjacency.edges[position].offer)
                let hasRoom = load[offer] < capacity[offer]
                let score = adjacency.edges[position].score
                if score > bestScore || (score == bestScore && hasRoom && !bestHasRoom) {
                    (bestPosition, bestScore, bestHasRoom) = (position, score, hasRoom)
                }
            }
            if bestPosition < 0 { continue }  // no edge: stays unmatched, u = 0
            if bestHasRoom {
                let offer = Int(adjacency.edges[bestPosition].offer)
                place(request: Int32(request), position: Int32(bestPosition),
                      slot: slotStart[offer] + load[offer])
                load[offer] += 1
            } else {
                pending.append(Int32(request))
            }
        }
        return pending
    }

    mutating func place(request: Int32, position: Int32, slot: Int32) {
        slots[Int(slot)] = Slot(
            request: request, score: adjacency.edges[Int(position)].score,
            firstEdge: adjacency.start[Int(request)], endEdge: adjacency.start[Int(request) + 1])
        assignedPosition[Int(request)] = position
        assignedSlot[Int(request)] = slot
    }

    /// Utility of a placed request under the current prices.
    func utility(of request: Int) -> Int {
        let position = Int(assignedPosition[request])
        guard position >= 0 else { return 0 }
        return Int(adjacency.edges[position].score) - Int(price[Int(adjacency.edges[position].offer)])
    }

    func edgeIndexForRequest() -> [Int?] {
        assignedPosition.map { $0 < 0 ? nil : Int(adjacency.edgeIndex[Int($0)]) }
    }
}
