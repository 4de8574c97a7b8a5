import Foundation
import Ledger

/// Loads what `ProposalRules` decide on, and throws their refusal. What spans several
/// exchanges — the offer's hours in the month, one open exchange per request and offer, an
/// agreement's quota — is not read here but handed to the store as an `ExchangeCommitCheck`,
/// counted in the transaction that stores the exchange; the credit is read here for its words
/// (the ledger enforces the floor when it reserves).
extension ExchangeService {
    /// At proposal: availability and the requester's credit.
    func checkProposalRules(_ draft: PeerExchange, offer: Offer) async throws {
        if let refusal = ProposalRules.availability(offer.details, start: draft.scheduledStart,
                                                    durationMinutes: draft.durationMinutes) {
            throw refusal
        }
        let balance = try await requesterBalance(draft)
        if let refusal = ProposalRules.credit(balance, durationMinutes: draft.durationMinutes, reader: .requester) {
            throw refusal
        }
    }

    /// What the store counts when it inserts a proposal: the offer's hours in the session's
    /// month, the request's one open exchange on the offer, the agreement's quota.
    func proposalCheck(_ draft: PeerExchange, offer: Offer, agreement: Agreement?) -> ExchangeCommitCheck {
        ExchangeCommitCheck(
            offerCapacity: capacity(of: offer, for: draft),
            openPair: draft.requestID.map { RequestOfferPair(requestID: $0, offerID: offer.id) },
            agreementQuota: agreement.flatMap { Self.quota($0, for: draft, atProposal: true) })
    }

    /// At acceptance: both parties still active, the requester's credit told to the supporter in
    /// words, an agreement still in force; answers what the store counts when it stores the
    /// acceptance (the offer's hours, this exchange left out, and the agreement's quota).
    func acceptanceCheck(_ exchange: PeerExchange) async throws -> ExchangeCommitCheck {
        _ = try await context.access.requireActive(exchange.requesterID, in: exchange.networkID, role: "requester")
        _ = try await context.access.requireActive(exchange.supporterID, in: exchange.supporterNetworkID, role: "supporter")
        if let refusal = ProposalRules.credit(try await requesterBalance(exchange), durationMinutes: exchange.durationMinutes,
                                              reader: .supporter) {
            throw refusal
        }
        var check = ExchangeCommitCheck()
        if let offer = try await offers.offer(exchange.offerID) {
            check.offerCapacity = capacity(of: offer, for: exchange)
        }
        guard exchange.isCrossNetwork else { return check }
        // Proposed under an agreement since suspended or ended: not agreed yet, so not now.
        let agreement = try await crossNetworkAgreement(of: exchange)
        guard agreement.isInForce(at: context.now()) else {
            throw ExchangeError.invalidState("the networks' agreement is \(agreement.status.rawValue): no new sessions under it")
        }
        check.agreementQuota = Self.quota(agreement, for: exchange, atProposal: false)
        return check
    }

    /// The offer's hours in the calendar month (on the offer's clock) that contains the session.
    private func capacity(of offer: Offer, for exchange: PeerExchange) -> ExchangeCommitCheck.OfferCapacity {
        let month = ProposalRules.capacityMonth(containing: exchange.scheduledStart, timeZone: offer.details.timeZone)
        return ExchangeCommitCheck.OfferCapacity(
            offerID: offer.id, from: month.start, before: month.end,
            hoursPerMonth: offer.details.capacityHoursPerMonth, durationMinutes: exchange.durationMinutes)
    }

    /// The requester's balance in the exchange's network (the one that pays).
    func requesterBalance(_ exchange: PeerExchange) async throws -> Balance {
        guard let membership = try await memberships.membership(memberID: exchange.requesterID, networkID: exchange.networkID),
              let account = try await context.ledger.account(membership.ledgerAccountID)
        else { throw ExchangeError.invalidState("the requester has no account in this network") }
        return Balance(memberID: exchange.requesterID, networkID: exchange.networkID, account: account)
    }
}
