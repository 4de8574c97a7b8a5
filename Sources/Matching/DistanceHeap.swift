/// A 4-ary min-heap of (distance, offer) entries for the solver's Dijkstra searches.
///
/// Why a comparison heap and not a bucket queue: a bucket queue (Dial) costs time and memory
/// in proportion to the key range, and the key range here is the score range (up to 10^6 and
/// beyond once load costs and penalties are added), so the old benchmark-only solver slowed
/// down fifteen-fold from scores up to 1,000 to scores up to 100,000. A heap's cost is
/// O(log n) per entry whatever the keys; the searches stop early, so n stays small and the
/// heap stays in cache. Four children per node halve the depth of a binary heap.
///
/// Ties are broken by the smaller offer, so the pop order depends only on the pushes and the
/// solver is deterministic. Entries are never decreased in place: a caller pushes again and
/// skips the stale entry when it comes out (its distance no longer matches).
struct DistanceHeap {
    struct Entry {
        var distance: Int
        var offer: Int32
    }

    private var entries: [Entry] = []

    var isEmpty: Bool { entries.isEmpty }

    @inline(__always)
    private static func less(_ left: Entry, _ right: Entry) -> Bool {
        left.distance < right.distance || (left.distance == right.distance && left.offer < right.offer)
    }

    mutating func push(_ offer: Int32, distance: Int) {
        let entry = Entry(distance: distance, offer: offer)
        entries.append(entry)
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) >> 2
            guard Self.less(entry, entries[parent]) else { break }
            entries[child] = entries[parent]
            child = parent
        }
        entries[child] = entry
    }

    /// The smallest entry's distance, without removing it.
    var minimumDistance: Int? { entries.first?.distance }

    mutating func popMinimum() -> Entry? {
        guard let last = entries.popLast() else { return nil }
        guard !entries.isEmpty else { return last }
        let top = entries[0]
        let count = entries.count
        var parent = 0
        while true {
            let first = 4 * parent + 1
            guard first < count else { break }
            var smallest = first
            for child in (first + 1)..<min(first + 4, count) where Self.less(entries[child], entries[smallest]) {
                smallest = child
            }
            guard Self.less(entries[smallest], last) else { break }
            entries[parent] = entries[smallest]
            parent = smallest
        }
        entries[parent] = last
        return top
    }

    mutating func removeAll() {
        entries.removeAll(keepingCapacity: true)
    }
}
