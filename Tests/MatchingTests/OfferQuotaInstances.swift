import Matching
import MatchingBenchmarkSupport

/// Random small problems whose quota groups partition the offers, as the service builds them
/// (a quota per offer network): every edge into an offer carries that offer's group.
enum OfferQuotaInstances {
    enum Grouping: String, CaseIterable, Sendable {
        /// Every offer belongs to a group.
        case allOffers
        /// About half the offers belong to a group, the rest to none.
        case someOffers
    }

    enum Values: String, CaseIterable, Sendable {
        /// Scores −2…12, costs −2…6, penalties 0…6: many ties.
        case narrow
        /// Values near a random base up to 10^6, a few units apart: prices must stay exact.
        case wide
    }

    /// Up to 7 requests, 2–5 offers of capacity 0–3, 1–3 groups of quota 0–2 (small enough to
    /// bind often), up to 3 edges per request.
    static func small(seed: UInt64, grouping: Grouping, values: Values) -> GeneralAssignmentProblem {
        var random = SplitMix64(seed: seed)
        let base = Int.random(in: 0...999_000, using: &random)
        func value(narrow range: ClosedRange<Int>) -> Int {
            switch values {
            case .narrow: Int.random(in: range, using: &random)
            case .wide: base + [0, 1, 2, 500, 1000].randomElement(using: &random)!
            }
        }
        let requestCount = Int.random(in: 0...7, using: &random)
        let offerCount = Int.random(in: 2...5, using: &random)
        let quotaCapacities = (0..<Int.random(in: 1...3, using: &random)).map { _ in Int.random(in: 0...2, using: &random) }
        let groupOfOffer: [Int?] = (0..<offerCount).map { _ in
            grouping == .someOffers && Bool.random(using: &random)
                ? nil : Int.random(in: 0..<quotaCapacities.count, using: &random)
        }
        let marginalCosts = (0..<offerCount).map { _ in
            (0..<Int.random(in: 0...3, using: &random)).map { _ in
                values == .wide && Bool.random(using: &random) ? 0 : value(narrow: -2...6) / (values == .wide ? 2 : 1)
            }.sorted()
        }
        let penalties = (0..<requestCount).map { _ in
            values == .wide && Bool.random(using: &random) ? 0 : value(narrow: 0...6) / (values == .wide ? 4 : 1)
        }
        var edges: [GeneralEdge] = []
        for request in 0..<requestCount {
            for _ in 0..<Int.random(in: 0...3, using: &random) {
                let offer = Int.random(in: 0..<offerCount, using: &random)
                edges.append(GeneralEdge(
                    request: request, offer: offer, score: value(narrow: -2...12), quotaGroup: groupOfOffer[offer]))
            }
        }
        return try! GeneralAssignmentProblem(
            unmatchedPenalties: penalties, offerMarginalCosts: marginalCosts,
            edges: edges, quotaCapacities: quotaCapacities)
    }

    /// The same problem with every quota dropped.
    static func withoutQuotas(_ problem: GeneralAssignmentProblem) -> GeneralAssignmentProblem {
        try! GeneralAssignmentProblem(
            unmatchedPenalties: problem.unmatchedPenalties, offerMarginalCosts: problem.offerMarginalCosts,
            edges: problem.edges.map { GeneralEdge(request: $0.request, offer: $0.offer, score: $0.score) })
    }

    /// Whether the quota-free optimum found by `solver` uses some group beyond its quota, i.e.
    /// whether the quotas bind.
    static func quotaBinds(_ problem: GeneralAssignmentProblem, solver: GeneralAssignmentSolver) throws -> Bool {
        let free = try solver.solve(withoutQuotas(problem))
        var usage = [Int](repeating: 0, count: problem.quotaCapacities.count)
        for case let edgeIndex? in free.edgeIndexForRequest {
            if let group = problem.edges[edgeIndex].quotaGroup { usage[group] += 1 }
        }
        return zip(usage, problem.quotaCapacities).contains { $0 > $1 }
    }
}
