import Foundation
import Ledger
import Logging

/// Ledger actions for exchanges. Every action is stored with the exchange before it is sent
/// (`ExchangeLifecycle` sets `pendingAction`; the write that stores it is a compare-and-set, so
/// only one instance claims it), sent, and cleared with the new status when the ledger answers.
/// `resume` is what every later step of the exchange (and `runDueWork`, and the start-up pass)
/// calls first, so an action interrupted anywhere — by a crash, a failed write, another
/// instance stopping — is resent unchanged (every transfer id is allocated at proposal) and the
/// ledger answers `exists`. Two instances resuming the same action send the same transfers:
/// the ledger takes them once, and the store keeps one outcome (the other write conflicts).
extension ExchangeService {
    /// Sends the stored action, if any, and stores its outcome.
    func resume(_ exchange: PeerExchange) async throws -> PeerExchange {
        guard let action = exchange.pendingAction else { return exchange }
        let outcome = try await context.ledger.submit(try await commands(for: action, exchange))
        return try await record(outcome, of: action, exchange)
    }

    /// Stores the ledger's answer to `action`: the new status, or fresh transfer ids after a
    /// refused reservation (thrown with the refusal's code).
    private func record(_ outcome: LedgerGateway.Outcome, of action: PendingLedgerAction,
                        _ exchange: PeerExchange) async throws -> PeerExchange {
        guard case .refused(let code, let transferID) = outcome else {
            let settled = ExchangeLifecycle.settled(exchange, now: context.now())
            return try await storeChange(
                settled.next, from: exchange, requestStatus: settled.requestStatus, audit: resolutionAudit(exchange, settled.next))
        }
        var next = exchange
        next.pendingAction = nil
        next.updatedAt = context.now()
        guard case .reserve = action else {
            guard let reconciled = try await reconcile(next) else {
                _ = try await exchanges.updateExchange(next, requestStatus: nil)
                throw ExchangeError.ledgerRefused(code, "the reservation could not be settled")
            }
            if case .post = action, reconciled.status != .completed {
                throw ExchangeError.ledgerRefused(code, "the minutes could not be posted")
            }
            return reconciled
        }
        if code.isExistsWithDifferentContent, transferID == exchange.reserveTransferID || transferID == exchange.partnerReserveTransferID {
            // An acceptance stored by an earlier version reserved with another timeout and its
            // outcome was never stored: the reservation stands, so the exchange is accepted.
            let recovered = try await recoverFromLedger(next)
            if recovered.status != .proposed { return recovered }
        }
        try await refuseReservation(next, code: code, transferID: transferID)
    }

    /// Stores a refused reservation's exchange back as proposed, with fresh transfer ids (the
    /// ledger remembers a refused id), and throws the refusal in words.
    private func refuseReservation(_ exchange: PeerExchange, code: TransferResultCode, transferID: TransferID) async throws -> Never {
        var next = exchange
        if exchange.isCrossNetwork {
            let first = try await ledgerIDs.allocateTransferIDs(count: 2)
            next.reserveTransferID = first
            next.partnerReserveTransferID = TransferID(first.rawValue + 1)
        } else {
            next.reserveTransferID = try await ledgerIDs.allocateTransferIDs(count: 1)
        }
        next.reserveDeadline = nil
        _ = try await exchanges.updateExchange(next, requestStatus: nil)
        if exchange.isCrossNetwork, Self.clearingRefused(code, transferID, exchange) {
            throw ExchangeError.agreementLimit(.imbalance, "the exchange would take the networks beyond the imbalance their agreement allows")
        }
        if code == .exceedsFloor, !exchange.isCrossNetwork {
            // A race the acceptance's credit check lost: told in words.
            let balance = try await requesterBalance(exchange)
            if let words = ProposalRules.credit(balance, durationMinutes: exchange.durationMinutes, reader: .supporter) { throw words }
        }
        throw ExchangeError.ledgerRefused(code, "the minutes could not be reserved")
    }

    /// Whether a refused reservation was refused by a clearing account's limit: the ceiling of
    /// the requester's side (credited) or the floor of the supporter's side (debited).
    static func clearingRefused(_ code: TransferResultCode, _ transferID: TransferID, _ exchange: PeerExchange) -> Bool {
        (code == .exceedsCeiling && transferID == exchange.reserveTransferID)
            || (code == .exceedsFloor && transferID == exchange.partnerReserveTransferID)
    }

    /// Sets the status from how the ledger resolved the reservation (after a refused post or void,
    /// or a deadline passed). Answers nil, storing nothing, while the reservation is still open.
    func reconcile(_ exchange: PeerExchange) async throws -> PeerExchange? {
        guard let resolution = try await context.ledger.resolution(ofPending: exchange.reserveTransferID) else {
            return nil
        }
        return try await reconcile(exchange, to: resolution, postedMinutes: try await postedMinutes(resolution))
    }

    /// The minutes a posted reservation's post transfer moved (nil unless posted).
    func postedMinutes(_ resolution: PendingResolution) async throws -> Int64? {
        guard resolution.status == .posted, let id = resolution.resolvedByID else { return nil }
        return try await context.ledger.transfer(id)?.amountMinutes
    }

    /// As `reconcile(_:)`, with the resolution (and, when posted, its minutes) already read.
    func reconcile(_ exchange: PeerExchange, to resolution: PendingResolution, postedMinutes: Int64?) async throws -> PeerExchange {
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
            if let postedMinutes { next.settledMinutes = postedMinutes }
        }
        context.logger.info("exchange reconciled from the ledger",
                            metadata: ["exchange": "\(exchange.id)", "status": "\(next.status.rawValue)"])
        return try await storeChange(next, from: exchange, requestStatus: exchange.requestID == nil ? nil : requestStatus)
    }

    /// A coordinator's resolution of a dispute goes into the audit trail with the ledger's
    /// acceptance of it, in the same write — also when due work or the start-up pass finishes a
    /// resolution whose request stopped after storing it. Nothing for any other change (a
    /// resolution the ledger refused, the reservation having expired, is not recorded as made).
    func resolutionAudit(_ exchange: PeerExchange, _ next: PeerExchange) -> [AuditEvent] {
        guard exchange.status == .disputed, next.status != .disputed, let resolverID = exchange.resolvedByID else { return [] }
        return [context.auditEvent(by: resolverID, .disputeResolved, network: exchange.networkID,
                                   subject: exchange.id.rawValue, detail: next.status.rawValue)]
    }

    /// The ledger commands of an action, built only from stored fields so a resend is identical.
    /// A cross-network exchange's action is one linked chain of two transfers: in the
    /// requester's network, requester ↔ its clearing account for the partner; in the supporter's,
    /// its clearing account for the requester's network ↔ supporter. They are reserved, posted,
    /// voided (and, with equal deadlines, expired) together.
    func commands(for action: PendingLedgerAction, _ exchange: PeerExchange) async throws -> [TransferCommand] {
        guard exchange.isCrossNetwork else {
            let here = try await ledgerAccount(exchange.requesterID, exchange.networkID)
            let there = try await ledgerAccount(exchange.supporterID, exchange.networkID)
            return [try command(for: action, exchange, side: .requester, debit: here, credit: there)]
        }
        let agreement = try await crossNetworkAgreement(of: exchange)
        guard let requesterClearing = agreement.clearingAccountID(in: exchange.networkID),
              let supporterClearing = agreement.clearingAccountID(in: exchange.supporterNetworkID)
        else { preconditionFailure("an agreement in use has its clearing accounts") }
        let requester = try await ledgerAccount(exchange.requesterID, exchange.networkID)
        let supporter = try await ledgerAccount(exchange.supporterID, exchange.supporterNetworkID)
        var first = try command(for: action, exchange, side: .requester, debit: requester, credit: requesterClearing)
        first.linked = true
        let second = try command(for: action, exchange, side: .supporter, debit: supporterClearing, credit: supporter)
        return [first, second]
    }

    private enum ChainSide { case requester, supporter }

    private func command(for action: PendingLedgerAction, _ exchange: PeerExchange, side: ChainSide,
                         debit: AccountID, credit: AccountID) throws -> TransferCommand {
        let reserveID: TransferID
        let settleID: TransferID
        let networkID: NetworkID
        switch side {
        case .requester:
            (reserveID, settleID, networkID) = (exchange.reserveTransferID, exchange.settleTransferID, exchange.networkID)
        case .supporter:
            guard let partnerReserve = exchange.partnerReserveTransferID, let partnerSettle = exchange.partnerSettleTransferID else {
                preconditionFailure("a cross-network exchange has its partner transfer ids")
            }
            (reserveID, settleID, networkID) = (partnerReserve, partnerSettle, exchange.supporterNetworkID)
        }
        let kind: TransferKind
        let id: TransferID
        switch action {
        case .reserve(let timeoutSeconds):
            kind = .pending(debit: debit, credit: credit, amountMinutes: exchange.durationMinutes, timeoutSeconds: timeoutSeconds)
            id = reserveID
        case .post(let minutes):
            kind = .postPending(pendingID: reserveID, amountMinutes: minutes)
            id = settleID
        case .void:
            kind = .voidPending(pendingID: reserveID)
            id = settleID
        }
        return TransferCommand(id: id, networkID: networkID, kind: kind, code: .exchange, reference: exchange.id.rawValue)
    }

    private func ledgerAccount(_ memberID: MemberID, _ networkID: NetworkID) async throws -> AccountID {
        guard let membership = try await memberships.membership(memberID: memberID, networkID: networkID) else {
            preconditionFailure("an exchange's parties have memberships in its network")
        }
        return membership.ledgerAccountID
    }
}
