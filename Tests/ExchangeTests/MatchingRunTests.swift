import Foundation
import Ledger
import Matching
import Testing
@testable import Exchange

@Suite struct MatchingRunTests {
    /// A network with a coordinator, two 2-hour offers (Sam's on burnout, Lee's on leadership)
    /// of which Sam's already has 60 minutes booked this month (one session left), and three
    /// open 60-minute burnout requests.
    struct Scene {
        let world: World
        let network: Network
        let coordinator: Actor
        let requesters: [Actor]
        let sam: Actor
        let lee: Actor
        let samOffer: Offer
        let leeOffer: Offer
        let requests: [SupportRequest]

        init() async throws {
            world = try await World()
            network = try await world.network("north-wellbeing")
            coordinator = try await world.member("Cora", in: network, role: .coordinator)
            sam = try await world.member("Sam", in: network)
            lee = try await world.member("Lee", in: network)
            samOffer = try await world.offer(sam, in: network, topics: ["burnout"])
            leeOffer = try await world.offer(lee, in: network, topics: ["leadership"])
            let booker = try await world.member("Bea", in: network)
            _ = try await world.propose(booker, offer: samOffer, minutes: 60)
            var requesters: [Actor] = []
            var requests: [SupportRequest] = []
            for name in ["Rita", "Raj", "Ros"] {
                let requester = try await world.member(name, in: network)
                requesters.append(requester)
                requests.append(try await world.request(requester, in: network, description: "Private note of \(name)"))
            }
            self.requesters = requesters
            self.requests = requests
        }
    }

    /// The best objective over every assignment of `requests` to their suggested offers (or
    /// none), with the run's rules: sessions per offer = remaining minutes / 60, each further
    /// session on an offer costing `loadStepScore` more, an unmatched normal request costing its
    /// penalty.
    static func bruteForceObjective(scores: [[OfferID: Int]], sessions: [OfferID: Int]) -> Int {
        func best(_ position: Int, _ loads: [OfferID: Int]) -> Int {
            guard position < scores.count else { return 0 }
            var value = best(position + 1, loads) - MatchingPlan.unmatchedPenalty(.normal)
            for (offer, score) in scores[position] where loads[offer, default: 0] < sessions[offer, default: 0] {
                var next = loads
                let load = next[offer, default: 0]
                next[offer] = load + 1
                value = max(value, score - load * MatchingPlan.loadStepScore + best(position + 1, next))
            }
            return value
        }
        return best(0, [:])
    }

    // Proves a coordinator's run proposes at most one offer per request, never more sessions on
    // an offer than its remaining minutes this month hold (Sam: one), reaches the exact optimum
    // of the small case (checked by brute force over the suggestions' scores), stores open
    // proposals, and that the same state gives the same proposals again.
    @Test func runRespectsCapacityAndIsOptimal() async throws {
        let scene = try await Scene()
        defer { scene.world.remove() }
        let matching = scene.world.domain.matching
        let run = try await matching.runMatching(scene.coordinator, networkID: scene.network.id)
        #expect(run.requestCount == 3 && run.offerCount == 2)
        #expect(run.proposals.count == 3)
        #expect(Set(run.proposals.map(\.requestID)) == Set(scene.requests.map(\.id)))
        #expect(run.proposals.filter { $0.offerID == scene.samOffer.id }.count == 1)
        #expect(run.proposals.filter { $0.offerID == scene.leeOffer.id }.count == 2)
        #expect(run.proposals.allSatisfy { $0.status == .open && $0.score == $0.parts.total })
        #expect(run.totalScore == run.proposals.map(\.score).reduce(0, +))

        var scores: [[OfferID: Int]] = []
        for request in scene.requests {
            let answer = try await matching.suggestions(scene.coordinator, request.id)
            scores.append(Dictionary(uniqueKeysWithValues: answer.suggestions.map { ($0.offerID, $0.score) }))
        }
        let sessions = [scene.samOffer.id: 1, scene.leeOffer.id: 2]
        #expect(run.objective == Self.bruteForceObjective(scores: scores, sessions: sessions))

        // The same state again: the first run's proposals declined (open ones are not proposed twice).
        for proposal in run.proposals {
            let requester = try #require(scene.requesters.first { $0.memberID == proposal.requesterID })
            _ = try await matching.declineProposal(requester, proposal.id)
        }
        let again = try await matching.runMatching(scene.coordinator, networkID: scene.network.id)
        #expect(again.id != run.id)
        #expect(again.proposals.map { [$0.requestID.rawValue, $0.offerID.rawValue] }
            == run.proposals.map { [$0.requestID.rawValue, $0.offerID.rawValue] })
        #expect(again.objective == run.objective)
    }

    // Proves a run over a network with no offers (or no open requests) is stored with no
    // proposals, and suggestions there are an empty list rather than an error.
    @Test func emptyNetworkRunsWithoutProposals() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("quiet-network")
        let coordinator = try await world.member("Cora", in: network, role: .coordinator)
        let empty = try await world.domain.matching.runMatching(coordinator, networkID: network.id)
        #expect(empty.requestCount == 0 && empty.offerCount == 0 && empty.proposals.isEmpty && empty.objective == 0)
        let requester = try await world.member("Rita", in: network)
        let request = try await world.request(requester, in: network)
        let unmatched = try await world.domain.matching.runMatching(coordinator, networkID: network.id)
        #expect(unmatched.requestCount == 1 && unmatched.proposals.isEmpty)
        #expect(unmatched.objective == -MatchingPlan.unmatchedPenalty(.normal))
        #expect(try await world.domain.matching.suggestions(requester, request.id).suggestions.isEmpty)
    }

    // Proves a run never proposes a pair that already has an open exchange or an open proposal:
    // a request with an exchange proposed on Sam's offer is not proposed to it, a second run
    // proposes none of the first run's open pairs, and accepting a proposal whose pair has since
    // got an open exchange is refused naming that exchange instead of opening a second one.
    @Test func runSkipsOpenPairs() async throws {
        let scene = try await Scene()
        defer { scene.world.remove() }
        let world = scene.world
        let matching = world.domain.matching
        let held = try await world.propose(scene.requesters[0], offer: scene.samOffer, request: scene.requests[0])
        let run = try await matching.runMatching(scene.coordinator, networkID: scene.network.id)
        #expect(!run.proposals.contains { $0.requestID == held.requestID && $0.offerID == held.offerID })
        let pairs = Set(run.proposals.map { RequestOfferPair(requestID: $0.requestID, offerID: $0.offerID) })
        let rerun = try await matching.runMatching(scene.coordinator, networkID: scene.network.id)
        #expect(rerun.proposals.allSatisfy { !pairs.contains(RequestOfferPair(requestID: $0.requestID, offerID: $0.offerID)) })

        let proposal = try #require(run.proposals.first { $0.requesterID == scene.requesters[1].memberID })
        let offer = proposal.offerID == scene.samOffer.id ? scene.samOffer : scene.leeOffer
        let direct = try await world.domain.exchanges.propose(scene.requesters[1], ExchangeProposal(
            offerID: offer.id, requestID: proposal.requestID, scheduledStart: world.now.addingTimeInterval(86_400)))
        let refused = await refusal {
            _ = try await matching.acceptProposal(scene.requesters[1], proposal.id, scheduledStart: world.now.addingTimeInterval(2 * 86_400))
        }
        guard case .refused(.openProposalExists, let detail) = refused else {
            Issue.record("expected open-proposal-exists, got \(String(describing: refused))")
            return
        }
        #expect(detail.contains("exchange \(direct.id)"))
        #expect(try await world.store.matchingProposal(proposal.id)?.status == .open)
    }

    // Proves a run does not propose a request to an offer it already has an open exchange on,
    // though the offer has room for it: the only pair is held, so the run proposes nothing.
    @Test func runSkipsAPairWithAnOpenExchange() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let coordinator = try await world.member("Cora", in: network, role: .coordinator)
        let requester = try await world.member("Rita", in: network)
        let offer = try await world.offer(try await world.member("Sam", in: network), in: network, capacityHoursPerMonth: 4)
        let request = try await world.request(requester, in: network)
        _ = try await world.propose(requester, offer: offer, request: request)
        let run = try await world.domain.matching.runMatching(coordinator, networkID: network.id)
        #expect(run.requestCount == 1)
        #expect(run.proposals.isEmpty)
    }

    // Proves only a coordinator of the network may run matching: a member of it is forbidden,
    // a coordinator of another network (not a member) is told it does not exist.
    @Test func runAuthorisation() async throws {
        let scene = try await Scene()
        defer { scene.world.remove() }
        let elsewhere = try await scene.world.network("south-wellbeing")
        let foreignCoordinator = try await scene.world.member("Fern", in: elsewhere, role: .coordinator)
        let matching = scene.world.domain.matching
        #expect(await refusal { _ = try await matching.runMatching(scene.requesters[0], networkID: scene.network.id) }?
            .isForbidden == true)
        #expect(await refusal { _ = try await matching.runMatching(foreignCoordinator, networkID: scene.network.id) }?
            .isNotFound == true)
    }

    // Proves accepting a proposal proposes an exchange on its offer for its request (status
    // proposed, the request's duration); accepting again, declining it afterwards and accepting
    // another proposal on the same request are conflicts (until the supporter declines that
    // exchange, which frees the request), and a later run leaves the held request out; another
    // member is forbidden and an outsider told it does not exist; a stale proposal (offer
    // paused) is a conflict; a proposal is declined once.
    @Test func acceptAndDeclineProposals() async throws {
        let scene = try await Scene()
        defer { scene.world.remove() }
        let world = scene.world
        let matching = world.domain.matching
        let outsider = try await world.member("Olu", in: try await world.network("south-wellbeing"))
        let run = try await matching.runMatching(scene.coordinator, networkID: scene.network.id)
        let rerun = try await matching.runMatching(scene.coordinator, networkID: scene.network.id)
        // A request proposed in both runs (the rerun leaves out the first run's pairs). Which
        // one that is depends on how the exact solver breaks ties between equally good plans, so
        // the test picks it instead of assuming it: its requester is `holder`.
        let first = try #require(run.proposals.first { proposal in
            rerun.proposals.contains { $0.requestID == proposal.requestID }
        })
        let holder = try #require(scene.requesters.first { $0.memberID == first.requesterID })
        let others = scene.requesters.filter { $0.memberID != first.requesterID }
        let start = world.now.addingTimeInterval(2 * 86_400)

        #expect(await refusal { _ = try await matching.acceptProposal(others[0], first.id, scheduledStart: start) }?
            .isForbidden == true)
        #expect(await refusal { _ = try await matching.acceptProposal(outsider, first.id, scheduledStart: start) }?
            .isNotFound == true)
        let exchange = try await matching.acceptProposal(holder, first.id, scheduledStart: start)
        #expect(exchange.status == .proposed && exchange.offerID == first.offerID && exchange.requestID == first.requestID)
        #expect(exchange.requesterID == holder.memberID && exchange.durationMinutes == 60)
        #expect(try await world.store.matchingProposal(first.id)?.exchangeID == exchange.id)
        #expect(await refusal { _ = try await matching.acceptProposal(holder, first.id, scheduledStart: start) }?
            .isConflict == true)
        #expect(await refusal { _ = try await matching.declineProposal(holder, first.id) }?.isConflict == true)

        let sameRequest = try #require(rerun.proposals.first { $0.requestID == first.requestID })
        #expect(await refusal { _ = try await matching.acceptProposal(holder, sameRequest.id, scheduledStart: start) }?
            .isConflict == true)
        // Once the supporter declines that exchange, the request is free for another proposal.
        let supporter = exchange.supporterID == scene.sam.memberID ? scene.sam : scene.lee
        _ = try await world.domain.exchanges.decline(supporter, exchange.id)
        let retried = try await matching.acceptProposal(holder, sameRequest.id, scheduledStart: start)
        #expect(retried.status == .proposed && retried.id != exchange.id)
        // A later run leaves out the request an accepted proposal holds.
        let later = try await matching.runMatching(scene.coordinator, networkID: scene.network.id)
        #expect(later.requestCount == 2 && !later.proposals.contains { $0.requestID == first.requestID })

        let second = try #require(run.proposals.first { $0.requesterID == others[0].memberID })
        let third = try #require(run.proposals.first { $0.requesterID == others[1].memberID })
        _ = try await world.domain.offers.setOfferStatus(scene.sam, scene.samOffer.id, .paused)
        _ = try await world.domain.offers.setOfferStatus(scene.lee, scene.leeOffer.id, .paused)
        #expect(await refusal { _ = try await matching.acceptProposal(others[0], second.id, scheduledStart: start) }?
            .isConflict == true)
        #expect(try await matching.declineProposal(others[1], third.id).status == .declined)
        #expect(await refusal { _ = try await matching.declineProposal(others[1], third.id) }?.isConflict == true)
    }
}
