extension FastAssignmentState {
    /// Checks, in O(edges), that the final prices certify optimality: primal feasibility
    /// (slots consistent, loads within capacity), dual feasibility (`u ≥ 0`, `price ≥ 0`,
    /// `u + price ≥ score` on every edge) and complementary slackness (assigned edges tight,
    /// positive prices only on full offers; unmatched requests have `u = 0` by construction).
    /// By LP duality the assignment is then a maximum-score assignment.
    func verifyOptimalityCertificate() {
        for offer in 0..<capacity.count {
            precondition(load[offer] >= 0 && load[offer] <= capacity[offer], "capacity violated")
            precondition(price[offer] >= 0, "negative price")
            precondition(price[offer] == 0 || load[offer] == capacity[offer], "priced offer has room")
            let first = Int(slotStart[offer])
            for slot in first..<(first + Int(load[offer])) {
                let record = slots[slot]
                let request = Int(record.request)
                precondition(assignedSlot[request] == Int32(slot), "slot and request disagree")
                let position = Int(assignedPosition[request])
                precondition(Int(adjacency.edges[position].offer) == offer)
                precondition(record.score == adjacency.edges[position].score, "stale slot score")
                precondition(record.firstEdge == adjacency.start[request] && record.endEdge == adjacency.start[request + 1])
            }
        }
        for request in 0..<assignedPosition.count {
            let utility = self.utility(of: request)
            precondition(utility >= 0, "negative request utility")
            if assignedPosition[request] >= 0 {
                let offer = Int(adjacency.edges[Int(assignedPosition[request])].offer)
                let slot = Int(assignedSlot[request])
                precondition(slot >= Int(slotStart[offer]) && slot < Int(slotStart[offer] + load[offer]))
                precondition(slots[slot].request == Int32(request), "request not in its slot")
            }
            for position in adjacency.edges(of: request) {
                let slack = utility + Int(price[Int(adjacency.edges[position].offer)]) - Int(adjacency.edges[position].score)
                precondition(slack >= 0, "dual infeasible edge")
            }
        }
    }
}
