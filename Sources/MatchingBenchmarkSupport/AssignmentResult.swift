/// A solved assignment: for each request the edge (index into the instance's `edges`) it is
/// served by, or nil when it stays unmatched; with the total score and the number matched.
public struct AssignmentResult: Sendable, Equatable {
    public let edgeIndexForRequest: [Int?]
    public let offerForRequest: [Int?]
    public let totalScore: Int
    public let matchedCount: Int

    init(instance: AssignmentInstance, edgeIndexForRequest: [Int?]) {
        precondition(edgeIndexForRequest.count == instance.requestCount)
        var total = 0
        var matched = 0
        var offers: [Int?] = Array(repeating: nil, count: instance.requestCount)
        for (request, edgeIndex) in edgeIndexForRequest.enumerated() {
            guard let edgeIndex else { continue }
            let edge = instance.edges[edgeIndex]
            precondition(edge.request == request, "edge assigned to another request")
            offers[request] = edge.offer
            total += edge.score
            matched += 1
        }
        self.edgeIndexForRequest = edgeIndexForRequest
        self.offerForRequest = offers
        self.totalScore = total
        self.matchedCount = matched
    }
}
