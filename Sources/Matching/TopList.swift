/// The best `capacity` entries seen so far, best first: higher score first, then lower offer
/// id (the deterministic tie-break). Insertion is O(capacity); capacity is small (≤ 100).
struct TopList<Entry> {
    private(set) var entries: [(score: Int, offerID: Int64, entry: Entry)] = []
    let capacity: Int

    init(capacity: Int) {
        precondition(capacity >= 0)
        self.capacity = capacity
        entries.reserveCapacity(capacity)
    }

    static func ranksBefore(_ score: Int, _ offerID: Int64, _ otherScore: Int, _ otherOfferID: Int64) -> Bool {
        score != otherScore ? score > otherScore : offerID < otherOfferID
    }

    /// Whether an entry with this score and offer id would be kept.
    func admits(score: Int, offerID: Int64) -> Bool {
        guard capacity > 0 else { return false }
        guard entries.count == capacity, let worst = entries.last else { return true }
        return Self.ranksBefore(score, offerID, worst.score, worst.offerID)
    }

    mutating func insert(score: Int, offerID: Int64, entry: Entry) {
        guard admits(score: score, offerID: offerID) else { return }
        var low = 0, high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if Self.ranksBefore(entries[middle].score, entries[middle].offerID, score, offerID) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        entries.insert((score, offerID, entry), at: low)
        if entries.count > capacity { entries.removeLast() }
    }
}
