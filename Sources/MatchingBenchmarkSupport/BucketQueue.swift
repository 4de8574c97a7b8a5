/// A monotone bucket queue (Dial) for small non-negative integer keys below `keyLimit`.
/// Entries are never removed early: a caller skips an entry whose key is stale.
/// Keys popped never decrease, so a sweep from 0 upwards visits every entry in key order.
struct BucketQueue: Sendable {
    private var buckets: [[Int32]]
    private var highestUsedKey = -1

    init(keyLimit: Int) {
        precondition(keyLimit >= 1)
        buckets = Array(repeating: [], count: keyLimit)
    }

    var keyLimit: Int { buckets.count }

    mutating func insert(_ item: Int32, key: Int) {
        precondition(key >= 0 && key < buckets.count, "bucket key out of range")
        buckets[key].append(item)
        if key > highestUsedKey { highestUsedKey = key }
    }

    /// Moves every item with exactly `key` into `items` (replacing its contents).
    mutating func drainBucket(key: Int, into items: inout [Int32]) {
        items.removeAll(keepingCapacity: true)
        guard key <= highestUsedKey else { return }
        swap(&items, &buckets[key])
    }

    /// Empties every bucket, keeping their storage for the next search.
    mutating func removeAll() {
        guard highestUsedKey >= 0 else { return }
        for key in 0...highestUsedKey {
            buckets[key].removeAll(keepingCapacity: true)
        }
        highestUsedKey = -1
    }
}
