extension ConvexFlowState {
    /// Checks, in O(edges), the reduced-cost optimality conditions listed on `ConvexFlowState`
    /// for the final flow: no residual arc has negative reduced cost, so no negative cycle
    /// exists and the flow is a minimum-cost one (the relaxation's optimum).
    func verifyOptimalityCertificate() {
        for offer in 0..<load.count {
            let first = Int(slotStart[offer])
            let units = Int(load[offer])
            let capacity = Int(slotStart[offer + 1]) - first
            precondition(units <= capacity, "capacity violated")
            if units > 0 { precondition(price[offer] >= unitCost[first + units - 1], "unit cheaper to remove") }
            if units < capacity { precondition(price[offer] <= unitCost[first + units], "unit cheaper to add") }
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
}
