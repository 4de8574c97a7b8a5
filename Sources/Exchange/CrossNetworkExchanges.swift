import Foundation
import Ledger

/// Exchanges between members of two networks under an agreement (issue 5 §2). The request is in
/// the requester's network (the exchange's `networkID`), the offer in the supporter's; the
/// offer must be visible to partners, and an agreement in force between the two networks must
/// cover the request's kind. Limits are checked when the exchange is proposed, so nobody is asked
/// to give time the agreement cannot take; the ledger's clearing accounts enforce the imbalance
/// again, atomically, when the supporter accepts.
extension ExchangeService {
    /// The agreement a proposal to `offer` for `request` (in another network) runs under.
    /// An offer the requester's network cannot see is reported as not found.
    func agreementForProposal(request: SupportRequest, offer: Offer, now: Date) async throws -> Agreement {
        guard offer.details.visibility == .partners,
              let agreement = try await agreementInForce(between: request.networkID, and: offer.networkID, at: now)
        else { throw ExchangeError.notFound("offer \(offer.id)") }
        guard agreement.terms.kinds.contains(request.details.kind) else {
            throw ExchangeError.invalid("requestID", "the networks' agreement does not cover \(request.details.kind)")
        }
        return agreement
    }

    /// The active agreement between the two networks whose days include `date`, if any.
    func agreementInForce(between network: NetworkID, and partner: NetworkID, at date: Date) async throws -> Agreement? {
        try await AgreementService(context: context).inForce(for: network, at: date).first { $0.involves(partner) }
    }

    /// Refuses a cross-network session the agreement cannot take: the receiving network's
    /// monthly session quota (sessions scheduled that calendar month, UTC), and its imbalance —
    /// what its members have received net, pending reservations included, plus this session.
    func checkAgreementLimits(_ agreement: Agreement, receiving network: NetworkID, scheduledStart: Date,
                              durationMinutes: Int64) async throws {
        if let quota = agreement.monthlySessionQuota(receiving: network) {
            let month = MatchingAdapter.month(containing: scheduledStart)
            let booked = try await context.store.crossNetworkSessionCount(
                agreementID: agreement.id, requesterNetworkID: network, scheduledFrom: month.start, before: month.end,
                statuses: ExchangeService.quotaStatuses)
            guard booked < quota else {
                throw ExchangeError.agreementLimit(.monthlyQuota,
                    "the agreement's \(quota) sessions that month from the partner network are taken")
            }
        }
        let position = try await clearingPosition(agreement, in: network)
        let limit = agreement.mayReceiveMinutes(network)
        guard position.receivedMinutes + durationMinutes <= limit else {
            throw ExchangeError.agreementLimit(.imbalance,
                "the exchange would take the networks beyond the imbalance their agreement allows (\(limit / 60) hours)")
        }
    }

    /// The sessions a monthly quota counts: all but those declined, cancelled or expired.
    static let quotaStatuses: Set<ExchangeStatus> = [.proposed, .accepted, .disputed, .completed]

    /// At acceptance, the quota again, counting only sessions already agreed (accepted or later)
    /// besides this one: two proposals that both passed while the quota had room cannot both be
    /// accepted. (Two acceptances at the same instant can still both pass this read; the
    /// imbalance, unlike the quota, is enforced atomically by the ledger.)
    func checkQuotaAtAcceptance(_ exchange: PeerExchange, _ agreement: Agreement) async throws {
        guard let quota = agreement.monthlySessionQuota(receiving: exchange.networkID) else { return }
        let month = MatchingAdapter.month(containing: exchange.scheduledStart)
        let agreed = try await context.store.crossNetworkSessionCount(
            agreementID: agreement.id, requesterNetworkID: exchange.networkID, scheduledFrom: month.start, before: month.end,
            statuses: [.accepted, .disputed, .completed])
        guard agreed < quota else {
            throw ExchangeError.agreementLimit(.monthlyQuota, "the agreement's \(quota) sessions that month from the partner network are taken")
        }
    }

    /// The agreement a cross-network exchange runs under, with its clearing accounts open.
    func crossNetworkAgreement(of exchange: PeerExchange) async throws -> Agreement {
        guard let id = exchange.agreementID, let agreement = try await context.store.agreement(id) else {
            preconditionFailure("a cross-network exchange names its stored agreement")
        }
        try await AgreementService(context: context).openClearingAccounts(agreement)
        return agreement
    }

    /// What `network`'s clearing account under the agreement holds: minutes its members have
    /// received net (posted, plus pending reservations either way counted against headroom).
    func clearingPosition(_ agreement: Agreement, in network: NetworkID) async throws -> ClearingPosition {
        guard let id = agreement.clearingAccountID(in: network), let account = try await context.ledger.account(id) else {
            return ClearingPosition(postedMinutes: 0, receivedMinutes: 0, givenMinutes: 0)
        }
        return ClearingPosition(account)
    }
}

/// One network's clearing account under an agreement, read from the ledger. The account is
/// credited when the network's members receive and debited when they give.
struct ClearingPosition: Sendable, Hashable {
    /// Net minutes received (negative: given), posted only.
    var postedMinutes: Int64
    /// Net received counting pending credits: what the ceiling (may receive) is checked against.
    var receivedMinutes: Int64
    /// Net given counting pending debits: what the floor (other side may receive) is checked against.
    var givenMinutes: Int64

    init(postedMinutes: Int64, receivedMinutes: Int64, givenMinutes: Int64) {
        self.postedMinutes = postedMinutes
        self.receivedMinutes = receivedMinutes
        self.givenMinutes = givenMinutes
    }

    init(_ account: Account) {
        postedMinutes = account.postedBalanceMinutes
        receivedMinutes = account.projectedMinutes
        givenMinutes = -account.availableMinutes
    }
}
