import Foundation
import Ledger
import Logging
import Matching

/// Matching over the stored network: suggestions for one request, batch runs that propose
/// pairings for every open request of a network, and the requester's answer to a proposal.
/// Everything it hands out is ids and scores; request descriptions never enter the matcher.
///
/// Who may do what: a request's requester (and the coordinators of its network) may ask for
/// suggestions, anyone else is told the request does not exist; a coordinator of a network runs
/// matching for it; a proposal is accepted or declined once, by the request's requester.
public final class MatchingService: Sendable {
    let context: ServiceContext
    let agreementService: AgreementService
    /// Steps of exchanges this service takes part in (cancellations, proposals it sends).
    let exchangeService: ExchangeService
    let matchingRuns: any MatchingRunRepository
    let members: any MemberRepository
    let memberships: any MembershipRepository
    let offers: any OfferRepository
    let preferences: any MatchingPreferenceRepository
    let requests: any RequestRepository
    let tallies: any ExchangeTallyRepository

    init(context: ServiceContext, agreementService: AgreementService, exchangeService: ExchangeService,
         matchingRuns: any MatchingRunRepository, members: any MemberRepository,
         memberships: any MembershipRepository, offers: any OfferRepository,
         preferences: any MatchingPreferenceRepository, requests: any RequestRepository,
         tallies: any ExchangeTallyRepository) {
        self.context = context
        self.agreementService = agreementService
        self.exchangeService = exchangeService
        self.matchingRuns = matchingRuns
        self.members = members
        self.memberships = memberships
        self.offers = offers
        self.preferences = preferences
        self.requests = requests
        self.tallies = tallies
    }

    public static let suggestionCountDefault = 10
    public static let suggestionCountMax = OfferMatcher.suggestionCountMax
    /// How far back a suggestion counts the hours its supporter has given: a year of days.
    public static let givenWindowDays = 365
    /// Bounds on what one matching reads: active offers of a network, open requests of a run,
    /// and stored exchange outcomes for the history factors.
    public static let offerCountMax = 5_000
    public static let requestCountMax = 1_000
    public static let outcomeCountMax = 20_000

    /// History, the requesters' blocks (either way) and the network's weights, for the matcher.
    private func matchingContext(outcomes: [ExchangeOutcome], requesters: [MemberID],
                                 networkID: NetworkID, partners: MatchingPartners) async throws -> MatchingContext {
        let blocks = try await preferences.blocks(involving: requesters)
        let weights = try await preferences.matchingWeights(networkID: networkID)
        return MatchingAdapter.context(outcomes: outcomes, blocks: blocks, weights: weights.map { [networkID: $0] } ?? [:],
                                       partners: partners)
    }

    /// The top `k` active offers for the request — its network's, and partner networks' offers
    /// visible to partners under an agreement in force that covers the request's kind and has
    /// sessions left this month — with their scores and parts; with `explain`, also the nearest
    /// offers that one hard filter excluded.
    public func suggestions(_ actor: Actor, _ requestID: RequestID, k: Int = MatchingService.suggestionCountDefault,
                            explain: Bool = false) async throws -> RequestSuggestions {
        guard (1...Self.suggestionCountMax).contains(k) else {
            throw ExchangeError.invalid("k", "must be 1 to \(Self.suggestionCountMax)")
        }
        let request = try await matchableRequest(actor, requestID)
        guard let requester = try await members.member(request.requesterID) else {
            throw ExchangeError.notFound("request \(requestID)")
        }
        let now = context.now()
        var partners = try await matchingPartners(of: request.networkID, kind: request.details.kind, now: now)
        // A partner whose quota this month is taken has nothing to suggest.
        partners.scopes.removeAll { partners.sessionsLeftThisMonth[$0.networkID] == 0 }
        let candidates = try await candidates(networkID: request.networkID, partners: partners, now: now)
        let outcomes = try await tallies.exchangeOutcomes(involving: [request.requesterID], limit: Self.outcomeCountMax)
        let matcher = OfferMatcher(index: candidates.index, context: try await matchingContext(
            outcomes: outcomes, requesters: [request.requesterID], networkID: request.networkID, partners: partners))
        let answer = matcher.suggestions(for: try matchingRequest(request, requester: requester), k: k, explain: explain)
        var suggestions = answer.suggestions.map(MatchingAdapter.suggestion)
        let given = try await tallies.givenMinutes(
            supporterIDs: Array(Set(suggestions.map(\.supporterID))),
            scheduledFrom: now.addingTimeInterval(-TimeInterval(Self.givenWindowDays) * 86_400))
        for index in suggestions.indices { suggestions[index].givenMinutesPastYear = given[suggestions[index].supporterID] ?? 0 }
        return RequestSuggestions(requestID: request.id, suggestions: suggestions, excluded: answer.nearestExcluded.map(MatchingAdapter.excluded))
    }

    /// A coordinator of the network assigns its open requests to its active offers and its
    /// partners' offers visible to partners (at most one offer per request, capacity and each
    /// partner's monthly session quota respected, kinds covered by the agreements, total score
    /// maximal) and stores the result as a run of open proposals. Nothing is booked: people
    /// accept or decline. With `review`, the proposals are stored `drafted` instead — seen by the
    /// network's coordinators only — until a coordinator sends the run (`sendRun`).
    /// A retry of a keyed run answers the run the first attempt stored.
    public func runMatching(_ actor: Actor, networkID: NetworkID, review: Bool = false) async throws -> MatchingRun {
        if let earlier = try await context.earlierCreation(actor, .matchingRun) {
            guard let run = try await matchingRuns.matchingRun(MatchingRunID(earlier)) else {
                preconditionFailure("a keyed creation names a stored matching run")
            }
            return run
        }
        _ = try await context.access.requireCoordinator(actor, of: networkID)
        let now = context.now()
        let partners = try await matchingPartners(of: networkID, now: now)
        let candidates = try await candidates(networkID: networkID, partners: partners, now: now)
        let requests = try await matchableRequests(networkID: networkID)
        let requesters = Array(Set(requests.map(\.request.requesterID))).sorted()
        let outcomes = try await tallies.exchangeOutcomes(involving: requesters, limit: Self.outcomeCountMax)
        let matcher = OfferMatcher(index: candidates.index, context: try await matchingContext(
            outcomes: outcomes, requesters: requesters, networkID: networkID, partners: partners))
        // A pair with an open exchange or an open proposal from an earlier run is not proposed again.
        let open = Set(try await tallies.openPairs(requestIDs: requests.map(\.request.id)))
        let plan: MatchingPlan
        do {
            plan = try MatchingPlan.solve(
                matcher: matcher, offers: candidates.offers, requests: requests.map(\.matching),
                urgencies: requests.map(\.request.details.urgency),
                allowed: { request, offer in
                    partners.covers(kind: request.kind, offerNetwork: NetworkID(offer.networkID))
                        && !open.contains(RequestOfferPair(requestID: RequestID(request.id), offerID: OfferID(offer.offerID)))
                },
                quotas: Dictionary(uniqueKeysWithValues: partners.sessionsLeftThisMonth.map { ($0.key.rawValue, $0.value) }))
        } catch {
            throw MatchingPlan.refusal(for: error) ?? error
        }
        let proposals = plan.pairings.map { pairing in
            let request = requests[pairing.requestPosition].request
            return MatchingProposal(
                id: MatchingProposalID(0), runID: MatchingRunID(0), networkID: networkID, requestID: request.id,
                offerID: OfferID(pairing.suggestion.offerID), requesterID: request.requesterID,
                supporterID: MemberID(pairing.suggestion.supporterID), score: pairing.suggestion.score,
                parts: pairing.suggestion.parts, status: review ? .drafted : .open)
        }
        let run = try await matchingRuns.insertMatchingRun(
            MatchingRun(
                id: MatchingRunID(0), networkID: networkID, createdByID: actor.memberID, createdAt: now,
                requestCount: requests.count, offerCount: candidates.offers.count, totalScore: plan.totalScore,
                objective: plan.objective, proposals: proposals, sentAt: review ? nil : now,
                sentByID: review ? nil : actor.memberID),
            auditNewRow: [context.auditEvent(actor, .matchingRun, network: networkID,
                                             detail: "\(proposals.count) proposals for \(requests.count) requests"
                                                 + (review ? ", for review" : ""))],
            keyed: context.creationRecord(actor, .matchingRun, at: now))
        context.logger.info("matching run", metadata: [
            "run": "\(run.id)", "network": "\(networkID)", "requests": "\(run.requestCount)",
            "offers": "\(run.offerCount)", "proposals": "\(run.proposals.count)",
        ])
        return run
    }

    /// The requester accepts a proposal: an exchange on the offer for the request is proposed
    /// (as `ExchangeService.propose` does) at `scheduledStart`, for the request's duration.
    /// A proposal already decided, or gone stale (request no longer open, offer paused, another
    /// proposal on the request accepted) is refused with `.conflict`. A retry of a keyed
    /// acceptance answers the exchange the first attempt proposed, recording the decision if the
    /// first attempt stopped before it.
    public func acceptProposal(_ actor: Actor, _ id: MatchingProposalID, scheduledStart: Date) async throws -> PeerExchange {
        if let earlier = try await context.earlierCreation(actor, .exchange) {
            return try await finishAcceptance(actor, id, exchangeID: ExchangeID(earlier))
        }
        let proposal = try await decidable(actor, id)
        guard let request = try await requests.request(proposal.requestID), request.status == .open else {
            throw ExchangeError.conflict("the proposal is stale: its request is no longer open")
        }
        guard let offer = try await offers.offer(proposal.offerID), offer.status == .active else {
            throw ExchangeError.conflict("the proposal is stale: its offer is paused")
        }
        let taken = try await matchingRuns.hasAcceptedProposal(requestID: request.id)
        guard !taken else {
            throw ExchangeError.conflict("the proposal is stale: another proposal on this request was accepted")
        }

        let exchange = try await exchangeService.propose(actor, ExchangeProposal(
            offerID: offer.id, requestID: request.id, scheduledStart: scheduledStart,
            durationMinutes: request.details.durationMinutes))
        do {
            _ = try await matchingRuns.decideMatchingProposal(id, status: .accepted, exchangeID: exchange.id, at: context.now())
        } catch {
            // Decided concurrently: withdraw the exchange just proposed, then report the conflict.
            _ = try? await exchangeService.cancel(actor, exchange.id)
            throw error
        }
        context.logger.info("matching proposal accepted", metadata: ["proposal": "\(id)", "exchange": "\(exchange.id)"])
        return exchange
    }

    private func finishAcceptance(_ actor: Actor, _ id: MatchingProposalID, exchangeID: ExchangeID) async throws -> PeerExchange {
        let exchange = try await exchangeService.exchange(actor, exchangeID)
        if let proposal = try await matchingRuns.matchingProposal(id), proposal.status == .open,
           proposal.requesterID == actor.memberID {
            _ = try await matchingRuns.decideMatchingProposal(id, status: .accepted, exchangeID: exchangeID, at: context.now())
        }
        return exchange
    }

    /// The proposals runs made for a request, oldest first: its requester and the network's
    /// coordinators, as for suggestions (anyone else `.notFound`); in any request status. The
    /// requester sees only those sent to them (open, accepted, declined).
    public func proposals(_ actor: Actor, requestID: RequestID,
                          page: PageRequest = PageRequest()) async throws -> Page<MatchingProposal> {
        let request = try await readableRequest(actor, requestID)
        let size = try Cursor.validSize(page)
        let after = try Cursor.decode(page.cursor, list: "matching-proposals").map { MatchingProposalID($0) }
        // Drafts, and what was dropped or skipped before sending, are the coordinators' alone.
        let statuses = try await context.access.isActiveCoordinator(actor, of: request.networkID)
            ? MatchingProposalStatus.allCases : MatchingProposalStatus.seenByRequesters
        let fetched = try await matchingRuns.matchingProposals(requestID: requestID, statuses: statuses, afterID: after,
                                                               limit: size + 1)
        return Cursor.page(fetched, size: size, list: "matching-proposals") { $0.id.rawValue }
    }

    /// The requester declines a proposal (once).
    public func declineProposal(_ actor: Actor, _ id: MatchingProposalID) async throws -> MatchingProposal {
        _ = try await decidable(actor, id)
        return try await matchingRuns.decideMatchingProposal(id, status: .declined, exchangeID: nil, at: context.now())
    }

    /// The proposal when `actor` is its requester and it is still open. Members of the network
    /// other than the requester are forbidden; anyone else is told it does not exist.
    private func decidable(_ actor: Actor, _ id: MatchingProposalID) async throws -> MatchingProposal {
        guard let proposal = try await matchingRuns.matchingProposal(id),
              MatchingProposalStatus.seenByRequesters.contains(proposal.status) else {
            throw ExchangeError.notFound("matching proposal \(id)")
        }
        guard proposal.requesterID == actor.memberID else {
            _ = try await context.access.membership(actor, in: proposal.networkID)
            throw ExchangeError.forbidden("only the request's requester may accept or decline its proposal")
        }
        guard proposal.status == .open else {
            throw ExchangeError.conflict("the proposal was \(proposal.status.rawValue) already")
        }
        return proposal
    }

    /// The open request, when `actor` is its requester or a coordinator of its network;
    /// `.notFound` for everyone else, as if it did not exist.
    private func matchableRequest(_ actor: Actor, _ id: RequestID) async throws -> SupportRequest {
        let request = try await readableRequest(actor, id)
        guard request.status == .open else {
            throw ExchangeError.invalidState("the request is \(request.status.rawValue); only open requests are matched")
        }
        return request
    }

    /// The request, when `actor` is its requester or a coordinator of its network.
    func readableRequest(_ actor: Actor, _ id: RequestID) async throws -> SupportRequest {
        guard let request = try await requests.request(id) else { throw ExchangeError.notFound("request \(id)") }
        if request.requesterID != actor.memberID {
            guard try await context.access.isActiveCoordinator(actor, of: request.networkID) else {
                throw ExchangeError.notFound("request \(id)")
            }
        }
        return request
    }

    private func matchingRequest(_ request: SupportRequest, requester: Member) throws -> MatchingRequest {
        do {
            return try MatchingAdapter.request(request, requester: requester)
        } catch {
            throw ExchangeError.invalidState("request \(request.id) cannot be matched: \(error)")
        }
    }
}
