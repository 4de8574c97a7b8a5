import Synchronization

/// What keeps an exchange's changes in order within the one process that serves a data
/// directory, and remembers which exchanges may have a ledger action the exchange store has
/// not recorded.
///
/// Every change to an exchange runs holding its lock, from reading the row to storing the new
/// one, with the ledger call in between: a cancellation can no longer slip between an
/// acceptance's decision and its reservation. (Before, a ledger action was first stored with
/// the exchange and that version bump was the lock — one durable write more per acceptance and
/// per settlement.)
final class ExchangeGuard: Sendable {
    private struct State {
        /// Held locks, each with the tasks waiting for it, first come first served.
        var waiters: [ExchangeID: [CheckedContinuation<Void, Never>]] = [:]
        /// Exchanges whose ledger action may have happened without its outcome being stored.
        var unrecorded: Set<ExchangeID> = []
    }

    private let state = Mutex(State())

    /// At most this many exchanges are remembered as unrecorded (a store failing that often is
    /// failing every write); beyond it they are left to the start-up pass
    /// (`ExchangeService.recoverUnrecordedActions`), which looks at every unsettled exchange.
    static let unrecordedMax = 100_000

    /// Runs `body` holding `id`'s lock. Not reentrant: `body` must not lock `id` again.
    func withLock<T: Sendable>(_ id: ExchangeID, _ body: () async throws -> T) async throws -> T {
        await acquire(id)
        defer { release(id) }
        return try await body()
    }

    private func acquire(_ id: ExchangeID) async {
        let taken = state.withLock { state in
            guard state.waiters[id] == nil else { return false }
            state.waiters[id] = []
            return true
        }
        if taken { return }
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let takenNow = state.withLock { state in
                guard state.waiters[id] != nil else {
                    state.waiters[id] = []
                    return true
                }
                state.waiters[id]!.append(waiter)
                return false
            }
            if takenNow { waiter.resume() }
        }
    }

    /// Hands the lock to the first waiter, or frees it.
    private func release(_ id: ExchangeID) {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard var queue = state.waiters[id] else { preconditionFailure("released a lock not held") }
            guard !queue.isEmpty else {
                state.waiters[id] = nil
                return nil
            }
            let first = queue.removeFirst()
            state.waiters[id] = queue
            return first
        }
        next?.resume()
    }

    /// How many exchange locks are held (for tests).
    var heldCount: Int { state.withLock { $0.waiters.count } }

    func markUnrecorded(_ id: ExchangeID) {
        state.withLock { state in
            if state.unrecorded.count < Self.unrecordedMax { state.unrecorded.insert(id) }
        }
    }

    func isUnrecorded(_ id: ExchangeID) -> Bool { state.withLock { $0.unrecorded.contains(id) } }

    func clearUnrecorded(_ id: ExchangeID) { state.withLock { _ = $0.unrecorded.remove(id) } }

    /// The exchanges marked unrecorded, in id order.
    var unrecorded: [ExchangeID] { state.withLock { $0.unrecorded.sorted { $0.rawValue < $1.rawValue } } }
}
