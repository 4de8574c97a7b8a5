import Synchronization

/// Group commit, independent of what is committed: takes items from many concurrent callers,
/// commits them in arrival order in batches — one `commit` call each — and answers every caller
/// only after its batch's `commit` has returned. The ledger's writer commits ledger requests
/// through it, and SQLite stores commit their write closures through it; what a commit means
/// (one store transaction, durable on return) is the `commit` closure's.
///
/// A caller that finds nobody committing commits its own item at once, in its own task, with no
/// hand-off to another: a lone caller pays one commit and nothing more. Items arriving meanwhile
/// queue up; when that commit returns, a drain task takes over and commits what queued, batch
/// after batch, each batch as much of the queue as the limits allow. Only one commit runs at a
/// time.
///
/// `commit` answers one result per item, in order, when the batch committed (an item may still
/// fail alone, e.g. a savepoint rolled back); it throws when nothing of the batch committed, and
/// then every caller of that batch, and only of that batch, gets the error.
public final class GroupCommitQueue<Item: Sendable, Output: Sendable>: Sendable {
    public typealias Commit = @Sendable ([Item]) async throws -> [Result<Output, any Error>]

    /// Bounds on one batch and on the queue.
    public struct Limits: Sendable, Hashable {
        /// Items in one commit.
        public var itemsPerBatchMax: Int
        /// Total weight (as `weigh` measures it) of one commit; an item heavier than this is
        /// still committed, alone.
        public var weightPerBatchMax: Int
        /// Items waiting for a commit; a submission beyond it is refused with `Overloaded`.
        public var queuedItemsMax: Int

        public init(itemsPerBatchMax: Int, weightPerBatchMax: Int = .max, queuedItemsMax: Int) {
            precondition(itemsPerBatchMax > 0 && weightPerBatchMax > 0 && queuedItemsMax > 0)
            self.itemsPerBatchMax = itemsPerBatchMax
            self.weightPerBatchMax = weightPerBatchMax
            self.queuedItemsMax = queuedItemsMax
        }
    }

    /// Counts since start, for tests, benchmarks and metrics. Committed counts include only
    /// batches whose `commit` returned.
    public struct Statistics: Sendable, Hashable {
        public var itemsSubmitted = 0
        public var batchesCommitted = 0
        public var itemsCommitted = 0
        public var weightCommitted = 0
    }

    /// Thrown to a submission that finds `queuedItemsMax` items already waiting.
    public struct Overloaded: Error, Hashable {
        public let queuedItemsMax: Int

        public init(queuedItemsMax: Int) {
            self.queuedItemsMax = queuedItemsMax
        }
    }

    private struct Waiting {
        let item: Item
        let weight: Int
        let continuation: CheckedContinuation<Output, any Error>
    }

    private struct State {
        var queue: [Waiting] = []
        /// True while a commit runs or is about to: a new item then queues instead.
        var committing = false
        var statistics = Statistics()
    }

    private let limits: Limits
    private let weigh: @Sendable (Item) -> Int
    private let commit: Commit
    private let committed: (@Sendable (_ items: Int, _ weight: Int) -> Void)?
    private let state = Mutex(State())

    /// `weigh` measures an item against `weightPerBatchMax` (and for `weightCommitted`);
    /// `committed`, when given, is told each batch's item count and weight once its `commit` has
    /// returned (for metrics: it must be cheap and must not block).
    public init(
        limits: Limits, weigh: @escaping @Sendable (Item) -> Int = { _ in 1 },
        committed: (@Sendable (_ items: Int, _ weight: Int) -> Void)? = nil, commit: @escaping Commit
    ) {
        self.limits = limits
        self.weigh = weigh
        self.committed = committed
        self.commit = commit
    }

    public var statistics: Statistics { state.withLock { $0.statistics } }

    /// Items waiting for a commit (not counting those of the commit under way).
    public var queuedCount: Int { state.withLock { $0.queue.count } }

    /// Commits `item` with whatever else is waiting; answers its own result once its batch's
    /// commit has returned.
    public func submit(_ item: Item) async throws -> Output {
        let weight = weigh(item)
        precondition(weight >= 0, "an item's weight is never negative")
        let commitsAtOnce = state.withLock { state -> Bool in
            guard !state.committing else { return false }
            state.committing = true
            state.statistics.itemsSubmitted += 1
            return true
        }
        guard commitsAtOnce else { return try await enqueue(item, weight: weight) }
        let result = await commitBatch([item], weight: weight)[0]
        handOver()
        return try result.get()
    }

    /// Waits in the queue for a drain to commit `item`. Should the commit under way have ended
    /// since `submit` looked, this caller starts the drain itself.
    private func enqueue(_ item: Item, weight: Int) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            let startsDrain = state.withLock { state -> Bool? in
                guard state.queue.count < limits.queuedItemsMax else { return nil }
                state.queue.append(Waiting(item: item, weight: weight, continuation: continuation))
                state.statistics.itemsSubmitted += 1
                guard !state.committing else { return false }
                state.committing = true
                return true
            }
            switch startsDrain {
            case nil: continuation.resume(throwing: Overloaded(queuedItemsMax: limits.queuedItemsMax))
            case true?: Task { await self.drain() }
            case false?: break
            }
        }
    }

    /// After a caller's own commit: leaves the queue to a drain task if anything queued
    /// meanwhile, or marks the queue idle.
    private func handOver() {
        let queued = state.withLock { state -> Bool in
            if state.queue.isEmpty { state.committing = false }
            return state.committing
        }
        if queued { Task { await self.drain() } }
    }

    /// Commits queued items until none are left, then marks the queue idle.
    private func drain() async {
        while let batch = takeBatch() {
            let results = await commitBatch(batch.map(\.item), weight: batch.reduce(0) { $0 + $1.weight })
            for (waiting, result) in zip(batch, results) {
                waiting.continuation.resume(with: result)
            }
        }
    }

    /// The next batch from the head of the queue: at least one item, then as many as fit both
    /// limits. Nil (and the queue marked idle) when nothing is queued.
    private func takeBatch() -> [Waiting]? {
        state.withLock { state -> [Waiting]? in
            guard !state.queue.isEmpty else {
                state.committing = false
                return nil
            }
            let taken = Self.batchCount(state.queue.lazy.map(\.weight), limits: limits)
            defer { state.queue.removeFirst(taken) }
            return Array(state.queue.prefix(taken))
        }
    }

    /// How many of `weights` (the queue's, head first; at least one) the next batch takes.
    private static func batchCount(_ weights: some Collection<Int>, limits: Limits) -> Int {
        var taken = 0
        var total = 0
        for weight in weights {
            if taken == limits.itemsPerBatchMax { break }
            if taken > 0 && total + weight > limits.weightPerBatchMax { break }
            total += weight
            taken += 1
        }
        return taken
    }

    /// One `commit` of `items`: one result each, all failures when it threw.
    private func commitBatch(_ items: [Item], weight: Int) async -> [Result<Output, any Error>] {
        do {
            let results = try await commit(items)
            precondition(results.count == items.count, "a commit answers one result per item")
            state.withLock { state in
                state.statistics.batchesCommitted += 1
                state.statistics.itemsCommitted += items.count
                state.statistics.weightCommitted += weight
            }
            committed?(items.count, weight)
            return results
        } catch {
            return items.map { _ in .failure(error) }
        }
    }
}
