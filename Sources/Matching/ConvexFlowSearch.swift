/// How a search of `ConvexFlowState` ends its augmenting path.
enum ConvexPathEnd: Equatable {
    case insertedStaysUnmatched
    case requestDropped(request: Int32)
    /// The request that reached `offer` takes its next free slot.
    case nextSlot(offer: Int32)
}

extension ConvexFlowState {
    /// Places `request` optimally (shortest augmenting path, Dijkstra on reduced costs with
    /// early exit). Returns false when it is mandatory and no path exists.
    mutating func insertRequest(_ request: Int32) -> Bool {
        var bestUtility = Int.min
        for position in adjacency.edges(of: Int(request)) {
            let offer = Int(adjacency.edges[position].offer)
            bestUtility = max(bestUtility, Int(adjacency.edges[position].score) - price[offer])
        }
        let isMandatory = mandatory[Int(request)]
        if !isMandatory { bestUtility = max(bestUtility, -penalty[Int(request)]) }
        if bestUtility == Int.min { return false }  // mandatory without any edge
        var bound = isMandatory ? Int.max : bestUtility + penalty[Int(request)]
        var end = ConvexPathEnd.insertedStaysUnmatched
        scan(request: request, distance: 0, utility: bestUtility, bound: bound)
        while let (key, offer) = heap.popMinimum(), key < bound {
            if distance[Int(offer)] != key { continue }
            settled.append(offer)
            if let cost = nextMarginalCost(Int(offer)), key + cost - price[Int(offer)] < bound {
                bound = key + cost - price[Int(offer)]
                end = .nextSlot(offer: offer)
            }
            let first = Int(slotStart[Int(offer)])
            for slot in first..<(first + Int(load[Int(offer)])) {
                let placed = slotRequest[slot]
                let utility = self.utility(of: Int(placed))
                if !mandatory[Int(placed)] && key + utility + penalty[Int(placed)] < bound {
                    bound = key + utility + penalty[Int(placed)]
                    end = .requestDropped(request: placed)
                }
                scan(request: placed, distance: key, utility: utility, bound: bound)
            }
        }
        let feasible = bound != Int.max
        if feasible {
            for offer in settled { price[Int(offer)] += bound - distance[Int(offer)] }
            augment(inserted: request, end: end)
        }
        for offer in touched { distance[Int(offer)] = Self.unreached }
        touched.removeAll(keepingCapacity: true)
        settled.removeAll(keepingCapacity: true)
        heap.removeAll()
        return feasible
    }

    private mutating func scan(request: Int32, distance reachedAt: Int, utility: Int, bound: Int) {
        for position in adjacency.edges(of: Int(request)) {
            let offer = Int(adjacency.edges[position].offer)
            let reached = reachedAt + utility + price[offer] - Int(adjacency.edges[position].score)
            precondition(reached >= reachedAt, "negative reduced cost: dual feasibility lost")
            guard reached < bound, reached < distance[offer] else { continue }
            if distance[offer] == Self.unreached { touched.append(Int32(offer)) }
            distance[offer] = reached
            predecessorPosition[offer] = Int32(position)
            predecessorRequest[offer] = request
            heap.push(Int32(offer), key: reached)
        }
    }

    private mutating func augment(inserted: Int32, end: ConvexPathEnd) {
        var offer: Int
        var slot: Int32
        switch end {
        case .insertedStaysUnmatched:
            return
        case .requestDropped(let request):
            offer = Int(adjacency.edges[Int(assignedPosition[Int(request)])].offer)
            slot = assignedSlot[Int(request)]
            assignedPosition[Int(request)] = -1
            assignedSlot[Int(request)] = -1
        case .nextSlot(let reachedOffer):
            offer = Int(reachedOffer)
            slot = slotStart[offer] + load[offer]
            load[offer] += 1
        }
        while true {
            let moving = predecessorRequest[offer]
            let previousPosition = assignedPosition[Int(moving)]
            let previousSlot = assignedSlot[Int(moving)]
            place(request: moving, position: predecessorPosition[offer], slot: slot)
            if previousPosition < 0 {
                precondition(moving == inserted, "augmenting path does not start at the inserted request")
                return
            }
            offer = Int(adjacency.edges[Int(previousPosition)].offer)
            slot = previousSlot
        }
    }
}
