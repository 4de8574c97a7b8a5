/// How a search of `ConvexFlowState` ends its augmenting path.
enum ConvexPathEnd: Equatable {
    /// The inserted request stays unmatched: nothing beats its penalty.
    case insertedStaysUnmatched
    /// A placed request gives its unit up and becomes unmatched.
    case requestDropped(request: Int32)
    /// `request` takes the next unit of `offer` through adjacency `position`.
    case nextUnit(offer: Int32, request: Int32, position: Int32)
}

extension ConvexFlowState {
    /// Places `request` optimally: shortest augmenting path on reduced costs (Dijkstra with
    /// early exit), price update on the settled offers, then the shift of requests along the
    /// path. Returns false when the request is mandatory and no path exists.
    mutating func insertRequest(_ request: Int32) -> Bool {
        var bestUtility = Int.min
        for position in adjacency.edges(of: Int(request)) {
            let edge = adjacency.edges[position]
            bestUtility = max(bestUtility, Int(edge.score) - price[Int(edge.offer)])
        }
        let isMandatory = mandatory[Int(request)]
        if !isMandatory { bestUtility = max(bestUtility, -penalty[Int(request)]) }
        if bestUtility == Int.min { return false }  // mandatory without any edge
        // Staying unmatched costs `bestUtility + penalty` in reduced terms; every other end ≥ 0.
        var bound = isMandatory ? Int.max : bestUtility + penalty[Int(request)]
        var end = ConvexPathEnd.insertedStaysUnmatched
        if bound == 0 { return true }
        scan(request: request, edges: adjacency.edges(of: Int(request)), distance: 0,
             utility: bestUtility, bound: &bound, end: &end)
        while let entry = search.heap.popMinimum(), entry.distance < bound {
            guard search.distance[Int(entry.offer)] == entry.distance else { continue }  // stale
            if Int(entry.offer) < offerCount {
                settle(offer: entry.offer, distance: entry.distance, bound: &bound, end: &end)
            } else {
                settleGroup(node: entry.offer, distance: entry.distance, bound: bound)
            }
        }
        let feasible = bound != Int.max
        if feasible {
            for node in search.settled {
                let raise = bound - search.distance[Int(node)]
                if Int(node) < offerCount {
                    price[Int(node)] += raise
                } else {
                    groupPrice[Int(node) - offerCount] += raise
                }
            }
            augment(end: end)
        }
        search.reset()
        return feasible
    }

    /// Scans the requests placed on an offer settled at `distance`; each may end the path by
    /// giving its unit up (unless mandatory) or lead on to the offers of its other edges.
    private mutating func settle(offer: Int32, distance key: Int, bound: inout Int, end: inout ConvexPathEnd) {
        search.settled.append(offer)
        let offerPrice = price[Int(offer)]
        let first = Int(slotStart[Int(offer)])
        for slot in first..<(first + Int(load[Int(offer)])) {
            let record = slots[slot]
            let utility = Int(record.score) - offerPrice
            if record.dropPenalty >= 0 && key + utility + Int(record.dropPenalty) < bound {
                bound = key + utility + Int(record.dropPenalty)
                end = .requestDropped(request: record.request)
            }
            // Every other edge costs at least `utility − alternative` more than `key` to use.
            guard record.alternativeUtilityBound > Int.min,
                  key + utility - record.alternativeUtilityBound < bound else { continue }
            slots[slot].alternativeUtilityBound = scan(
                request: record.request, edges: Int(record.firstEdge)..<Int(record.endEdge),
                distance: key, utility: utility, bound: &bound, end: &end)
        }
        if !quotaGroups.isEmpty { relaxGroup(through: Int(offer), distance: key, bound: bound) }
    }

    /// Relaxes the edges of a request reached at `distance` whose utility is `utility`. An
    /// offer with a unit left ends a path at once (at its distance plus the unit's reduced
    /// cost); it is queued only when going through its occupants could still be cheaper.
    /// Returns the request's best `score − price` over its edges other than the assigned one.
    @inline(__always) @discardableResult
    private mutating func scan(
        request: Int32, edges: Range<Int>, distance: Int, utility: Int, bound: inout Int, end: inout ConvexPathEnd
    ) -> Int {
        let base = distance + utility
        let assigned = Int(assignedPosition[Int(request)])
        var alternative = Int.min
        for position in edges {
            let edge = adjacency.edges[position]
            let offer = Int(edge.offer)
            let offerPrice = price[offer]
            let reached = base + offerPrice - Int(edge.score)
            precondition(reached >= distance, "negative reduced cost: dual feasibility lost")
            if position != assigned { alternative = max(alternative, Int(edge.score) - offerPrice) }
            guard reached < bound, reached < search.distance[offer] else { continue }
            if let cost = nextUnitCostToSink(offer), reached + cost - offerPrice < bound {
                bound = reached + cost - offerPrice
                end = .nextUnit(offer: edge.offer, request: request, position: Int32(position))
                if reached >= bound { continue }  // the unit is free: nothing through it is cheaper
            }
            if search.distance[offer] == ConvexFlowScratch.unreached { search.touched.append(edge.offer) }
            search.distance[offer] = reached
            search.predecessorPosition[offer] = Int32(position)
            search.predecessorRequest[offer] = request
            search.heap.push(edge.offer, distance: reached)
        }
        return alternative
    }

    /// Moves requests along the path found: each takes the unit the next one gives up.
    private mutating func augment(end: ConvexPathEnd) {
        var moving: Int32
        var position: Int32
        var slot: Int32
        switch end {
        case .insertedStaysUnmatched:
            return
        case .requestDropped(let request):
            let freed = assignedSlot[Int(request)]
            let offer = Int(adjacency.edges[Int(assignedPosition[Int(request)])].offer)
            assignedPosition[Int(request)] = -1
            assignedSlot[Int(request)] = -1
            (moving, position, slot) = nextMove(vacated: freed, on: offer)
        case .nextUnit(let offer, let request, let reachedPosition):
            (moving, position, slot) = (request, reachedPosition, takeNextUnit(Int(offer)))
        }
        while true {
            let previousPosition = assignedPosition[Int(moving)]
            let previousSlot = assignedSlot[Int(moving)]
            place(request: moving, position: position, slot: slot)
            if previousPosition < 0 { return }  // reached the inserted request
            let offer = Int(adjacency.edges[Int(previousPosition)].offer)
            (moving, position, slot) = nextMove(vacated: previousSlot, on: offer)
        }
    }
}
