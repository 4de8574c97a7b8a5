/// What one bid of `ConvexFlowState.bid(_:)` did with its request.
enum ConvexBidOutcome: Equatable {
    /// The request is placed for good as far as the invariants go: on an offer, or left
    /// unmatched because nothing beats its penalty.
    case placed
    /// The request took a unit of a full offer whose price it raised; `evicted` lost that unit
    /// and is unplaced again.
    case placedEvicting(evicted: Int32)
    /// A bid could not place the request without a search.
    case needsSearch
}

extension ConvexFlowState {
    /// A bid (the row reduction of Jonker–Volgenant's LAPJV, an auction step without ε) for an
    /// unplaced, non-mandatory request, keeping every invariant listed on `ConvexFlowState`:
    ///
    /// - Its best offer has a unit at its price (or nothing beats its penalty): it takes it
    ///   (or stays unmatched), as in the warm start.
    /// - Its best offer is full: the offer's price may rise until the request is indifferent
    ///   between that offer and its second choice, and no further than the remaining
    ///   occupants allow (each must still prefer it to its cached best alternative and to its
    ///   penalty). The occupant with the least room leaves, the bidder takes its unit. Raising
    ///   a price only loosens the conditions of requests placed elsewhere, a full offer's price
    ///   has no upper limit, and prices only rise, so the slots' cached alternatives stay
    ///   upper bounds. The evicted request is unplaced and bids again or is searched for.
    /// - Otherwise (the price could not strictly rise, or the next unit costs more than the
    ///   price) the request needs a search.
    ///
    /// On Zipf-skewed lists most requests first want the same popular offers; bids spread them
    /// by price in O(edges of the request + capacity) each (plus the occupants' edges when
    /// their cached alternatives must be refreshed), instead of one Dijkstra search each
    /// through the dense core of popular offers.
    mutating func bid(_ request: Int) -> ConvexBidOutcome {
        let floor = -penalty[request]
        let (bestPosition, bestUtility, bestIsFree, secondUtility) = bestChoice(request)
        guard bestUtility > floor else { return .placed }  // unmatched: every edge's slack ≥ 0
        let offer = Int(adjacency.edges[bestPosition].offer)
        if bestIsFree {
            place(request: Int32(request), position: Int32(bestPosition), slot: takeNextUnit(offer),
                  alternative: secondUtility)
            return .placed
        }
        guard nextUnitCost(offer) == nil, load[offer] > 0 else { return .needsSearch }
        let bidderRoom = Int(adjacency.edges[bestPosition].score) - max(secondUtility, floor)
        guard bidderRoom > price[offer] else { return .needsSearch }
        var (leaving, secondLeastRoom) = leastRooms(offer)
        if secondLeastRoom <= price[offer] {
            // The cached alternatives may be stale (other prices rose since): make them exact.
            refreshAlternatives(offer)
            (leaving, secondLeastRoom) = leastRooms(offer)
        }
        let newPrice = min(bidderRoom, secondLeastRoom)
        guard newPrice > price[offer] else { return .needsSearch }
        let evicted = slots[leaving].request
        assignedPosition[Int(evicted)] = -1
        assignedSlot[Int(evicted)] = -1
        price[offer] = newPrice
        place(request: Int32(request), position: Int32(bestPosition), slot: Int32(leaving), alternative: secondUtility)
        return .placedEvicting(evicted: evicted)
    }
}

extension ConvexFlowState {
    /// The slot of the occupant of a full `offer` with the least room (the highest price at
    /// which it still prefers its unit to its cached best alternative and to its penalty), and
    /// the least room among the others (Int.max without others).
    private func leastRooms(_ offer: Int) -> (slot: Int, secondRoom: Int) {
        let first = Int(slotStart[offer])
        var leaving = first
        var leastRoom = Int.max
        var secondLeastRoom = Int.max
        for slot in first..<(first + Int(load[offer])) {
            let record = slots[slot]
            let room = Int(record.score) - max(record.alternativeUtilityBound, -Int(record.dropPenalty))
            if room < leastRoom {
                secondLeastRoom = leastRoom
                (leaving, leastRoom) = (slot, room)
            } else {
                secondLeastRoom = min(secondLeastRoom, room)
            }
        }
        return (leaving, secondLeastRoom)
    }

    /// Recomputes the occupants' best alternatives at the current prices.
    private mutating func refreshAlternatives(_ offer: Int) {
        let first = Int(slotStart[offer])
        for slot in first..<(first + Int(load[offer])) {
            let request = Int(slots[slot].request)
            let assigned = Int(assignedPosition[request])
            var alternative = Int.min
            for position in adjacency.edges(of: request) where position != assigned {
                let edge = adjacency.edges[position]
                alternative = max(alternative, Int(edge.score) - price[Int(edge.offer)])
            }
            slots[slot].alternativeUtilityBound = alternative
        }
    }

    /// Bids for every request in order, then for the evicted ones, within a budget of
    /// `bidsPerRequest` bids per request on average (bids that raise a price by a little each
    /// could otherwise go on for long); returns the requests left for the searches, in a
    /// deterministic order. Only for problems without mandatory requests.
    mutating func placeByBidding(bidsPerRequest: Int = 10) -> [Int32] {
        var pending: [Int32] = []
        var queue: [Int32] = []
        var budget = bidsPerRequest * assignedPosition.count
        func handle(_ request: Int32, _ outcome: ConvexBidOutcome) {
            switch outcome {
            case .placed: break
            case .placedEvicting(let evicted): queue.append(evicted)
            case .needsSearch: pending.append(request)
            }
        }
        for request in 0..<assignedPosition.count {
            budget -= 1
            handle(Int32(request), bid(request))
        }
        var next = 0
        while next < queue.count && budget > 0 {
            let request = queue[next]
            next += 1
            budget -= 1
            handle(request, bid(Int(request)))
        }
        pending.append(contentsOf: queue[next...])
        return pending
    }
}
