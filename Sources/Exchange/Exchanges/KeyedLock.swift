import Synchronization

/// A lock per key, for tasks: `withLock` waits (suspending, not blocking a thread) while another
/// task holds the key, and hands it on first come first served. A key takes memory only while held.
final class KeyedLock<Key: Hashable & Sendable>: Sendable {
    /// Held keys, each with the tasks waiting for it.
    private let waiters = Mutex<[Key: [CheckedContinuation<Void, Never>]]>([:])

    /// Not reentrant: `body` must not lock `key` again.
    func withLock<T: Sendable>(_ key: Key, _ body: () async throws -> T) async throws -> T {
        await acquire(key)
        defer { release(key) }
        return try await body()
    }

    private func acquire(_ key: Key) async {
        let taken = waiters.withLock { waiters in
            guard waiters[key] == nil else { return false }
            waiters[key] = []
            return true
        }
        if taken { return }
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let takenNow = waiters.withLock { waiters in
                guard waiters[key] != nil else {
                    waiters[key] = []
                    return true
                }
                waiters[key]!.append(waiter)
                return false
            }
            if takenNow { waiter.resume() }
        }
    }

    /// Hands the lock to the first waiter, or frees it.
    private func release(_ key: Key) {
        let next = waiters.withLock { waiters -> CheckedContinuation<Void, Never>? in
            guard var queue = waiters[key] else { preconditionFailure("released a lock not held") }
            guard !queue.isEmpty else {
                waiters[key] = nil
                return nil
            }
            let first = queue.removeFirst()
            waiters[key] = queue
            return first
        }
        next?.resume()
    }

    var heldCount: Int { waiters.withLock { $0.count } }
}
