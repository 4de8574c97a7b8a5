/// The exact solver for the plain batch problem (`AssignmentInstance`): maximum total score,
/// each request at most one offer, each offer at most its capacity.
///
/// Algorithm: primal-dual successive shortest paths, one request at a time (the Hungarian
/// method for capacitated, rectangular problems), with three things that make it fast:
/// 1. Warm start. With all offer prices at 0, a request that takes its best-scoring offer
///    while that offer has room satisfies every optimality condition, so most requests are
///    placed in one linear pass without any search.
/// 2. Early exit. Each remaining request runs Dijkstra on reduced costs only until the cheapest
///    way to end the path (a free slot, or some request giving its slot up) is settled; only
///    the offers settled before that get their price raised.
/// 3. Bucket queue. Reduced path lengths are integers bounded by the request's best reduced
///    score (at most `scoreMax`), so a Dial bucket queue replaces the binary heap.
///
/// Exactness is not taken on trust: the final prices and request utilities are checked to
/// be a feasible dual solution in complementary slackness with the assignment (an LP
/// optimality certificate), with `precondition`, on every solve.
public struct ExactAssignmentSolver: Sendable {
    public init() {}

    public func solve(_ instance: AssignmentInstance) -> AssignmentResult {
        var state = FastAssignmentState(instance: instance)
        let pending = state.placeBestChoices()
        for request in pending {
            state.insertRequest(request)
        }
        state.verifyOptimalityCertificate()
        return AssignmentResult(instance: instance, edgeIndexForRequest: state.edgeIndexForRequest())
    }
}
