import Foundation
import Ledger

/// Loads what `ProposalRules` decide on, and throws their refusal. A proposal's checks run
/// holding the offer's lock, so what is counted cannot change before the exchange is stored; an
/// acceptance's need not (its exchange was counted when proposed).
extension ExchangeService {
    /// At proposal: availability, one open exchange per request and offer, the offer's hours in
    /// the session's month, the requester's credit.
    func checkProposalRules(_ draft: PeerExchange, offer: Offer) async throws {
        if let refusal = ProposalRules.availability(offer.details, start: draft.scheduledStart,
                                                    durationMinutes: draft.durationMinutes) {
            throw refusal
        }
        if let requestID = draft.requestID,
           let refusal = ProposalRules.openProposal(offerID: offer.id, requestID: requestID,
                                                    open: try await context.store.openExchanges(requestID: requestID)) {
            throw refusal
        }
        let booked = try await bookedMinutes(on: offer, monthOf: draft.scheduledStart)
        if let refusal = ProposalRules.capacity(hoursPerMonth: offer.details.capacityHoursPerMonth, bookedMinutes: booked,
                                                durationMinutes: draft.durationMinutes) {
            throw refusal
        }
        let balance = try await requesterBalance(draft)
        if let refusal = ProposalRules.credit(balance, durationMinutes: draft.durationMinutes, reader: .requester) {
            throw refusal
        }
    }

    /// At acceptance, counted again: the offer's hours (this exchange, booked since its
    /// proposal, counted once) and the requester's credit, told to the supporter in words.
    /// The ledger still enforces the floor when it reserves.
    func checkAcceptanceRules(_ exchange: PeerExchange) async throws {
        if let offer = try await context.store.offer(exchange.offerID) {
            let booked = try await bookedMinutes(on: offer, monthOf: exchange.scheduledStart)
            let others = booked - (exchange.status == .proposed ? exchange.durationMinutes : 0)
            if let refusal = ProposalRules.capacity(hoursPerMonth: offer.details.capacityHoursPerMonth, bookedMinutes: others,
                                                    durationMinutes: exchange.durationMinutes) {
                throw refusal
            }
        }
        if let refusal = ProposalRules.credit(try await requesterBalance(exchange), durationMinutes: exchange.durationMinutes,
                                              reader: .supporter) {
            throw refusal
        }
    }

    /// Minutes of the offer's proposed, accepted, disputed and completed exchanges scheduled in
    /// the calendar month (on the offer's clock) that contains `start`.
    func bookedMinutes(on offer: Offer, monthOf start: Date) async throws -> Int64 {
        let month = ProposalRules.capacityMonth(containing: start, timeZone: offer.details.timeZone)
        return try await context.store.bookedMinutes(offerID: offer.id, scheduledFrom: month.start, before: month.end)
    }

    /// The requester's balance in the exchange's network (the one that pays).
    func requesterBalance(_ exchange: PeerExchange) async throws -> Balance {
        guard let membership = try await context.store.membership(memberID: exchange.requesterID, networkID: exchange.networkID),
              let account = try await context.ledger.account(membership.ledgerAccountID)
        else { throw ExchangeError.invalidState("the requester has no account in this network") }
        return Balance(memberID: exchange.requesterID, networkID: exchange.networkID, account: account)
    }
}
