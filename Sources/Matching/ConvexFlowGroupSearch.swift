/// The group layer of `ConvexFlowState`'s search: quotas that partition the offers, kept as the
/// capacities of group nodes (offer → unit → group → sink).
///
/// A full group is a node of the Dijkstra search like an offer (node `offerCount + g`). It is
/// reached through an offer's next unit (reduced cost `marginal + groupPrice − price`, ≥ 0) and
/// leads to every other offer of the group that has a unit to give up (reduced cost
/// `price − marginal[last] − groupPrice`, ≥ 0): one offer of the network takes a session, another
/// of the same network gives one up, and the quota's use does not change. A group with room is
/// never a node: the path ends at the offer's next unit, as without groups.
extension ConvexFlowState {
    /// Relaxes the arc from a settled `offer` through its next unit into its full group.
    mutating func relaxGroup(through offer: Int, distance key: Int, bound: Int) {
        let group = group(of: offer)
        guard group >= 0, groupUsage[group] >= quotaGroups.capacities[group],
              let cost = nextUnitCost(offer) else { return }
        let reached = key + cost + groupPrice[group] - price[offer]
        precondition(reached >= key, "negative reduced cost into a group: dual feasibility lost")
        let node = offerCount + group
        guard reached < bound, reached < search.distance[node] else { return }
        if search.distance[node] == ConvexFlowScratch.unreached { search.touched.append(Int32(node)) }
        search.distance[node] = reached
        search.predecessorPosition[node] = Int32(offer)
        search.heap.push(Int32(node), distance: reached)
    }

    /// Settles a full group: each offer of it with a unit may give that unit up, so it is
    /// reached (and its occupants then scanned as usual) at the unit's reduced cost.
    mutating func settleGroup(node: Int32, distance key: Int, bound: Int) {
        search.settled.append(node)
        let group = Int(node) - offerCount
        let groupUnitPrice = groupPrice[group]
        for member in quotaGroups.members(of: group) {
            let offer = Int(quotaGroups.members[member])
            let units = Int(load[offer])
            guard units > 0 else { continue }
            let reached = key + price[offer] - unitCost[Int(slotStart[offer]) + units - 1] - groupUnitPrice
            precondition(reached >= key, "negative reduced cost out of a group: dual feasibility lost")
            guard reached < bound, reached < search.distance[offer] else { continue }
            if search.distance[offer] == ConvexFlowScratch.unreached { search.touched.append(Int32(offer)) }
            search.distance[offer] = reached
            search.predecessorPosition[offer] = -1
            search.predecessorRequest[offer] = -1
            search.heap.push(Int32(offer), distance: reached)
        }
    }

    /// Walking the path back: `slot` on `offer` has just been vacated. Returns who takes which
    /// unit next: the request that reached the offer takes the vacated slot; or, when the offer
    /// was reached from its group, the offer gives that unit up and the offer that reached the
    /// group takes its next unit, for the request that reached that offer.
    mutating func nextMove(vacated slot: Int32, on offer: Int) -> (moving: Int32, position: Int32, slot: Int32) {
        let request = search.predecessorRequest[offer]
        if request >= 0 { return (request, search.predecessorPosition[offer], slot) }
        removeUnit(vacated: slot, from: offer)
        let gaining = Int(search.predecessorPosition[offerCount + group(of: offer)])
        let newSlot = slotStart[gaining] + load[gaining]
        precondition(newSlot < slotStart[gaining + 1], "capacity violated")
        load[gaining] += 1  // the group's use is unchanged: one unit in, one out
        let moving = search.predecessorRequest[gaining]
        precondition(moving >= 0, "an offer that reached its group was reached by a request")
        return (moving, search.predecessorPosition[gaining], newSlot)
    }

    /// The offer's load falls by one; its last occupied slot moves into the vacated one, so the
    /// occupied slots stay `slotStart ..< slotStart + load`.
    private mutating func removeUnit(vacated slot: Int32, from offer: Int) {
        let last = slotStart[offer] + load[offer] - 1
        precondition(slot >= slotStart[offer] && slot <= last, "vacated slot outside the offer")
        if slot != last {
            slots[Int(slot)] = slots[Int(last)]
            assignedSlot[Int(slots[Int(slot)].request)] = slot
        }
        load[offer] -= 1
    }
}
