/// The edges grouped by request (compressed sparse rows), in input order within a request so
/// that the solvers are deterministic. Positions `start[r] ..< start[r + 1]` belong to `r`.
package struct RequestAdjacency: Sendable {
    /// An edge seen from its request; offer and score side by side for one memory stream.
    package struct Edge: Sendable {
        package var offer: Int32
        package var score: Int32
    }

    package let start: [Int32]
    package let edges: [Edge]
    /// The position's edge index in the caller's edge list.
    package let edgeIndex: [Int32]

    /// `include(edgeIndex)` filters edges out (a forbidden pair); kept edges keep their order.
    package init(
        requestCount: Int, edgeCount: Int,
        request: (Int) -> Int, offer: (Int) -> Int, score: (Int) -> Int,
        include: (Int) -> Bool = { _ in true }
    ) {
        precondition(edgeCount < Int(Int32.max), "edge count exceeds 32-bit positions")
        precondition(requestCount < Int(Int32.max), "request count exceeds 32-bit indexes")
        var counts = [Int32](repeating: 0, count: requestCount + 1)
        for edge in 0..<edgeCount where include(edge) {
            counts[request(edge) + 1] += 1
        }
        for index in 0..<requestCount {
            counts[index + 1] += counts[index]
        }
        var next = counts
        let kept = Int(counts[requestCount])
        var packed = [Edge](repeating: Edge(offer: 0, score: 0), count: kept)
        var indexes = [Int32](repeating: 0, count: kept)
        for edge in 0..<edgeCount where include(edge) {
            let position = Int(next[request(edge)])
            next[request(edge)] += 1
            packed[position] = Edge(offer: Int32(offer(edge)), score: Int32(score(edge)))
            indexes[position] = Int32(edge)
        }
        self.start = counts
        self.edges = packed
        self.edgeIndex = indexes
    }

    package func edges(of request: Int) -> Range<Int> {
        Int(start[request])..<Int(start[request + 1])
    }
}
