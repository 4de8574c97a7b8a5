import Ledger
import Synchronization

/// A store is ready when one cheap query of it returns within the timeout. A query that does
/// not return in time is left to finish on its own (its answer is dropped): the probe itself
/// never waits longer than the timeout.
struct QueryReadinessCheck: ReadinessCheck {
    /// Bounds every store probe of `/health/ready`.
    static let timeoutMilliseconds = 2_000

    let name: String
    let timeoutMilliseconds: Int
    let query: @Sendable () async throws -> Void

    init(name: String, timeoutMilliseconds: Int = Self.timeoutMilliseconds, query: @escaping @Sendable () async throws -> Void) {
        precondition(timeoutMilliseconds > 0)
        self.name = name
        self.timeoutMilliseconds = timeoutMilliseconds
        self.query = query
    }

    func check() async -> ReadinessResult {
        switch await Self.firstOf(query, timeoutMilliseconds: timeoutMilliseconds) {
        case .answered: ReadinessResult(ready: true, detail: nil)
        case .failed(let error): ReadinessResult(ready: false, detail: "query failed: \(Self.describe(error))")
        case .timedOut: ReadinessResult(ready: false, detail: "no answer within \(timeoutMilliseconds) ms")
        }
    }

    enum Outcome: Sendable {
        case answered
        case failed(any Error)
        case timedOut
    }

    /// The query's outcome, or `timedOut` once the time has passed, whichever comes first;
    /// the loser's outcome is ignored (and both tasks cancelled).
    static func firstOf(_ query: @escaping @Sendable () async throws -> Void, timeoutMilliseconds: Int) async -> Outcome {
        let settled = FirstOutcome()
        let resume: @Sendable (Outcome) -> Void = { outcome in settled.resume(outcome) }
        var tasks: [Task<Void, Never>] = []
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
            settled.wait(continuation)
            tasks.append(Task {
                do {
                    try await query()
                    resume(.answered)
                } catch {
                    resume(.failed(error))
                }
            })
            tasks.append(Task {
                try? await Task.sleep(for: .milliseconds(timeoutMilliseconds))
                resume(.timedOut)
            })
        }
        for task in tasks { task.cancel() }
        return outcome
    }

    /// The error's type and, for the errors the stores throw to say they are down, its words
    /// (which name only the store); other errors' texts are not repeated (they may quote data).
    static func describe(_ error: any Error) -> String {
        if let error = error as? StoreUnavailable { return error.description }
        return String(reflecting: type(of: error))
    }
}

/// The continuation of `firstOf`, resumed once: by whichever of the query and the timer ends first.
private final class FirstOutcome: Sendable {
    private let continuation = Mutex<CheckedContinuation<QueryReadinessCheck.Outcome, Never>?>(nil)

    func wait(_ continuation: CheckedContinuation<QueryReadinessCheck.Outcome, Never>) {
        self.continuation.withLock { $0 = continuation }
    }

    func resume(_ outcome: QueryReadinessCheck.Outcome) {
        let waiting = continuation.withLock { continuation in
            defer { continuation = nil }
            return continuation
        }
        waiting?.resume(returning: outcome)
    }
}
