/// A candidate pairing of the general problem. `quotaGroup`, when set, names the network-pair
/// quota the pairing counts against (an index into `quotaCapacities`).
public struct GeneralEdge: Sendable, Equatable, Hashable {
    public var request: Int
    public var offer: Int
    public var score: Int
    public var quotaGroup: Int?

    public init(request: Int, offer: Int, score: Int, quotaGroup: Int? = nil) {
        self.request = request
        self.offer = offer
        self.score = score
        self.quotaGroup = quotaGroup
    }
}

/// Why a `GeneralAssignmentProblem` could not be built.
public enum GeneralAssignmentProblemError: Error, Sendable, Equatable {
    case requestCountOutOfRange(Int)
    case penaltyCountMismatch(expected: Int, found: Int)
    case penaltyOutOfRange(request: Int, penalty: Int)
    case offerCountOutOfRange(Int)
    case capacityOutOfRange(offer: Int, capacity: Int)
    case marginalCostOutOfRange(offer: Int, cost: Int)
    case marginalCostsNotNonDecreasing(offer: Int)
    case edgeCountOutOfRange(Int)
    case requestIndexOutOfRange(edge: Int, request: Int)
    case offerIndexOutOfRange(edge: Int, offer: Int)
    case scoreOutOfRange(edge: Int, score: Int)
    case quotaGroupOutOfRange(edge: Int, group: Int)
    case quotaCapacityOutOfRange(group: Int, capacity: Int)
}

/// The batch problem the service solves: maximise
///   Σ score(assigned edges) − Σ_offers Σ_{k < load} marginalCost[offer][k] − Σ_unmatched penalty
/// with each request on at most one edge, each offer's load at most its capacity
/// (= `offerMarginalCosts[o].count`), and each quota group used at most its capacity.
/// Marginal costs must be non-decreasing (convex load cost: the k-th session on an offer costs
/// at least as much as the one before), which is what makes spreading load exact.
public struct GeneralAssignmentProblem: Sendable, Equatable {
    /// Bound on the magnitude of every score, cost and penalty, so sums never overflow.
    public static let valueMagnitudeMax = 1 << 30

    public let requestCount: Int
    public let unmatchedPenalties: [Int]
    public let offerMarginalCosts: [[Int]]
    public let edges: [GeneralEdge]
    public let quotaCapacities: [Int]

    public var offerCount: Int { offerMarginalCosts.count }

    public init(
        unmatchedPenalties: [Int],
        offerMarginalCosts: [[Int]],
        edges: [GeneralEdge],
        quotaCapacities: [Int] = [],
        limits: AssignmentLimits = .standard
    ) throws(GeneralAssignmentProblemError) {
        let requestCount = unmatchedPenalties.count
        guard requestCount <= limits.requestCountMax else { throw .requestCountOutOfRange(requestCount) }
        for (request, penalty) in unmatchedPenalties.enumerated()
        where !(0...Self.valueMagnitudeMax).contains(penalty) {
            throw .penaltyOutOfRange(request: request, penalty: penalty)
        }
        try Self.validateOffers(offerMarginalCosts, limits: limits)
        guard edges.count <= limits.edgeCountMax else { throw .edgeCountOutOfRange(edges.count) }
        for (group, capacity) in quotaCapacities.enumerated() where capacity < 0 {
            throw .quotaCapacityOutOfRange(group: group, capacity: capacity)
        }
        for (index, edge) in edges.enumerated() {
            guard (0..<requestCount).contains(edge.request) else {
                throw .requestIndexOutOfRange(edge: index, request: edge.request)
            }
            guard (0..<offerMarginalCosts.count).contains(edge.offer) else {
                throw .offerIndexOutOfRange(edge: index, offer: edge.offer)
            }
            guard abs(edge.score) <= Self.valueMagnitudeMax else {
                throw .scoreOutOfRange(edge: index, score: edge.score)
            }
            if let group = edge.quotaGroup, !(0..<quotaCapacities.count).contains(group) {
                throw .quotaGroupOutOfRange(edge: index, group: group)
            }
        }
        self.requestCount = requestCount
        self.unmatchedPenalties = unmatchedPenalties
        self.offerMarginalCosts = offerMarginalCosts
        self.edges = edges
        self.quotaCapacities = quotaCapacities
    }

    private static func validateOffers(
        _ offerMarginalCosts: [[Int]], limits: AssignmentLimits
    ) throws(GeneralAssignmentProblemError) {
        guard offerMarginalCosts.count <= limits.offerCountMax else {
            throw .offerCountOutOfRange(offerMarginalCosts.count)
        }
        for (offer, costs) in offerMarginalCosts.enumerated() {
            guard costs.count <= limits.capacityMax else {
                throw .capacityOutOfRange(offer: offer, capacity: costs.count)
            }
            for (index, cost) in costs.enumerated() {
                guard abs(cost) <= Self.valueMagnitudeMax else {
                    throw .marginalCostOutOfRange(offer: offer, cost: cost)
                }
                if index > 0 && cost < costs[index - 1] { throw .marginalCostsNotNonDecreasing(offer: offer) }
            }
        }
    }

    /// Marginal costs `first, first + step, first + 2·step, …` for `capacity` sessions: a load
    /// cost that rises linearly per extra session (`step ≥ 0`).
    public static func risingMarginalCosts(capacity: Int, first: Int, step: Int) -> [Int] {
        precondition(capacity >= 0 && step >= 0)
        return (0..<capacity).map { first + $0 * step }
    }
}
