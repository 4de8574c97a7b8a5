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
    private let clock: any LedgerClock
    private let limits: LedgerLimits
    private var queue: [Submission] = []
    private var draining = false
    private var counts = Statistics()

    public init(store: any LedgerStore, clock: any LedgerClock, limits: LedgerLimits) {
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
        return try await withCheckedThrowingContinuation { continuation in
            queue.append(Submission(request: request, continuation: continuation))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    /// Commits queued requests until none are left. Requests that arrive while a commit is in
    /// flight wait for the next one, which takes them all (up to the commit limit).
    private func drain() async {
        while !queue.isEmpty {
            let batch = takeBatch()
            let requests = batch.map(\.request)
            var keys = WorkingSetKeys()
            for request in requests { request.addKeys(to: &keys) }
            keys.dueExpiriesMax = limits.expiriesPerCommitMax
            let now = clock.nowNanoseconds()
            do {
                let responses = try await store.commit(keys: keys, nowNanoseconds: now) { workingSet in
                    var machine = LedgerStateMachine(workingSet: workingSet, requestedNow: now)
                    let responses = machine.process(requests)
                    return (machine.changes(), responses)
                }
                precondition(responses.count == batch.count, "one response per request")
                counts.commits += 1
                counts.requests += batch.count
                counts.events += requests.reduce(0) { $0 + $1.eventCount }
                for (submission, response) in zip(batch, responses) {
                    submission.continuation.resume(returning: response)
                }
            } catch {
                for submission in batch { submission.continuation.resume(throwing: error) }
            }
        }
        draining = false
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
