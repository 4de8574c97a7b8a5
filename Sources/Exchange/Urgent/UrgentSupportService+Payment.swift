import Foundation
import Ledger
import Logging

/// Paying a conversation held from an urgent request, and the due work: escalating requests
/// nobody took in time, and finishing payments a stopped process stored but did not submit.
extension UrgentSupportService {
    static let dueBatchSize = 200
    static let dueBatchesMax = 50

    /// Submits a closed request's stored chain (a resubmission answers `exists`, so this is
    /// safe to repeat) and clears its pending mark. A refusal reopens the request, unpaid (the
    /// refused ids stay failed; a later close allocates new ones), and is thrown.
    func settlePayment(_ request: UrgentRequest) async throws -> UrgentRequest {
        let commands = try await paymentCommands(request)
        switch try await context.ledger.submit(commands) {
        case .accepted:
            try await urgent.markUrgentPaymentSubmitted(request.id)
            context.logger.info("urgent request paid", metadata: ["urgentRequest": "\(request.id)"])
            return request
        case .refused(let code, _):
            let reopened = UrgentLifecycle.reopenAfterRefusedPayment(request)
            _ = try await urgent.updateUrgentRequest(reopened, audit: [], notices: [], at: context.now())
            throw ExchangeError.ledgerRefused(code, "the conversation could not be paid; the request is open again")
        }
    }

    private func paymentCommands(_ request: UrgentRequest) async throws -> [TransferCommand] {
        guard let leadID = request.leadID else { preconditionFailure("a paid request has its lead") }
        guard let network = try await networks.network(request.networkID) else {
            throw ExchangeError.notFound("network \(request.networkID)")
        }
        guard let member = try await memberships.membership(memberID: request.memberID, networkID: request.networkID),
              let lead = try await memberships.membership(memberID: leadID, networkID: request.networkID)
        else { throw ExchangeError.invalidState("the member or the lead no longer belongs to the network") }
        return UrgentChain.commands(for: request, community: network.communityAccountID,
                                    member: member.ledgerAccountID, lead: lead.ledgerAccountID)
    }

    /// Payments stored with a close but not seen accepted (the process stopped in between):
    /// submitted again. Answers how many were finished; a failure is logged and left for the next run.
    public func resumePayments() async throws -> Int {
        var resumed = 0
        for _ in 0..<Self.dueBatchesMax {
            let pending = try await urgent.urgentRequestsAwaitingPayment(limit: Self.dueBatchSize)
            var failed = 0
            for request in pending {
                do {
                    _ = try await settlePayment(request)
                    resumed += 1
                } catch {
                    failed += 1
                    context.logger.warning("urgent payment not finished", metadata: ["urgentRequest": "\(request.id)", "error": "\(error)"])
                }
            }
            guard pending.count == Self.dueBatchSize, failed < pending.count else { break }
        }
        return resumed
    }

    /// Raises every waiting request that has waited its network's working minutes to the leads
    /// and the coordinators, once: `escalatedAt` is set in the transaction that writes the
    /// notices, a compare-and-set, so two runs (or instances) escalate it once. Answers how many.
    public func escalateOverdue(now: Date) async throws -> Int {
        var escalated = 0
        var settings: [NetworkID: UrgentSettings] = [:]
        var after: UrgentRequestID?
        for _ in 0..<Self.dueBatchesMax {
            let batch = try await urgent.unescalatedUrgentRequests(afterID: after, limit: Self.dueBatchSize)
            for request in batch {
                if settings[request.networkID] == nil {
                    settings[request.networkID] = try await urgent.urgentSettings(networkID: request.networkID) ?? UrgentSettings()
                }
                let minutes = settings[request.networkID]?.escalationWorkingMinutes ?? UrgentSettings.defaultEscalationWorkingMinutes
                guard WorkingHours.deadline(after: request.raisedAt, workingMinutes: minutes) <= now else { continue }
                if try await escalate(request, now: now) { escalated += 1 }
            }
            guard batch.count == Self.dueBatchSize, let last = batch.last else { break }
            after = last.id
        }
        return escalated
    }

    /// False when the request changed since it was read (a lead took it, the member withdrew).
    private func escalate(_ request: UrgentRequest, now: Date) async throws -> Bool {
        let leads = try await activeLeadIDs(request.networkID)
        let coordinators = try await memberships.activeCoordinatorIDs(
            of: request.networkID, limit: NoticeRecipients.coordinatorsPerNetworkMax)
        var next = request
        next.escalatedAt = now
        do {
            _ = try await urgent.updateUrgentRequest(
                next, audit: [], notices: UrgentNotices.escalated(next, leads: leads, coordinators: coordinators), at: now)
        } catch ExchangeError.conflict(let reason) where ConflictRetry.isVersionConflict(reason) {
            return false
        }
        context.logger.notice("urgent request escalated", metadata: ["urgentRequest": "\(request.id)", "network": "\(request.networkID)"])
        return true
    }
}
