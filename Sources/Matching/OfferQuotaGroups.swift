/// Quota groups that partition the offers: every edge into an offer counts against one and the
/// same group, or none does. This is the service's shape (`MatchingPlan`): a quota is a partner
/// network's sessions left this month, keyed by the offer's network.
///
/// Why it matters: then a quota is an ordinary capacity. Flow goes request → offer → (unit arcs
/// at the offer's marginal costs) → group node → sink, the group → sink arc's capacity being
/// the quota; offers without a group go to the sink directly. That network is a min-cost flow,
/// so its LP is integral and one exact flow solve (`ConvexFlowState` with groups) is optimal,
/// with no branch and bound. Quotas that depend on the request too (edge-level groups that do
/// not partition the offers) are not capacities; see `GeneralAssignmentSolver`.
struct OfferQuotaGroups: Sendable, Equatable {
    /// Per offer its group, or −1. Empty when there are no groups at all.
    let groupOfOffer: [Int32]
    /// Per group its quota (the group → sink arc's capacity).
    let capacities: [Int]
    /// The offers of group `g` are `members[memberStart[g] ..< memberStart[g + 1]]`, ascending.
    let memberStart: [Int32]
    let members: [Int32]

    var isEmpty: Bool { groupOfOffer.isEmpty }
    var groupCount: Int { capacities.count }

    /// No groups: every offer goes to the sink directly.
    static let none = OfferQuotaGroups(groupOfOffer: [], capacities: [], memberStart: [0], members: [])

    private init(groupOfOffer: [Int32], capacities: [Int], memberStart: [Int32], members: [Int32]) {
        self.groupOfOffer = groupOfOffer
        self.capacities = capacities
        self.memberStart = memberStart
        self.members = members
    }

    /// The problem's groups as a partition of its offers, or nil when some offer has edges of
    /// two different groups (or of a group and of none): then the quotas are edge-level.
    init?(_ problem: GeneralAssignmentProblem) {
        precondition(problem.quotaCapacities.count < Int(Int32.max), "group count exceeds 32-bit indexes")
        let unseen: Int32 = -2
        var groupOfOffer = [Int32](repeating: unseen, count: problem.offerCount)
        for edge in problem.edges {
            let group = Int32(edge.quotaGroup ?? -1)
            if groupOfOffer[edge.offer] == unseen {
                groupOfOffer[edge.offer] = group
            } else if groupOfOffer[edge.offer] != group {
                return nil
            }
        }
        for offer in groupOfOffer.indices where groupOfOffer[offer] == unseen { groupOfOffer[offer] = -1 }
        let groupCount = problem.quotaCapacities.count
        var memberStart = [Int32](repeating: 0, count: groupCount + 1)
        for group in groupOfOffer where group >= 0 { memberStart[Int(group) + 1] += 1 }
        for group in 0..<groupCount { memberStart[group + 1] += memberStart[group] }
        var next = memberStart
        var members = [Int32](repeating: 0, count: Int(memberStart[groupCount]))
        for (offer, group) in groupOfOffer.enumerated() where group >= 0 {
            members[Int(next[Int(group)])] = Int32(offer)
            next[Int(group)] += 1
        }
        self.init(groupOfOffer: groupOfOffer, capacities: problem.quotaCapacities,
                  memberStart: memberStart, members: members)
    }

    func members(of group: Int) -> Range<Int> {
        Int(memberStart[group])..<Int(memberStart[group + 1])
    }
}
