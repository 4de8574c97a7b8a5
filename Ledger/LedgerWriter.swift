/// The single writer: takes requests from many concurrent callers, applies them in arrival
/// order in batches of one store commit each (group commit), and answers each caller only after
/// its batch's commit is durable.
public actor LedgerWriter {
    private struct Submission {
        let request: LedgerRequest
        let continuation: CheckedContinuation<LedgerResponse, any Error>
    }

    /// Counts since start, for benchmarks and metrics.
    public struct Statistics: Sendable, Hashable {
        public var commits = 0
        public var requests = 0
        public var events = 0

        public var meanRequestsPerCommit: Double {
            commits == 0 ? 0 : Double(requests) / Double(commits)
        }
    }

    private let store: any LedgerStore
    private let clock: any EpochClock
    private let limits: LedgerLimits
    private var queue: [Submission] = []
    private var draining = false
    private var counts = Statistics()

    public init(store: any LedgerStore, clock: any EpochClock, limits: LedgerLimits) {
        self.store = store
        self.clock = clock
        self.limits = limits
    }

    public var statistics: Statistics { counts }

    public func submit(_ request: LedgerRequest) async throws -> LedgerResponse {
        let events = request.eventCount
        guard events > 0 else { throw LedgerError.emptyRequest }
        guard events <= limits.eventsPerRequestMax else {
            throw LedgerError.requestTooLarge(events: events, max: limits.eventsPerRequestMax)
        }
        guard queue.count < limits.queuedRequestsMax else {
            throw LedgerError.overloaded(queuedRequestsMax: limits.queuedRequestsMax)
        }
        if draining {
            return try await withCheckedThrowingContinuation { continuation in
                queue.append(Submission(request: request, continuation: continuation))
            }
        }
        // Nobody is committing: this caller commits its own request at once, with no hand-off
        // to another task. Requests arriving meanwhile queue up for the next commit, which a
        // task started here takes over, so this caller is answered as soon as it is durable.
        draining = true
        let result = await commitBatch([request])[0]
        if queue.isEmpty {
            draining = false
        } else {
            Task { await self.drain() }
        }
        return try result.get()
    }

    /// Commits queued requests until none are left; each commit takes everything queued up to
    /// the commit limit.
    private func drain() async {
        while !queue.isEmpty {
            let batch = takeBatch()
            let results = await commitBatch(batch.map(\.request))
            for (submission, result) in zip(batch, results) {
                submission.continuation.resume(with: result)
            }
        }
        draining = false
    }

    /// One store commit for `requests`, in order: one result each (all failures if the commit
    /// failed, in which case nothing was written).
    private func commitBatch(_ requests: [LedgerRequest]) async -> [Result<LedgerResponse, any Error>] {
        var keys = WorkingSetKeys()
        for request in requests { request.addKeys(to: &keys) }
        keys.dueExpiriesMax = limits.expiriesPerCommitMax
        let now = clock.nowNanoseconds()
        do {
            let responses = try await store.commit(keys: keys, nowNanoseconds: now) { workingSet in
                var machine = LedgerStateMachine(workingSet: workingSet, requestedNowNanoseconds: now)
                let responses = machine.process(requests)
                return (machine.changes(), responses)
            }
            precondition(responses.count == requests.count, "one response per request")
            counts.commits += 1
            counts.requests += requests.count
            counts.events += requests.reduce(0) { $0 + $1.eventCount }
            return responses.map { .success($0) }
        } catch {
            return requests.map { _ in .failure(error) }
        }
    }

    private func takeBatch() -> [Submission] {
        var events = 0
        var taken = 0
        while taken < queue.count {
            let next = queue[taken].request.eventCount
            if taken > 0 && events + next > limits.eventsPerCommitMax { break }
            events += next
            taken += 1
        }
        let batch = Array(queue.prefix(taken))
        queue.removeFirst(taken)
        return batch
    }
}
