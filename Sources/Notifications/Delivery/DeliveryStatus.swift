import Foundation
import Synchronization

/// How delivery has gone lately, for `/health` and the administrators' page: the transport, the
/// last success and failure, and how many attempts in a row have failed.
public final class DeliveryStatus: Sendable {
    public struct Snapshot: Sendable, Hashable {
        public var transport: String
        public var lastSuccessAt: Date?
        public var lastFailureAt: Date?
        public var consecutiveFailures: Int
        public var sentTotal: Int
        public var failedAttemptsTotal: Int

        /// Failing when the last `failuresForDegraded` attempts in a row failed.
        public var isFailing: Bool { consecutiveFailures >= DeliveryStatus.failuresForDegraded }
    }

    /// Attempts failed in a row before `/health` says delivery is degraded.
    public static let failuresForDegraded = 3

    private let state: Mutex<Snapshot>

    public init(transport: String) {
        state = Mutex(Snapshot(transport: transport, consecutiveFailures: 0, sentTotal: 0, failedAttemptsTotal: 0))
    }

    public var snapshot: Snapshot { state.withLock { $0 } }

    func recordSuccess(at: Date) {
        state.withLock {
            $0.lastSuccessAt = at
            $0.consecutiveFailures = 0
            $0.sentTotal += 1
        }
    }

    func recordFailure(at: Date) {
        state.withLock {
            $0.lastFailureAt = at
            $0.consecutiveFailures += 1
            $0.failedAttemptsTotal += 1
        }
    }
}
