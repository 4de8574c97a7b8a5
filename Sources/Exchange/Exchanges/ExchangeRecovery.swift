import Foundation
import Ledger
import Logging

/// What the start-up pass did.
public struct RecoveryReport: Sendable, Hashable {
    /// Unsettled exchanges looked at.
    public var examined = 0
    /// Exchanges brought up to what the ledger had done (an acceptance or a settlement whose
    /// outcome an earlier version, which sent some actions before storing them, did not store).
    public var recovered = 0
    /// Stored ledger actions (see `apply`) the previous process left, now finished.
    public var resumed = 0
    /// Exchanges whose recovery failed (logged; each is tried again on its next touch).
    public var failed = 0

    public init() {}
}

enum RecoveryOutcome: Sendable { case unchanged, recovered, resumed, failed }

extension RecoveryReport {
    mutating func add(_ outcome: RecoveryOutcome) {
        switch outcome {
        case .unchanged: break
        case .recovered: recovered += 1
        case .resumed: resumed += 1
        case .failed: failed += 1
        }
    }
}

extension TransferResultCode {
    /// The id exists with other content: an earlier submission under the same id was accepted.
    var isExistsWithDifferentContent: Bool { rawValue.hasPrefix("exists_with_different_") }
}

extension ExchangeService {
    static let recoveryBatchSize = 500

    /// The start-up pass, run before the service takes requests: every unsettled exchange is
    /// brought up to the ledger. A stored action a stopped process left is finished. An exchange
    /// an earlier version left a step behind (it sent acceptances and settlements before storing
    /// them) is caught up: proposed while its reservation stands, or accepted while its
    /// reservation was posted.
    /// One ledger read per unsettled exchange (see BENCHMARKS.md for its cost).
    public func recoverUnrecordedActions() async throws -> RecoveryReport {
        var report = RecoveryReport()
        var after: ExchangeID?
        while true {
            let batch = try await exchanges.unsettledExchanges(afterID: after, limit: Self.recoveryBatchSize)
            report.examined += batch.count
            // Each exchange is a lock and a ledger read or two: several at once keep the
            // store's readers busy while others wait for theirs.
            await withTaskGroup(of: RecoveryOutcome.self) { group in
                for (index, stored) in batch.enumerated() {
                    if index >= Self.recoveryConcurrency, let outcome = await group.next() { report.add(outcome) }
                    group.addTask { await self.catchUp(stored.id) }
                }
                for await outcome in group { report.add(outcome) }
            }
            guard batch.count == Self.recoveryBatchSize, let last = batch.last else { break }
            after = last.id
        }
        if report.recovered + report.resumed + report.failed > 0 {
            context.logger.notice("exchanges recovered from the ledger", metadata: [
                "examined": "\(report.examined)", "recovered": "\(report.recovered)",
                "resumed": "\(report.resumed)", "failed": "\(report.failed)",
            ])
        }
        return report
    }

    static let recoveryConcurrency = 8

    /// Finishes the exchange's stored action, or brings it up to the ledger. A failure is logged;
    /// a stored action is tried again by due work.
    func catchUp(_ id: ExchangeID) async -> RecoveryOutcome {
        do {
            return try await context.guards.withLock(id) {
                let exchange = try await load(id)
                if exchange.pendingAction != nil {
                    _ = try await resume(exchange)
                    return .resumed
                }
                return try await recoverFromLedger(exchange) != exchange ? .recovered : .unchanged
            }
        } catch {
            context.logger.warning("exchange recovery failed", metadata: ["exchange": "\(id)", "error": "\(error)"])
            return .failed
        }
    }

    /// Brings an exchange without a stored action up to what the ledger did with its transfers,
    /// storing the result; answers it unchanged when the ledger holds nothing newer.
    func recoverFromLedger(_ exchange: PeerExchange) async throws -> PeerExchange {
        precondition(exchange.pendingAction == nil, "a stored action is resumed, not recovered")
        let recovered: PeerExchange
        switch exchange.status {
        case .proposed:
            recovered = try await recoverAcceptance(exchange)
        case .accepted, .disputed:
            recovered = try await recoverSettlement(exchange)
        case .completed, .cancelled, .declined, .expired:
            recovered = exchange
        }
        return recovered
    }

    /// A proposed exchange whose reservation the ledger holds: accepted, with the ledger's
    /// deadline; then settled as the ledger may since have settled it (an expiry).
    private func recoverAcceptance(_ exchange: PeerExchange) async throws -> PeerExchange {
        guard let reservation = try await context.ledger.transfer(exchange.reserveTransferID),
              let expiresAt = reservation.expiresAtNanoseconds
        else { return exchange }
        var next = exchange
        next.status = .accepted
        next.reserveDeadline = Date(timeIntervalSince1970: TimeInterval(expiresAt / LedgerTime.nanosecondsPerSecond))
        next.updatedAt = context.now()
        let accepted = try await storeChange(next, from: exchange, requestStatus: exchange.requestID == nil ? nil : .matched)
        context.logger.notice("exchange acceptance recovered from the ledger", metadata: ["exchange": "\(exchange.id)"])
        return try await recoverSettlement(accepted)
    }

    /// An accepted or disputed exchange whose reservation the ledger resolved. Only a second,
    /// equal confirmation posts an accepted exchange without a stored action (auto-confirmation
    /// and a coordinator's resolution store theirs): the missing confirmation is that party's,
    /// for the minutes posted, at the ledger's time.
    private func recoverSettlement(_ exchange: PeerExchange) async throws -> PeerExchange {
        guard let resolution = try await context.ledger.resolution(ofPending: exchange.reserveTransferID) else {
            return exchange
        }
        let posted = try await postedMinutes(resolution)
        var next = exchange
        if exchange.status == .accepted, let posted {
            let at = Date(timeIntervalSince1970: TimeInterval(resolution.timestampNanoseconds / LedgerTime.nanosecondsPerSecond))
            switch (exchange.requesterConfirmedMinutes, exchange.supporterConfirmedMinutes) {
            case (posted?, nil):
                (next.supporterConfirmedMinutes, next.supporterConfirmedAt) = (posted, at)
            case (nil, posted?):
                (next.requesterConfirmedMinutes, next.requesterConfirmedAt) = (posted, at)
            default:
                break
            }
            next.autoConfirmAt = nil
        }
        return try await reconcile(next, to: resolution, postedMinutes: posted)
    }
}
