import Matching

/// One candidate pairing: `request` may be served by `offer`, worth `score` (≥ 1).
/// A pair that is excluded (blocked, same practice, no overlap...) simply has no edge.
public struct AssignmentEdge: Sendable, Equatable, Hashable {
    public var request: Int
    public var offer: Int
    public var score: Int

    public init(request: Int, offer: Int, score: Int) {
        self.request = request
        self.offer = offer
        self.score = score
    }
}

/// Why an `AssignmentInstance` could not be built from the values given.
public enum AssignmentInstanceError: Error, Sendable, Equatable {
    case requestCountOutOfRange(Int)
    case offerCountOutOfRange(Int)
    case capacityCountMismatch(expected: Int, found: Int)
    case capacityOutOfRange(offer: Int, capacity: Int)
    case scoreMaxOutOfRange(Int)
    case edgeCountOutOfRange(Int)
    case requestIndexOutOfRange(edge: Int, request: Int)
    case offerIndexOutOfRange(edge: Int, offer: Int)
    case scoreOutOfRange(edge: Int, score: Int)
}

/// The abstract batch-assignment problem: `requestCount` requests, `offerCount` offers, offer
/// `o` takes at most `offerCapacities[o]` requests, each request at most one offer, and a
/// request may stay unmatched. The goal is the maximum total score over the edges used.
/// Every value is validated on construction, so solvers may treat them as invariants.
public struct AssignmentInstance: Sendable, Equatable {
    public let requestCount: Int
    public let offerCount: Int
    public let offerCapacities: [Int]
    /// Scores lie in `1...scoreMax`.
    public let scoreMax: Int
    public let edges: [AssignmentEdge]

    public init(
        requestCount: Int,
        offerCapacities: [Int],
        scoreMax: Int,
        edges: [AssignmentEdge],
        limits: AssignmentLimits = .standard
    ) throws(AssignmentInstanceError) {
        guard (0...limits.requestCountMax).contains(requestCount) else {
            throw .requestCountOutOfRange(requestCount)
        }
        guard offerCapacities.count <= limits.offerCountMax else {
            throw .offerCountOutOfRange(offerCapacities.count)
        }
        for (offer, capacity) in offerCapacities.enumerated()
        where !(0...limits.capacityMax).contains(capacity) {
            throw .capacityOutOfRange(offer: offer, capacity: capacity)
        }
        guard (1...limits.scoreMax).contains(scoreMax) else { throw .scoreMaxOutOfRange(scoreMax) }
        guard edges.count <= limits.edgeCountMax else { throw .edgeCountOutOfRange(edges.count) }
        for (index, edge) in edges.enumerated() {
            guard (0..<requestCount).contains(edge.request) else {
                throw .requestIndexOutOfRange(edge: index, request: edge.request)
            }
            guard (0..<offerCapacities.count).contains(edge.offer) else {
                throw .offerIndexOutOfRange(edge: index, offer: edge.offer)
            }
            guard (1...scoreMax).contains(edge.score) else {
                throw .scoreOutOfRange(edge: index, score: edge.score)
            }
        }
        self.requestCount = requestCount
        self.offerCount = offerCapacities.count
        self.offerCapacities = offerCapacities
        self.scoreMax = scoreMax
        self.edges = edges
    }

    /// Convenience for the benchmark format, where every offer has the same capacity.
    public init(
        requestCount: Int,
        offerCount: Int,
        capacityPerOffer: Int,
        scoreMax: Int,
        edges: [AssignmentEdge],
        limits: AssignmentLimits = .standard
    ) throws(AssignmentInstanceError) {
        guard (0...limits.offerCountMax).contains(offerCount) else {
            throw .offerCountOutOfRange(offerCount)
        }
        try self.init(
            requestCount: requestCount,
            offerCapacities: Array(repeating: capacityPerOffer, count: offerCount),
            scoreMax: scoreMax,
            edges: edges,
            limits: limits
        )
    }
}
