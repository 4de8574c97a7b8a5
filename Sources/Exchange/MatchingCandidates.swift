import Foundation
import Ledger
import Matching

/// The matcher's view of a network, loaded from the store and the ledger: its active offers
/// whose supporters are active members, with this month's figures, and its open requests.
struct MatchingCandidates: Sendable {
    let offers: [MatchingOffer]
    let index: MatchingIndex
}

struct MatchableRequest: Sendable {
    let request: SupportRequest
    let matching: MatchingRequest
}

extension MatchingService {
    /// The index over the network's active offers, at `now`: remaining capacity and load from
    /// the exchanges scheduled this calendar month (UTC), balance from the ledger account.
    func candidates(networkID: NetworkID, now: Date) async throws -> MatchingCandidates {
        let stored = try await context.store.activeOffers(in: [networkID], limit: Self.offerCountMax)
        let month = MatchingAdapter.month(containing: now)
        let supporterIDs = Set(stored.map(\.supporterID)).sorted()
        // Every offer of these supporters, in any network: their load counts all of them.
        let bookings = try await context.store.bookedMinutes(
            supporterIDs: supporterIDs, scheduledFrom: month.start, before: month.end)
        let supporters = try await supporterFigures(supporterIDs, bookings: bookings, networkID: networkID)
        let bookedByOffer = Dictionary(bookings.map { ($0.offerID, $0.minutes) }, uniquingKeysWith: +)
        var offers: [MatchingOffer] = []
        for offer in stored {
            guard let supporter = supporters[offer.supporterID] else { continue }
            do {
                offers.append(try MatchingAdapter.offer(offer, supporter: supporter, bookedMinutes: bookedByOffer[offer.id] ?? 0))
            } catch {
                context.logger.warning("offer left out of matching", metadata: ["offer": "\(offer.id)", "reason": "\(error)"])
            }
        }
        do {
            let index = try MatchingIndex(offers: offers, referenceWeek: ReferenceWeek(containing: now))
            return MatchingCandidates(offers: offers, index: index)
        } catch {
            throw ExchangeError.invalidState("the network's offers cannot be indexed: \(error)")
        }
    }

    /// Profile, load this month (over all their offers) and balance in `networkID` of the
    /// supporters that are active members of it; the others are left out.
    private func supporterFigures(_ ids: [MemberID], bookings: [OfferBooking],
                                  networkID: NetworkID) async throws -> [MemberID: MatchingAdapter.SupporterFigures] {
        let loadBySupporter = Dictionary(bookings.map { ($0.supporterID, $0.minutes) }, uniquingKeysWith: +)
        var figures: [MemberID: MatchingAdapter.SupporterFigures] = [:]
        for member in try await context.store.members(ids) {
            guard let membership = try await context.store.membership(memberID: member.id, networkID: networkID),
                  membership.isActive, let account = try await context.ledger.account(membership.ledgerAccountID)
            else { continue }
            let balance = Balance(memberID: member.id, networkID: networkID, account: account)
            figures[member.id] = MatchingAdapter.SupporterFigures(
                member: member, loadMinutesThisMonth: loadBySupporter[member.id] ?? 0, balanceMinutes: balance.postedMinutes)
        }
        return figures
    }

    /// The network's open requests whose requesters are active members and that no accepted
    /// proposal holds (its exchange is under way), in id order.
    func matchableRequests(networkID: NetworkID) async throws -> [MatchableRequest] {
        let requests = try await context.store.openRequests(in: networkID, limit: Self.requestCountMax)
        let requesters = try await context.store.members(Array(Set(requests.map(\.requesterID))).sorted())
        let byID = Dictionary(uniqueKeysWithValues: requesters.map { ($0.id, $0) })
        var matchable: [MatchableRequest] = []
        for request in requests {
            guard let requester = byID[request.requesterID],
                  try await context.store.membership(memberID: requester.id, networkID: networkID)?.isActive == true,
                  try await !context.store.hasAcceptedProposal(requestID: request.id)
            else { continue }
            do {
                matchable.append(MatchableRequest(
                    request: request, matching: try MatchingAdapter.request(request, requester: requester)))
            } catch {
                context.logger.warning("request left out of matching", metadata: ["request": "\(request.id)", "reason": "\(error)"])
            }
        }
        return matchable
    }
}
