/// An offer as the index keeps it: plain scalars only (no arrays, so reading one costs no
/// reference counting), strings interned, modes and career stage as bits. Its kinds,
/// languages, topics and availability live in the index's shared pools, located by start and
/// count here. Availability is already placed on the reference week in UTC.
package struct PreparedOffer: Sendable {
    /// Position in the index's offer list.
    let position: Int32
    package let offerID: Int64
    let supporterID: Int64
    let networkID: Int64
    /// Position of `networkID` in the index's network list.
    let networkPosition: Int32
    let kinds: PoolSlice
    let languages: PoolSlice
    /// Sorted, without repeats.
    let topics: PoolSlice
    /// `WeekIntervals` bounds, flattened.
    let intervals: PoolSlice
    let modeBits: UInt8
    let careerStageBit: UInt8
    let isVisibleToPartners: Bool
    /// -1 when the offer has no area.
    let areaID: Int32
    let organisationID: Int32
    let professionID: Int32
    let remainingCapacityMinutes: Int32
    let loadMinutes: Int32
    let balanceMinutes: Int64
}

/// Where an offer's values start in a pool and how many there are.
struct PoolSlice: Sendable {
    let start: Int32
    let count: Int32

    var range: Range<Int> { Int(start)..<Int(start + count) }
}

/// The pools the prepared offers point into, and the network list.
struct OfferPools: Sendable {
    var kinds: [Int32] = []
    var languages: [Int32] = []
    var topics: [Int32] = []
    var intervals: [Int32] = []
    var networkIDs: [Int64] = []
    var networkPositions: [Int64: Int32] = [:]

    /// Appends sorted, distinct values to a pool and returns their slice.
    static func append(_ values: [Int32], to pool: inout [Int32]) -> PoolSlice {
        let sorted = Array(Set(values)).sorted()
        let slice = PoolSlice(start: Int32(pool.count), count: Int32(sorted.count))
        pool += sorted
        return slice
    }

    mutating func networkPosition(_ networkID: Int64) -> Int32 {
        if let known = networkPositions[networkID] { return known }
        let position = Int32(networkIDs.count)
        networkIDs.append(networkID)
        networkPositions[networkID] = position
        return position
    }
}

/// The vocabularies shared by offers and requests.
struct MatchingVocabularies: Sendable {
    var kinds = Vocabulary()
    var languages = Vocabulary()
    var topics = Vocabulary()
    var areas = Vocabulary()
    var organisations = Vocabulary()
    var professions = Vocabulary()
}
