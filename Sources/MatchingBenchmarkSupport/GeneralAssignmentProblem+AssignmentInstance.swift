import Matching

extension GeneralAssignmentProblem {
    /// The plain instance as a general problem: no load cost, no penalty, no quota.
    public init(_ instance: AssignmentInstance) {
        do {
            try self.init(
                unmatchedPenalties: Array(repeating: 0, count: instance.requestCount),
                offerMarginalCosts: instance.offerCapacities.map { Array(repeating: 0, count: $0) },
                edges: instance.edges.map { GeneralEdge(request: $0.request, offer: $0.offer, score: $0.score) })
        } catch {
            preconditionFailure("a valid instance is a valid general problem: \(error)")
        }
    }
}
