extension FastAssignmentState {
    /// Places `request` optimally: shortest augmenting path on reduced costs, price update on
    /// the settled offers, then the shift of requests along the path.
    mutating func insertRequest(_ request: Int32) {
        var bestUtility = 0
        for position in adjacency.edges(of: Int(request)) {
            let edge = adjacency.edges[position]
            bestUtility = max(bestUtility, Int(edge.score) - Int(price[Int(edge.offer)]))
        }
        // Every path end costs at least 0 and staying unmatched costs `bestUtility`.
        var bound = bestUtility
        var end = PathEnd.insertedStaysUnmatched
        if bound == 0 { return }
        scan(request: request, edges: adjacency.edges(of: Int(request)), distance: 0,
             utility: bestUtility, bound: &bound, end: &end)
        var key = 0
        while key < bound {
            // Every entry left at `key` is final: reduced costs are ≥ 0, so nothing found later
            // can be closer. Taking the whole bucket at once lets its memory be fetched together.
            search.queue.drainBucket(key: key, into: &search.batch)
            search.batch.removeAll { search.distance[Int($0)] != Int32(key) }  // stale entries
            if search.batch.isEmpty {
                key += 1
                continue
            }
            touchMemory(ofOffers: search.batch)
            for offer in search.batch where key < bound {
                settle(offer: offer, distance: key, bound: &bound, end: &end)
            }
        }
        for offer in search.settled {
            price[Int(offer)] += Int32(bound) - search.distance[Int(offer)]
        }
        augment(end: end)
        search.reset()
    }

    /// Scans the requests placed on an offer settled at `distance`.
    private mutating func settle(offer: Int32, distance key: Int, bound: inout Int, end: inout PathEnd) {
        search.settled.append(offer)
        let offerPrice = Int(price[Int(offer)])
        let first = Int(slotStart[Int(offer)])
        for slot in first..<(first + Int(load[Int(offer)])) {
            let record = slots[slot]
            let utility = Int(record.score) - offerPrice
            if key + utility < bound {
                bound = key + utility
                end = .requestDropped(request: record.request)
            }
            scan(request: record.request, edges: Int(record.firstEdge)..<Int(record.endEdge),
                 distance: key, utility: utility, bound: &bound, end: &end)
        }
    }

    /// Reads the slot records of `offers`, then the first edge of each slot's request, before
    /// any is scanned. Both lie at random places in memory; reading them in tight independent
    /// loops lets the processor overlap the cache misses instead of paying them one by one.
    /// The sum is kept only so that the reads are not optimised away.
    private mutating func touchMemory(ofOffers offers: [Int32]) {
        var sum: Int32 = 0
        for offer in offers where load[Int(offer)] > 0 {
            sum &+= slots[Int(slotStart[Int(offer)])].firstEdge
        }
        for offer in offers {
            let first = Int(slotStart[Int(offer)])
            for slot in first..<(first + Int(load[Int(offer)])) {
                let record = slots[slot]
                if record.firstEdge < record.endEdge { sum &+= adjacency.edges[Int(record.firstEdge)].offer }
            }
        }
        search.touchedMemoryChecksum &+= sum
    }

    /// Relaxes the edges of a request reached at `distance` whose utility is `utility`.
    private mutating func scan(
        request: Int32, edges: Range<Int>, distance: Int, utility: Int, bound: inout Int, end: inout PathEnd
    ) {
        let base = distance + utility
        for position in edges {
            let edge = adjacency.edges[position]
            let offer = Int(edge.offer)
            let reached = base + Int(price[offer]) - Int(edge.score)
            precondition(reached >= distance, "negative reduced cost: dual feasibility lost")
            if reached >= bound { continue }
            if load[offer] < capacity[offer] {
                bound = reached
                end = .freeSlot(offer: edge.offer, request: request, position: Int32(position))
                continue
            }
            if reached < Int(search.distance[offer]) {
                if search.distance[offer] == ShortestPathScratch.unreached {
                    search.touched.append(edge.offer)
                }
                search.distance[offer] = Int32(reached)
                search.predecessorPosition[offer] = Int32(position)
                search.predecessorRequest[offer] = request
                search.queue.insert(edge.offer, key: reached)
            }
        }
    }

    /// Moves requests along the path found: each takes the slot the next one gives up.
    private mutating func augment(end: PathEnd) {
        var moving: Int32
        var position: Int32
        var slot: Int32
        switch end {
        case .insertedStaysUnmatched:
            return
        case .requestDropped(let request):
            let freed = assignedSlot[Int(request)]
            let offer = adjacency.edges[Int(assignedPosition[Int(request)])].offer
            assignedPosition[Int(request)] = -1
            assignedSlot[Int(request)] = -1
            (moving, position, slot) = (
                search.predecessorRequest[Int(offer)], search.predecessorPosition[Int(offer)], freed)
        case .freeSlot(let offer, let request, let reachedPosition):
            precondition(price[Int(offer)] == 0, "an offer with room must have price 0")
            (moving, position, slot) = (request, reachedPosition, slotStart[Int(offer)] + load[Int(offer)])
            load[Int(offer)] += 1
        }
        while true {
            let previousPosition = assignedPosition[Int(moving)]
            let previousSlot = assignedSlot[Int(moving)]
            place(request: moving, position: position, slot: slot)
            if previousPosition < 0 { return }  // reached the inserted request
            let offer = Int(adjacency.edges[Int(previousPosition)].offer)
            (moving, position, slot) = (
                search.predecessorRequest[offer], search.predecessorPosition[offer], previousSlot)
        }
    }
}
