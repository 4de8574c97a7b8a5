import GRDB
import Synchronization

/// Group commit for a GRDB pool: writes that arrive together run one after another inside ONE
/// SQLite transaction, each in its own savepoint — a write that throws is rolled back alone and
/// its caller gets the error — and every caller is answered only after that one commit is
/// durable. At synchronous=FULL each commit costs an fsync; under concurrent requests this shares
/// it among up to `batchMax` writes instead of paying it per write. A lone write pays the same
/// single commit as before.
///
/// Bodies see each other's effects in arrival order, exactly as if they had committed one by
/// one, so optimistic version checks and id allocation behave as with separate transactions.
public final class GroupCommitWriter: Sendable {
    public static let batchMax = 256

    private let pool: DatabasePool
    private let state = Mutex(State())

    private struct State {
        var queue: [Job] = []
        var draining = false
        var batchesCommitted = 0
        var writesSubmitted = 0
    }

    /// Writes submitted so far (for tests and diagnostics).
    public var writesSubmitted: Int { state.withLock { $0.writesSubmitted } }

    /// Writes waiting for the next batch (for tests and diagnostics).
    public var queuedCount: Int { state.withLock { $0.queue.count } }
    /// Batches committed so far (for tests and diagnostics).
    public var batchesCommitted: Int { state.withLock { $0.batchesCommitted } }

    private struct Job: Sendable {
        /// Runs the body in a savepoint and keeps its outcome (never throws).
        let run: @Sendable (Database) -> Void
        /// Answers the caller: with the body's outcome after a commit, or with the commit's error.
        let finish: @Sendable ((any Error)?) -> Void
    }

    /// Thrown to every caller of a batch whose transaction SQLite itself rolled back (an I/O
    /// error, say): nothing of the batch is committed.
    public struct TransactionAborted: Error {}

    public init(pool: DatabasePool) {
        self.pool = pool
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let outcome = Outcome<T>()
            let job = Job(
                run: { db in
                    do {
                        outcome.result = .success(try Self.inSavepoint(db, body))
                    } catch {
                        outcome.result = .failure(error)
                    }
                },
                finish: { commitError in
                    if let commitError {
                        continuation.resume(throwing: commitError)
                    } else {
                        continuation.resume(with: outcome.result!)
                    }
                })
            let startsDrain = state.withLock { state -> Bool in
                state.queue.append(job)
                state.writesSubmitted += 1
                if state.draining { return false }
                state.draining = true
                return true
            }
            if startsDrain { Task { await self.drain() } }
        }
    }

    /// Runs `body` in a savepoint of the batch's transaction: released when it returns, rolled
    /// back (and released) when it throws, so its changes go with the batch or not at all.
    /// GRDB's `inSavepoint` does the same but compiles its three statements on every call; these
    /// are compiled once per connection (GRDB still sees each one, so transaction observers
    /// drop the events of a rolled-back savepoint as before).
    static func inSavepoint<T>(_ db: Database, _ body: (Database) throws -> T) throws -> T {
        try db.cachedStatement(sql: "SAVEPOINT group_commit_write").execute()
        let value: T
        do {
            value = try body(db)
        } catch {
            // If SQLite already rolled the whole transaction back, there is no savepoint left:
            // the drain finds the transaction gone before the next write and fails the batch.
            if db.isInsideTransaction {
                try? db.cachedStatement(sql: "ROLLBACK TRANSACTION TO SAVEPOINT group_commit_write").execute()
                try? db.cachedStatement(sql: "RELEASE SAVEPOINT group_commit_write").execute()
            }
            throw error
        }
        try db.cachedStatement(sql: "RELEASE SAVEPOINT group_commit_write").execute()
        return value
    }

    /// Commits batches until the queue is empty; only one drain runs at a time.
    private func drain() async {
        while true {
            let batch = state.withLock { state -> [Job] in
                guard !state.queue.isEmpty else {
                    state.draining = false
                    return []
                }
                let count = min(state.queue.count, Self.batchMax)
                defer { state.queue.removeFirst(count) }
                return Array(state.queue.prefix(count))
            }
            if batch.isEmpty { return }
            do {
                try await pool.writeWithoutTransaction { db in
                    try db.inTransaction(.immediate) {
                        for job in batch {
                            // Were the transaction rolled back under us, a savepoint would open
                            // a transaction of its own and commit apart from the batch.
                            guard db.isInsideTransaction else { throw TransactionAborted() }
                            job.run(db)
                        }
                        return .commit
                    }
                }
                state.withLock { $0.batchesCommitted += 1 }
                for job in batch { job.finish(nil) }
            } catch {
                for job in batch { job.finish(error) }
            }
        }
    }
}

/// One write's outcome, set on the writer's connection and read after the commit: never
/// touched by two threads at once.
private final class Outcome<T: Sendable>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
