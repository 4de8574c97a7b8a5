/// The single writer: takes requests from many concurrent callers, applies them in arrival
/// order in batches of one store commit each (group commit, by `GroupCommitQueue`), and answers
/// each caller only after its batch's commit is durable. A batch holds at most
/// `eventsPerCommitMax` events; at most `queuedRequestsMax` requests wait.
public final class LedgerWriter: Sendable {
    /// Counts since start, for benchmarks and metrics.
    public struct Statistics: Sendable, Hashable {
        public var commits = 0
        public var requests = 0
        public var events = 0

        public var meanRequestsPerCommit: Double {
            commits == 0 ? 0 : Double(requests) / Double(commits)
        }
    }

    private let limits: LedgerLimits
    private let queue: GroupCommitQueue<LedgerRequest, LedgerResponse>

    public init(store: any LedgerStore, clock: any EpochClock, limits: LedgerLimits, observer: (any LedgerCommitObserver)? = nil) {
        self.limits = limits
        var committed: (@Sendable (Int, Int) -> Void)?
        if let observer {
            committed = { requests, events in observer.ledgerCommitted(requests: requests, events: events) }
        }
        queue = GroupCommitQueue(
            // The queue bounds a batch by events; its request count is bounded by the queue's.
            limits: .init(itemsPerBatchMax: limits.queuedRequestsMax, weightPerBatchMax: limits.eventsPerCommitMax,
                          queuedItemsMax: limits.queuedRequestsMax),
            weigh: { $0.eventCount },
            committed: committed,
            commit: { requests in
                try await Self.commit(requests, store: store, clock: clock, expiriesMax: limits.expiriesPerCommitMax)
            })
    }

    public var statistics: Statistics {
        let counts = queue.statistics
        return Statistics(commits: counts.batchesCommitted, requests: counts.itemsCommitted, events: counts.weightCommitted)
    }

    /// Requests waiting for a commit (not counting those of the commit under way).
    public var queuedRequests: Int { queue.queuedCount }

    public func submit(_ request: LedgerRequest) async throws -> LedgerResponse {
        let events = request.eventCount
        guard events > 0 else { throw LedgerError.emptyRequest }
        guard events <= limits.eventsPerRequestMax else {
            throw LedgerError.requestTooLarge(events: events, max: limits.eventsPerRequestMax)
        }
        do {
            return try await queue.submit(request)
        } catch is GroupCommitQueue<LedgerRequest, LedgerResponse>.Overloaded {
            throw LedgerError.overloaded(queuedRequestsMax: limits.queuedRequestsMax)
        }
    }

    /// One store commit for `requests`, in order, at one ledger time: one response each. Throws
    /// when the commit failed, in which case nothing was written.
    private static func commit(
        _ requests: [LedgerRequest], store: any LedgerStore, clock: any EpochClock, expiriesMax: Int
    ) async throws -> [Result<LedgerResponse, any Error>] {
        var keys = WorkingSetKeys()
        for request in requests { request.addKeys(to: &keys) }
        keys.dueExpiriesMax = expiriesMax
        let nowNanoseconds = clock.nowNanoseconds()
        let responses = try await store.commit(keys: keys, nowNanoseconds: nowNanoseconds) { workingSet in
            var machine = LedgerStateMachine(workingSet: workingSet, requestedNowNanoseconds: nowNanoseconds)
            let responses = machine.process(requests)
            return (machine.changes(), responses)
        }
        precondition(responses.count == requests.count, "one response per request")
        return responses.map { .success($0) }
    }
}
