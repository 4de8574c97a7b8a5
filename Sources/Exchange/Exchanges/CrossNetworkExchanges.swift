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
        try await agreementService.inForce(for: network, at: date).first { $0.involves(partner) }
    }

    /// Refuses a cross-network session that would take the receiving network beyond the
    /// imbalance the agreement allows — what its members have received net, pending reservations
    /// included, plus this session — in words, at proposal. The ledger enforces the same limit on
    /// the clearing accounts when it reserves, whatever was read here.
    func checkAgreementImbalance(_ agreement: Agreement, receiving network: NetworkID, durationMinutes: Int64) async throws {
        let position = try await clearingPosition(agreement, in: network)
        let limit = agreement.mayReceiveMinutes(network)
        guard position.receivedMinutes + durationMinutes <= limit else {
            throw ExchangeError.agreementLimit(.imbalance,
                "the exchange would take the networks beyond the imbalance their agreement allows (\(limit / 60) hours)")
        }
    }

    /// The agreement's monthly session quota for the exchange's network (sessions scheduled that
    /// calendar month, UTC), as the store counts it in the commit's transaction: at proposal every
    /// session but those declined, cancelled or expired; at acceptance only those agreed, so two
    /// proposals that both passed while the quota had room cannot both be accepted.
    /// The sessions a monthly quota counts at proposal (and matching reads as taken): all but
    /// those declined, cancelled or expired.
    static let quotaStatuses: Set<ExchangeStatus> = [.proposed, .accepted, .disputed, .completed]

    static func quota(_ agreement: Agreement, for exchange: PeerExchange, atProposal: Bool) -> ExchangeCommitCheck.AgreementQuota? {
        guard let quota = agreement.monthlySessionQuota(receiving: exchange.networkID) else { return nil }
        let month = MatchingAdapter.month(containing: exchange.scheduledStart)
        return ExchangeCommitCheck.AgreementQuota(
            agreementID: agreement.id, requesterNetworkID: exchange.networkID, from: month.start, before: month.end,
            quota: quota, countsProposals: atProposal)
    }

    /// The agreement a cross-network exchange runs under, with its clearing accounts open.
    func crossNetworkAgreement(of exchange: PeerExchange) async throws -> Agreement {
        guard let id = exchange.agreementID, let agreement = try await agreements.agreement(id) else {
            preconditionFailure("a cross-network exchange names its stored agreement")
        }
        try await agreementService.openClearingAccounts(agreement)
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
