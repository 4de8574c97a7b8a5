/// What the search needs to bound an offer's score, and to reject it on the cheapest filters,
/// without reading the whole offer: a small record per offer (24 bytes, so those of a 100k
/// index stay in cache while full offers are touched only when they might make the list),
/// with the parts that depend only on the offer and the shared scales — the supporter's load
/// and balance — computed once per matcher.
struct OfferBoundFacts: Sendable {
    let professionID: Int32
    let networkPosition: Int32
    /// Full (1000) for a supporter with no load this month, none at the saturation load.
    let loadPart: Int16
    /// Full for a supporter at or below a zero balance (the chance to earn), none at saturation.
    let balancePart: Int16
    let careerStageBit: UInt8
    let modeBits: UInt8
    let isVisibleToPartners: Bool
    /// Capacity left, capped (more than a session's maximum length makes no difference).
    let remainingCapacityMinutes: Int16
    /// -1 when the offer has no area.
    let areaID: Int32
}

struct OfferStaticParts: Sendable {
    /// Per offer position.
    let facts: [OfferBoundFacts]

    init(index: MatchingIndex, scales: MatchingScales) {
        let loadSaturation = scales.loadSaturationMinutes
        let balanceSaturation = Int64(scales.balanceSaturationMinutes)
        facts = index.offers.map { offer in
            let balanceClamped = min(max(offer.balanceMinutes, 0), balanceSaturation)
            return OfferBoundFacts(
                professionID: offer.professionID, networkPosition: offer.networkPosition,
                loadPart: Int16(1000 - min(Int(offer.loadMinutes), loadSaturation) * 1000 / loadSaturation),
                balancePart: Int16(1000 - balanceClamped * 1000 / balanceSaturation),
                careerStageBit: offer.careerStageBit, modeBits: offer.modeBits,
                isVisibleToPartners: offer.isVisibleToPartners,
                remainingCapacityMinutes: Int16(min(offer.remainingCapacityMinutes, 10_000)),
                areaID: offer.areaID)
        }
    }
}
