/// A binary min-heap of (key, item) pairs; ties are broken by the smaller item, so the pop
/// order depends only on the pushes. Stale entries are skipped by the caller.
struct MinimumHeap {
    private var keys: [Int] = []
    private var items: [Int32] = []

    var isEmpty: Bool { keys.isEmpty }

    private func less(_ left: Int, _ right: Int) -> Bool {
        keys[left] < keys[right] || (keys[left] == keys[right] && items[left] < items[right])
    }

    private mutating func swapAt(_ left: Int, _ right: Int) {
        keys.swapAt(left, right)
        items.swapAt(left, right)
    }

    mutating func push(_ item: Int32, key: Int) {
        keys.append(key)
        items.append(item)
        var child = keys.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(child, parent) else { break }
            swapAt(child, parent)
            child = parent
        }
    }

    mutating func popMinimum() -> (key: Int, item: Int32)? {
        guard let lastKey = keys.last, let lastItem = items.last else { return nil }
        let top = (keys[0], items[0])
        keys[0] = lastKey
        items[0] = lastItem
        keys.removeLast()
        items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < keys.count else { break }
            let right = left + 1
            let smaller = right < keys.count && less(right, left) ? right : left
            guard less(smaller, parent) else { break }
            swapAt(smaller, parent)
            parent = smaller
        }
        return top
    }

    mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        items.removeAll(keepingCapacity: true)
    }
}
