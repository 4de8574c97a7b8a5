import Synchronization

/// Keeps one instance's requests for the same exchange in a queue rather than in a race: every
/// step of an exchange runs holding its lock, so two requests here do not both decide on the
/// version they read and have one of them retried. A courtesy, not a guarantee: another
/// instance never holds it, and correctness rests on the store — each step's write is a
/// compare-and-set on the exchange's version, and the limits that span exchanges are counted
/// in the write's transaction (`ExchangeCommitCheck`).
final class ExchangeGuard: Sendable {
    private let exchanges = KeyedLock<ExchangeID>()

    /// Runs `body` holding `id`'s lock. Not reentrant: `body` must not lock `id` again.
    func withLock<T: Sendable>(_ id: ExchangeID, _ body: () async throws -> T) async throws -> T {
        try await exchanges.withLock(id, body)
    }

    /// How many exchange locks are held (for tests).
    var heldCount: Int { exchanges.heldCount }
}
