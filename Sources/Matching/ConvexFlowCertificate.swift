extension ConvexFlowState {
    /// Checks, in O(edges), the reduced-cost optimality conditions listed on `ConvexFlowState`
    /// for the final flow: no residual arc has negative reduced cost, so no negative cycle
    /// exists and the flow is a minimum-cost one (the relaxation's optimum).
    /// With quota groups the network has the group layer too (offer → unit → group → sink, the
    /// group → sink arc of capacity = quota), and its conditions are checked as well.
    func verifyOptimalityCertificate() {
        verifyGroupConditions()
        for offer in 0..<load.count {
            let first = Int(slotStart[offer])
            let units = Int(load[offer])
            let capacity = Int(slotStart[offer + 1]) - first
            let group = group(of: offer)
            let unitPrice = group >= 0 ? groupPrice[group] : 0
            precondition(units <= capacity, "capacity violated")
            if units > 0 { precondition(price[offer] >= unitCost[first + units - 1] + unitPrice, "unit cheaper to remove") }
            if units < capacity { precondition(price[offer] <= unitCost[first + units] + unitPrice, "unit cheaper to add") }
            for slot in first..<(first + units) {
                let request = Int(slots[slot].request)
                precondition(assignedSlot[request] == Int32(slot), "slot and request disagree")
                precondition(Int(adjacency.edges[Int(assignedPosition[request])].offer) == offer)
                precondition(slots[slot].score == adjacency.edges[Int(assignedPosition[request])].score)
            }
        }
        for request in 0..<assignedPosition.count {
            let utility = self.utility(of: request)
            if mandatory[request] {
                precondition(assignedPosition[request] >= 0, "mandatory request unmatched")
            } else {
                precondition(utility >= -penalty[request], "cheaper to leave unmatched")
            }
            for position in adjacency.edges(of: request) {
                let slack = utility + price[Int(adjacency.edges[position].offer)] - Int(adjacency.edges[position].score)
                precondition(slack >= 0, "dual infeasible edge")
            }
        }
    }

    /// Each group's use is the load of its offers and within its quota; its price is ≥ 0
    /// (its use could not fall for less) and 0 unless it is full (its use could not grow for less).
    private func verifyGroupConditions() {
        guard !quotaGroups.isEmpty else { return }
        for group in 0..<quotaGroups.groupCount {
            var used = 0
            for member in quotaGroups.members(of: group) { used += Int(load[Int(quotaGroups.members[member])]) }
            precondition(used == groupUsage[group], "group use and loads disagree")
            precondition(used <= quotaGroups.capacities[group], "quota violated")
            precondition(groupPrice[group] >= 0, "group unit cheaper to give up")
            precondition(groupPrice[group] == 0 || used == quotaGroups.capacities[group], "group unit cheaper to add")
        }
    }
}
