/// A solved general problem: the assignment with its objective and the parts that make it up.
public struct GeneralAssignmentResult: Sendable, Equatable {
    /// Per request: index into the problem's `edges`, or nil when unmatched.
    public let edgeIndexForRequest: [Int?]
    public let offerForRequest: [Int?]
    /// Σ score − Σ load cost − Σ unmatched penalty: the quantity maximised.
    public let objective: Int
    public let totalScore: Int
    public let loadCost: Int
    public let unmatchedPenalty: Int
    public let matchedCount: Int
    public let offerLoads: [Int]
    public let quotaLoads: [Int]
    /// Nodes of the quota branch and bound: 1 when it did not branch (no quota binds, or the
    /// quotas partition the offers and were solved as capacities in one flow).
    public let searchNodeCount: Int

    init(problem: GeneralAssignmentProblem, edgeIndexForRequest: [Int?], searchNodeCount: Int) {
        var offerLoads = Array(repeating: 0, count: problem.offerCount)
        var quotaLoads = Array(repeating: 0, count: problem.quotaCapacities.count)
        var offers: [Int?] = Array(repeating: nil, count: problem.requestCount)
        var totalScore = 0
        var penalty = 0
        for (request, edgeIndex) in edgeIndexForRequest.enumerated() {
            guard let edgeIndex else {
                penalty += problem.unmatchedPenalties[request]
                continue
            }
            let edge = problem.edges[edgeIndex]
            precondition(edge.request == request, "edge assigned to another request")
            offers[request] = edge.offer
            offerLoads[edge.offer] += 1
            totalScore += edge.score
            if let group = edge.quotaGroup { quotaLoads[group] += 1 }
        }
        var loadCost = 0
        for (offer, load) in offerLoads.enumerated() {
            precondition(load <= problem.offerMarginalCosts[offer].count, "capacity violated")
            loadCost += problem.offerMarginalCosts[offer].prefix(load).reduce(0, +)
        }
        for (group, load) in quotaLoads.enumerated() {
            precondition(load <= problem.quotaCapacities[group], "quota violated")
        }
        self.edgeIndexForRequest = edgeIndexForRequest
        self.offerForRequest = offers
        self.totalScore = totalScore
        self.loadCost = loadCost
        self.unmatchedPenalty = penalty
        self.objective = totalScore - loadCost - penalty
        self.matchedCount = offers.reduce(0) { $0 + ($1 == nil ? 0 : 1) }
        self.offerLoads = offerLoads
        self.quotaLoads = quotaLoads
        self.searchNodeCount = searchNodeCount
    }
}
