import Foundation
import Ledger
import Logging

/// Reliable submission for exchanges: a ledger action is stored with the exchange first, then
/// submitted, then cleared with the new status. `resume` is what every later touch of the
/// exchange (and `runDueWork`) calls first, so an interrupted action is resent unchanged and the
/// ledger answers `exists`.
extension ExchangeService {
    /// Stores `action` with the exchange (and whatever else the caller changed), then performs it.
    func apply(_ exchange: PeerExchange, _ action: PendingLedgerAction) async throws -> PeerExchange {
        precondition(exchange.pendingAction == nil, "one ledger action at a time")
        var next = exchange
        next.pendingAction = action
        next.updatedAt = context.now()
        let stored = try await context.store.updateExchange(next, requestStatus: nil)
        return try await resume(stored)
    }

    /// Performs the stored action, if any, and stores its outcome.
    func resume(_ exchange: PeerExchange) async throws -> PeerExchange {
        guard let action = exchange.pendingAction else { return exchange }
        let command = try await command(for: action, exchange)
        let outcome = try await context.ledger.submit([command])
        var next = exchange
        next.pendingAction = nil
        next.updatedAt = context.now()
        switch (action, outcome) {
        case (.reserve, .accepted):
            next.status = .accepted
            return try await context.store.updateExchange(next, requestStatus: exchange.requestID == nil ? nil : .matched)
        case (.reserve, .refused(let code, _)):
            // A refused id is remembered by the ledger: the next acceptance needs a fresh one.
            next.reserveTransferID = try await context.store.allocateTransferIDs(count: 1)
            next.reserveDeadline = nil
            _ = try await context.store.updateExchange(next, requestStatus: nil)
            throw ExchangeError.ledgerRefused(code, "the minutes could not be reserved")
        case (.post(let minutes), .accepted):
            next.status = .completed
            next.settledMinutes = minutes
            return try await context.store.updateExchange(next, requestStatus: exchange.requestID == nil ? nil : .closed)
        case (.void, .accepted):
            next.status = .cancelled
            return try await context.store.updateExchange(next, requestStatus: exchange.requestID == nil ? nil : .open)
        case (.post, .refused(let code, _)), (.void, .refused(let code, _)):
            guard let reconciled = try await reconcile(next) else {
                _ = try await context.store.updateExchange(next, requestStatus: nil)
                throw ExchangeError.ledgerRefused(code, "the reservation could not be settled")
            }
            if case .post = action, reconciled.status != .completed {
                throw ExchangeError.ledgerRefused(code, "the minutes could not be posted")
            }
            return reconciled
        }
    }

    /// Sets the status from how the ledger resolved the reservation (after a refused post or void,
    /// or a deadline passed). Answers nil, storing nothing, while the reservation is still open.
    func reconcile(_ exchange: PeerExchange) async throws -> PeerExchange? {
        guard let resolution = try await context.ledger.resolution(ofPending: exchange.reserveTransferID) else {
            return nil
        }
        var next = exchange
        next.updatedAt = context.now()
        var requestStatus: RequestStatus? = .open
        switch resolution.status {
        case .expired:
            next.status = .expired
        case .voided:
            next.status = .cancelled
        case .posted:
            next.status = .completed
            requestStatus = .closed
            if let id = resolution.resolvedByID { next.settledMinutes = try await context.ledger.transfer(id)?.amountMinutes }
        }
        context.logger.info("exchange reconciled from the ledger",
                            metadata: ["exchange": "\(exchange.id)", "status": "\(next.status.rawValue)"])
        return try await context.store.updateExchange(next, requestStatus: exchange.requestID == nil ? nil : requestStatus)
    }

    /// The ledger command of an action: built only from stored fields, so a resend is identical.
    func command(for action: PendingLedgerAction, _ exchange: PeerExchange) async throws -> TransferCommand {
        let kind: TransferKind
        let id: TransferID
        switch action {
        case .reserve(let timeoutSeconds):
            let requester = try await ledgerAccount(exchange.requesterID, exchange.networkID)
            let supporter = try await ledgerAccount(exchange.supporterID, exchange.networkID)
            kind = .pending(debit: requester, credit: supporter, amountMinutes: exchange.durationMinutes,
                            timeoutSeconds: timeoutSeconds)
            id = exchange.reserveTransferID
        case .post(let minutes):
            kind = .postPending(pendingID: exchange.reserveTransferID, amountMinutes: minutes)
            id = exchange.settleTransferID
        case .void:
            kind = .voidPending(pendingID: exchange.reserveTransferID)
            id = exchange.settleTransferID
        }
        return TransferCommand(id: id, networkID: exchange.networkID, kind: kind, code: .exchange,
                               reference: exchange.id.rawValue)
    }

    private func ledgerAccount(_ memberID: MemberID, _ networkID: NetworkID) async throws -> AccountID {
        guard let membership = try await context.store.membership(memberID: memberID, networkID: networkID) else {
            preconditionFailure("an exchange's parties have memberships in its network")
        }
        return membership.ledgerAccountID
    }
}
