/// Per-search scratch space of `FastAssignmentState`, reset after each search in time
/// proportional to what the search touched (never to the number of offers).
struct ShortestPathScratch {
    static let unreached = Int32.max

    /// Tentative reduced distance from the inserted request to each offer.
    var distance: [Int32]
    /// The adjacency position (and its request) through which the offer was reached.
    var predecessorPosition: [Int32]
    var predecessorRequest: [Int32]
    var touched: [Int32] = []
    var settled: [Int32] = []
    var queue: BucketQueue
    /// Offers taken from one bucket together.
    var batch: [Int32] = []
    /// Sink for `touchMemory`; has no meaning.
    var touchedMemoryChecksum: Int32 = 0

    init(offerCount: Int, keyLimit: Int) {
        distance = [Int32](repeating: Self.unreached, count: offerCount)
        predecessorPosition = [Int32](repeating: -1, count: offerCount)
        predecessorRequest = [Int32](repeating: -1, count: offerCount)
        queue = BucketQueue(keyLimit: keyLimit)
    }

    mutating func reset() {
        for offer in touched {
            distance[Int(offer)] = Self.unreached
        }
        touched.removeAll(keepingCapacity: true)
        settled.removeAll(keepingCapacity: true)
        queue.removeAll()
    }
}

/// How the cheapest augmenting path found by a search ends.
enum PathEnd: Equatable {
    /// The inserted request stays unmatched (its best reduced score is not worth any move).
    case insertedStaysUnmatched
    /// A placed request gives its slot up and becomes unmatched.
    case requestDropped(request: Int32)
    /// `request` takes a free slot of `offer` through adjacency `position`.
    case freeSlot(offer: Int32, request: Int32, position: Int32)
}
