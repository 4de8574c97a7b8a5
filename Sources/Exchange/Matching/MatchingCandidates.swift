import Foundation
import Ledger
import Matching

/// The matcher's view of a network, loaded from the store and the ledger: its active offers
/// (and its partners' offers visible to partners) whose supporters are active members, with
/// this month's figures, and its open requests.
struct MatchingCandidates: Sendable {
    let offers: [MatchingOffer]
    let index: MatchingIndex
}

struct MatchableRequest: Sendable {
    let request: SupportRequest
    let matching: MatchingRequest
}

extension MatchingService {
    /// The index over the network's active offers and its partners' offers visible to partners
    /// (of a kind their agreement covers), at `now`: remaining capacity and load from the
    /// exchanges scheduled this calendar month (UTC), balance from the supporter's ledger account
    /// in the offer's network.
    func candidates(networkID: NetworkID, partners: MatchingPartners = .none, now: Date) async throws -> MatchingCandidates {
        var stored = try await offers.activeOffers(in: [networkID], limit: Self.offerCountMax)
        if !partners.scopes.isEmpty {
            let partnerOffers = try await offers.activeOffers(in: partners.scopes.map(\.networkID), limit: Self.offerCountMax)
            stored += partnerOffers.filter { offer in
                offer.details.visibility == .partners && partners.scopes.contains {
                    $0.networkID == offer.networkID && !Set($0.kinds).isDisjoint(with: offer.details.kinds)
                }
            }
        }
        let month = MatchingAdapter.month(containing: now)
        let supporterIDs = Set(stored.map(\.supporterID)).sorted()
        // Every offer of these supporters, in any network: their load counts all of them.
        let bookings = try await tallies.bookedMinutes(
            supporterIDs: supporterIDs, scheduledFrom: month.start, before: month.end)
        var supporters: [NetworkID: [MemberID: MatchingAdapter.SupporterFigures]] = [:]
        for network in Set(stored.map(\.networkID)).sorted() {
            let ids = Set(stored.filter { $0.networkID == network }.map(\.supporterID)).sorted()
            supporters[network] = try await supporterFigures(ids, bookings: bookings, networkID: network)
        }
        let bookedByOffer = Dictionary(bookings.map { ($0.offerID, $0.minutes) }, uniquingKeysWith: +)
        var offers: [MatchingOffer] = []
        for offer in stored {
            guard let supporter = supporters[offer.networkID]?[offer.supporterID] else { continue }
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

    /// The network's partners for matching at `now`: agreements in force (the kinds they cover,
    /// restricted to `kind` when given), the net minutes given each, and the sessions left this
    /// month under each quota.
    func matchingPartners(of networkID: NetworkID, kind: String? = nil, now: Date) async throws -> MatchingPartners {
        var partners = MatchingPartners(networkID: networkID, scopes: [], netMinutesGiven: [:])

        let month = MatchingAdapter.month(containing: now)
        for agreement in try await agreementService.inForce(for: networkID, at: now) {
            if let kind, !agreement.terms.kinds.contains(kind) { continue }
            let partner = agreement.other(than: networkID)
            partners.scopes.append(PartnerScope(networkID: partner, kinds: agreement.terms.kinds))
            partners.netMinutesGiven[partner] = -(try await exchangeService.clearingPosition(agreement, in: networkID).postedMinutes)
            if let quota = agreement.monthlySessionQuota(receiving: networkID) {
                let booked = try await tallies.crossNetworkSessionCount(
                    agreementID: agreement.id, requesterNetworkID: networkID, scheduledFrom: month.start, before: month.end,
                statuses: ExchangeService.quotaStatuses)
                partners.sessionsLeftThisMonth[partner] = max(0, quota - booked)
            }
        }
        partners.scopes.sort { $0.networkID < $1.networkID }
        return partners
    }

    /// Profile, load this month (over all their offers) and balance in `networkID` of the
    /// supporters that are active members of it; the others are left out.
    private func supporterFigures(_ ids: [MemberID], bookings: [OfferBooking],
                                  networkID: NetworkID) async throws -> [MemberID: MatchingAdapter.SupporterFigures] {
        let loadBySupporter = Dictionary(bookings.map { ($0.supporterID, $0.minutes) }, uniquingKeysWith: +)
        var figures: [MemberID: MatchingAdapter.SupporterFigures] = [:]
        for member in try await members.members(ids) {
            guard let membership = try await memberships.membership(memberID: member.id, networkID: networkID),
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
        let requests = try await self.requests.openRequests(in: networkID, limit: Self.requestCountMax)
        let requesters = try await members.members(Array(Set(requests.map(\.requesterID))).sorted())
        let byID = Dictionary(uniqueKeysWithValues: requesters.map { ($0.id, $0) })
        var matchable: [MatchableRequest] = []
        for request in requests {
            guard let requester = byID[request.requesterID],
                  try await memberships.membership(memberID: requester.id, networkID: networkID)?.isActive == true,
                  try await !matchingRuns.hasAcceptedProposal(requestID: request.id)
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
