import Synchronization

/// What keeps an exchange's changes in order within the one process that serves a data
/// directory, and remembers which exchanges may have a ledger action the exchange store has
/// not recorded.
///
/// Every change to an exchange runs holding its lock, from reading the row to storing the new
/// one, with the ledger call in between: a cancellation can no longer slip between an
/// acceptance's decision and its reservation. (Before, a ledger action was first stored with
/// the exchange and that version bump was the lock — one durable write more per acceptance and
/// per settlement.)
final class ExchangeGuard: Sendable {
    private let exchanges = KeyedLock<ExchangeID>()
    /// Held by an acceptance under an agreement while it counts the month's sessions and
    /// reserves: two acceptances at once cannot both take the month's last place. Taken only
    /// inside an exchange's lock, never the other way round.
    private let agreements = KeyedLock<AgreementID>()
    /// Held while a proposal or an acceptance counts what is booked on an offer (its month's
    /// hours, the request's open exchanges on it) and stores the outcome: two proposals at once
    /// cannot both take the last hour or both open the same pair. Taken inside an exchange's
    /// lock and outside an agreement's, never the other way round.
    private let offers = KeyedLock<OfferID>()
    /// Exchanges whose ledger action may have happened without its outcome being stored.
    private let unrecordedIDs = Mutex<Set<ExchangeID>>([])

    /// At most this many exchanges are remembered as unrecorded (a store failing that often is
    /// failing every write); beyond it they are left to the start-up pass
    /// (`ExchangeService.recoverUnrecordedActions`), which looks at every unsettled exchange.
    static let unrecordedMax = 100_000

    /// Runs `body` holding `id`'s lock. Not reentrant: `body` must not lock `id` again.
    func withLock<T: Sendable>(_ id: ExchangeID, _ body: () async throws -> T) async throws -> T {
        try await exchanges.withLock(id, body)
    }

    /// Runs `body` holding the agreement's lock; call it holding an exchange's lock.
    func withAgreementLock<T: Sendable>(_ id: AgreementID, _ body: () async throws -> T) async throws -> T {
        try await agreements.withLock(id, body)
    }

    /// Runs `body` holding the offer's lock; see `offers`.
    func withOfferLock<T: Sendable>(_ id: OfferID, _ body: () async throws -> T) async throws -> T {
        try await offers.withLock(id, body)
    }

    /// How many exchange, offer and agreement locks are held (for tests).
    var heldCount: Int { exchanges.heldCount + agreements.heldCount + offers.heldCount }

    func markUnrecorded(_ id: ExchangeID) {
        unrecordedIDs.withLock { ids in
            if ids.count < Self.unrecordedMax { ids.insert(id) }
        }
    }

    func isUnrecorded(_ id: ExchangeID) -> Bool { unrecordedIDs.withLock { $0.contains(id) } }

    func clearUnrecorded(_ id: ExchangeID) { unrecordedIDs.withLock { _ = $0.remove(id) } }

    /// The exchanges marked unrecorded, in id order.
    var unrecorded: [ExchangeID] { unrecordedIDs.withLock { $0.sorted { $0.rawValue < $1.rawValue } } }
}
