import Ledger
import Synchronization
import Testing

@Suite struct GroupCommitQueueTests {
    // Proves a caller who finds the queue idle commits its item at once, in its own task (no
    // hand-off to another task), and gets its own item's result.
    @Test func aLoneCallerCommitsAtOnceInItsOwnTask() async throws {
        let log = CommitLog(holdingFirstCommit: false)
        let queue = log.queue(limits: .init(itemsPerBatchMax: 8, queuedItemsMax: 8))
        let callerTask = withUnsafeCurrentTask { $0?.hashValue }

        #expect(try await queue.submit(7) == 70)
        #expect(log.batches == [[7]])
        #expect(log.committingTasks == [callerTask])
        #expect(counts(queue) == [1, 1, 1, 1])
    }

    // Proves items that queue while a commit runs are committed in arrival order, in batches of
    // at most `itemsPerBatchMax`, each caller answered with its own item's result.
    @Test func queuedItemsCommitInArrivalOrderInBatches() async throws {
        let log = CommitLog(holdingFirstCommit: true)
        let queue = log.queue(limits: .init(itemsPerBatchMax: 4, queuedItemsMax: 64))

        let answers = try await log.submitWhileFirstCommitHeld(0, then: Array(1...10), to: queue)

        #expect(answers.map { try? $0.get() } == (0...10).map { $0 * 10 })
        #expect(log.batches == [[0], [1, 2, 3, 4], [5, 6, 7, 8], [9, 10]])
        #expect(counts(queue) == [11, 4, 11, 11])
        #expect(queue.queuedCount == 0)
    }

    // Proves the weight limit closes a batch before the item that would exceed it, and that an
    // item heavier than the limit is still committed, alone.
    @Test func weightLimitSplitsBatchesAndAHeavyItemGoesAlone() async throws {
        let log = CommitLog(holdingFirstCommit: true)
        let queue = log.queue(limits: .init(itemsPerBatchMax: 10, weightPerBatchMax: 10, queuedItemsMax: 64),
                              weigh: { $0 })

        let answers = try await log.submitWhileFirstCommitHeld(0, then: [3, 4, 2, 12, 5, 5, 1], to: queue)

        #expect(answers.allSatisfy { (try? $0.get()) != nil })
        #expect(log.batches == [[0], [3, 4, 2], [12], [5, 5], [1]])
        #expect(queue.statistics.weightCommitted == 32)
    }

    // Proves a commit that throws fails every caller of its batch and no other, that an item's
    // own failure in a committed batch reaches only its caller, and that only committed
    // batches are counted.
    @Test func aFailingCommitFailsOnlyItsBatch() async throws {
        let log = CommitLog(holdingFirstCommit: true, batchFailingWith: 3, itemFailing: 2)
        let queue = log.queue(limits: .init(itemsPerBatchMax: 2, queuedItemsMax: 64))

        let answers = try await log.submitWhileFirstCommitHeld(0, then: [1, 2, 3, 4, 5], to: queue)

        #expect(log.batches == [[0], [1, 2], [3, 4], [5]])
        #expect(answers.map(Outcome.init) == [.value(0), .value(10), .itemRefused, .batchRefused, .batchRefused, .value(50)])
        #expect(counts(queue) == [6, 3, 4, 4])
    }

    // Proves a submission finding `queuedItemsMax` items waiting is refused with `Overloaded`
    // and not queued, while those waiting are still committed.
    @Test func aFullQueueRefusesTheNextSubmission() async throws {
        let log = CommitLog(holdingFirstCommit: true)
        let queue = log.queue(limits: .init(itemsPerBatchMax: 8, queuedItemsMax: 2))

        let answers = try await log.submitWhileFirstCommitHeld(0, then: [1, 2], to: queue) {
            await #expect(throws: GroupCommitQueue<Int, Int>.Overloaded(queuedItemsMax: 2)) {
                try await queue.submit(3)
            }
        }

        #expect(answers.map { try? $0.get() } == [0, 10, 20])
        #expect(log.batches == [[0], [1, 2]])
        #expect(queue.statistics.itemsSubmitted == 3)
    }

    // Proves that many concurrent callers are each answered once with their own item's result,
    // that every item is committed exactly once, and that commits never overlap.
    @Test func concurrentCallersAreAllAnsweredByOneCommitAtATime() async throws {
        let log = CommitLog(holdingFirstCommit: false)
        let queue = log.queue(limits: .init(itemsPerBatchMax: 64, queuedItemsMax: 4_096))
        let count = 2_000

        let answers = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for item in 0..<count {
                group.addTask { (item, try await queue.submit(item)) }
            }
            return try await group.reduce(into: [Int: Int]()) { $0[$1.0] = $1.1 }
        }

        #expect(answers.count == count)
        #expect(answers.allSatisfy { $0.value == $0.key * 10 })
        #expect(log.batches.flatMap { $0 }.sorted() == Array(0..<count))
        #expect(log.batches.allSatisfy { $0.count <= 64 })
        #expect(log.commitsRunningMax == 1)
        #expect(queue.statistics.itemsCommitted == count && queue.statistics.batchesCommitted == log.batches.count)
    }
}

/// The queue's statistics as [submitted, batches committed, items committed, weight committed].
private func counts(_ queue: GroupCommitQueue<Int, Int>) -> [Int] {
    let statistics = queue.statistics
    return [statistics.itemsSubmitted, statistics.batchesCommitted, statistics.itemsCommitted, statistics.weightCommitted]
}

/// What a caller got, comparable.
private enum Outcome: Equatable {
    case value(Int)
    case batchRefused
    case itemRefused
    case otherError

    init(_ result: Result<Int, any Error>) {
        switch result {
        case .success(let value): self = .value(value)
        case .failure(is BatchRefused): self = .batchRefused
        case .failure(is ItemRefused): self = .itemRefused
        case .failure: self = .otherError
        }
    }
}

private struct BatchRefused: Error {}
private struct ItemRefused: Error {}

/// A commit for queues of `Int`s that records each batch (and the task that committed it),
/// answers `item × 10`, can hold the first commit until released, throws for the batch holding
/// `batchFailingWith`, and fails `itemFailing` alone.
private final class CommitLog: Sendable {
    private struct State {
        var batches: [[Int]] = []
        var committingTasks: [Int?] = []
        var commitsRunning = 0
        var commitsRunningMax = 0
        var firstCommitReleased = false
        var firstCommitWaiter: CheckedContinuation<Void, Never>?
    }

    private let state: Mutex<State>
    private let batchFailingWith: Int?
    private let itemFailing: Int?

    init(holdingFirstCommit: Bool, batchFailingWith: Int? = nil, itemFailing: Int? = nil) {
        state = Mutex(State(firstCommitReleased: !holdingFirstCommit))
        self.batchFailingWith = batchFailingWith
        self.itemFailing = itemFailing
    }

    var batches: [[Int]] { state.withLock { $0.batches } }
    var committingTasks: [Int?] { state.withLock { $0.committingTasks } }
    var commitsRunningMax: Int { state.withLock { $0.commitsRunningMax } }

    func queue(limits: GroupCommitQueue<Int, Int>.Limits,
               weigh: @escaping @Sendable (Int) -> Int = { _ in 1 }) -> GroupCommitQueue<Int, Int> {
        GroupCommitQueue(limits: limits, weigh: weigh) { items in try await self.commit(items) }
    }

    private func commit(_ items: [Int]) async throws -> [Result<Int, any Error>] {
        let task = withUnsafeCurrentTask { $0?.hashValue }
        let isFirst = state.withLock { state -> Bool in
            state.batches.append(items)
            state.committingTasks.append(task)
            state.commitsRunning += 1
            state.commitsRunningMax = max(state.commitsRunningMax, state.commitsRunning)
            return state.batches.count == 1
        }
        if isFirst { await waitForFirstCommitRelease() }
        await Task.yield()
        state.withLock { $0.commitsRunning -= 1 }
        if let batchFailingWith, items.contains(batchFailingWith) { throw BatchRefused() }
        return items.map { $0 == itemFailing ? .failure(ItemRefused()) : .success($0 * 10) }
    }

    private func waitForFirstCommitRelease() async {
        await withCheckedContinuation { continuation in
            let released = state.withLock { state -> Bool in
                if !state.firstCommitReleased { state.firstCommitWaiter = continuation }
                return state.firstCommitReleased
            }
            if released { continuation.resume() }
        }
    }

    private func releaseFirstCommit() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.firstCommitReleased = true
            defer { state.firstCommitWaiter = nil }
            return state.firstCommitWaiter
        }
        waiter?.resume()
    }

    /// Submits `first`, whose commit is held; then each of `rest` in turn, each one only once
    /// the one before it is queued (so arrival order is the order given); runs `whileHeld`;
    /// releases the first commit and answers every caller's result, `first`'s first.
    func submitWhileFirstCommitHeld(
        _ first: Int, then rest: [Int], to queue: GroupCommitQueue<Int, Int>,
        whileHeld: () async -> Void = {}
    ) async throws -> [Result<Int, any Error>] {
        var callers = [Task { try await queue.submit(first) }]
        try await waitUntil { self.batches.count == 1 }
        for (index, item) in rest.enumerated() {
            callers.append(Task { try await queue.submit(item) })
            try await waitUntil { queue.queuedCount == index + 1 }
        }
        await whileHeld()
        releaseFirstCommit()
        var answers: [Result<Int, any Error>] = []
        for caller in callers { answers.append(await caller.result) }
        return answers
    }

    /// Waits for `condition`, giving up (and failing the test) after about ten seconds.
    private func waitUntil(_ condition: () -> Bool) async throws {
        for _ in 0..<10_000 {
            if condition() { return }
            try await Task.sleep(for: .milliseconds(1))
        }
        Issue.record("the condition never held")
        throw CancellationError()
    }
}
