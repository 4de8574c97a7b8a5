import GRDB
import Ledger

/// Group commit for a GRDB pool, as a `GroupCommitQueue` whose commit is one SQLite transaction:
/// writes that arrive together run one after another inside ONE transaction, each in its own
/// savepoint — a write that throws is rolled back alone and its caller gets the error — and
/// every caller is answered only after that one commit is durable. At synchronous=FULL each
/// commit costs an fsync; under concurrent requests this shares it among up to `batchMax` writes
/// instead of paying it per write. A lone write pays the same single commit, in its own task.
///
/// Bodies see each other's effects in arrival order, exactly as if they had committed one by
/// one, so optimistic version checks and id allocation behave as with separate transactions.
public final class GroupCommitWriter: Sendable {
    public static let batchMax = 256
    /// Writes waiting for a commit; beyond it a write is refused with
    /// `GroupCommitQueue.Overloaded` (a bound, not a tuning: callers are HTTP requests).
    public static let queuedMax = 65_536

    /// One write as the queue holds it: runs in its savepoint, answers its value type-erased.
    typealias Body = @Sendable (Database) throws -> any Sendable

    private let queue: GroupCommitQueue<Body, any Sendable>

    /// Writes submitted so far (for tests and diagnostics).
    public var writesSubmitted: Int { queue.statistics.itemsSubmitted }

    /// Writes waiting for the next batch (for tests and diagnostics).
    public var queuedCount: Int { queue.queuedCount }
    /// Batches committed so far (for tests and diagnostics).
    public var batchesCommitted: Int { queue.statistics.batchesCommitted }

    /// Thrown to every caller of a batch whose transaction SQLite itself rolled back (an I/O
    /// error, say): nothing of the batch is committed.
    public struct TransactionAborted: Error {}

    public init(pool: DatabasePool) {
        queue = GroupCommitQueue(
            limits: .init(itemsPerBatchMax: Self.batchMax, queuedItemsMax: Self.queuedMax),
            commit: { bodies in try await Self.commit(bodies, in: pool) })
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let value = try await queue.submit { db in try body(db) }
        guard let value = value as? T else { preconditionFailure("a write answers its own body's value") }
        return value
    }

    /// One transaction for `bodies`, each in its own savepoint, in order: one outcome each.
    /// Throws (nothing committed) when the transaction could not begin or commit, or when
    /// SQLite rolled it back under a body.
    private static func commit(_ bodies: [Body], in pool: DatabasePool) async throws -> [Result<any Sendable, any Error>] {
        try await pool.writeWithoutTransaction { db in
            var outcomes: [Result<any Sendable, any Error>] = []
            outcomes.reserveCapacity(bodies.count)
            try db.inTransaction(.immediate) {
                for body in bodies {
                    // Were the transaction rolled back under us, a savepoint would open
                    // a transaction of its own and commit apart from the batch.
                    guard db.isInsideTransaction else { throw TransactionAborted() }
                    outcomes.append(Result { try Self.inSavepoint(db, body) })
                }
                return .commit
            }
            return outcomes
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
            // `commit` finds the transaction gone before the next write and fails the batch.
            if db.isInsideTransaction {
                try? db.cachedStatement(sql: "ROLLBACK TRANSACTION TO SAVEPOINT group_commit_write").execute()
                try? db.cachedStatement(sql: "RELEASE SAVEPOINT group_commit_write").execute()
            }
            throw error
        }
        try db.cachedStatement(sql: "RELEASE SAVEPOINT group_commit_write").execute()
        return value
    }
}
