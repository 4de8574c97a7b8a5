/// The ledger as its callers use it: commands go through the single group-commit writer,
/// reads go straight to the store.
public final class Ledger: Sendable {
    public let store: any LedgerStore
    public let clock: any EpochClock
    public let writer: LedgerWriter

    /// `observer` is told of every commit of the writer (for metrics).
    public init(
        store: any LedgerStore, clock: any EpochClock = SystemClock(), limits: LedgerLimits = LedgerLimits(),
        observer: (any LedgerCommitObserver)? = nil
    ) {
        self.store = store
        self.clock = clock
        writer = LedgerWriter(store: store, clock: clock, limits: limits, observer: observer)
    }

    public func createAccounts(_ accounts: [NewAccount]) async throws -> [AccountResult] {
        guard case .accounts(let results) = try await writer.submit(.createAccounts(accounts)) else {
            preconditionFailure("the writer answers a request in its own shape")
        }
        return results
    }

    public func closeAccounts(_ ids: [AccountID]) async throws -> [CloseAccountResult] {
        guard case .closures(let results) = try await writer.submit(.closeAccounts(ids)) else {
            preconditionFailure("the writer answers a request in its own shape")
        }
        return results
    }

    /// Submits transfers, applied in order; linked chains succeed or fail together.
    /// Answers one result per command, after the commit is durable.
    public func submit(_ commands: [TransferCommand]) async throws -> [TransferResult] {
        guard case .transfers(let results) = try await writer.submit(.submitTransfers(commands)) else {
            preconditionFailure("the writer answers a request in its own shape")
        }
        return results
    }

    /// Applies due expiries now; answers how many this commit applied (at most the per-commit
    /// limit: call again while it answers the limit).
    public func expireDue() async throws -> Int {
        guard case .expired(let count) = try await writer.submit(.expireDue) else {
            preconditionFailure("the writer answers a request in its own shape")
        }
        return count
    }

    /// Keeps expiring pending transfers at their deadlines until the task is cancelled.
    /// `pollSeconds` bounds how long a pending transfer created meanwhile may wait past its
    /// deadline before its reservation is released (it cannot be posted once due, whatever).
    public func runExpiry(pollSeconds: Int64 = 1) async throws {
        while !Task.isCancelled {
            let now = clock.nowNanoseconds()
            let pollNanoseconds = pollSeconds * LedgerTime.nanosecondsPerSecond
            var wait = pollNanoseconds
            if let deadline = try await store.nextPendingDeadlineNanoseconds() {
                if deadline <= now {
                    _ = try await expireDue()
                    continue
                }
                wait = min(wait, deadline - now)
            }
            try await Task.sleep(for: .nanoseconds(wait))
        }
    }
}
