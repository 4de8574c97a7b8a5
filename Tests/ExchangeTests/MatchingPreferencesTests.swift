import Foundation
import Ledger
import Matching
import Testing
@testable import Exchange

@Suite struct MatchingPreferencesTests {
    // Proves a network's weights are the standard ones until its coordinator sets them, that set
    // weights change the ranking (topics weigh nothing, availability everything: the offer with
    // the longer overlap wins although the other shares the topic), that members may read but not
    // set them (403), a coordinator of another network gets 404, and the change is in the trail.
    @Test func networkWeightsShapeTheRanking() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let south = try await world.network("south-wellbeing")
        let lead = try await world.member("Lee", in: network, role: .coordinator)
        let southLead = try await world.member("Sol", in: south, role: .coordinator)
        let requester = try await world.member("Rita", in: network)
        let topical = try await world.member("Tom", in: network)
        let available = try await world.member("Ava", in: network)
        let topicOffer = try await world.offer(topical, in: network, topics: ["burnout"],
                                               availability: [AvailabilityWindow(weekday: 2, startMinute: 18 * 60, endMinute: 20 * 60)])
        let wideOffer = try await world.domain.offers.createOffer(available, networkID: network.id, OfferDetails(
            title: "Evenings all week", kinds: ["peer_support"], topics: ["leadership"],
            availability: (1...7).map { AvailabilityWindow(weekday: $0, startMinute: 17 * 60, endMinute: 22 * 60) },
            timeZone: "Europe/London", modes: [.video], languages: ["en"], capacityHoursPerMonth: 2))
        let request = try await world.domain.requests.createRequest(requester, networkID: network.id, RequestDetails(
            kind: "peer_support", topics: ["burnout"],
            preferredWindows: (1...7).map { AvailabilityWindow(weekday: $0, startMinute: 17 * 60, endMinute: 22 * 60) },
            timeZone: "Europe/London", mode: .video, language: "en"))
        let preferences = world.domain.matchingPreferences

        #expect(try await preferences.weights(requester, networkID: network.id) == .standard)
        #expect(try await world.domain.matching.suggestions(requester, request.id).suggestions.map(\.offerID) == [topicOffer.id, wideOffer.id])

        let timeOnly = try MatchingWeights(topicOverlap: 0, availabilityOverlap: 100, professionPreference: 0,
                                           careerStagePreference: 0, history: 0, loadFairness: 0, balanceFairness: 0,
                                           imbalanceReduction: 0)
        #expect(try await preferences.setWeights(lead, networkID: network.id, timeOnly) == timeOnly)
        #expect(try await preferences.weights(requester, networkID: network.id) == timeOnly)
        let reranked = try await world.domain.matching.suggestions(requester, request.id).suggestions
        #expect(reranked.map(\.offerID) == [wideOffer.id, topicOffer.id])
        #expect(reranked.allSatisfy { $0.parts.topicOverlap == 0 })

        #expect(await refusal { _ = try await preferences.setWeights(requester, networkID: network.id, .standard) }?.isForbidden == true)
        #expect(await refusal { _ = try await preferences.setWeights(southLead, networkID: network.id, .standard) }?.isNotFound == true)
        #expect(await refusal { _ = try await preferences.weights(southLead, networkID: network.id) }?.isNotFound == true)
        let trail = try await world.domain.audit.trail(lead, networkID: network.id).items
        #expect(trail.filter { $0.action == .matchingWeightsUpdated }.map(\.actorID) == [lead.memberID])
    }

    // Proves a block works both ways and stays private: once the supporter blocks the requester,
    // the supporter's offer is not suggested (explained as `blockedPair`), not proposed in a run,
    // and a direct proposal is refused with words that do not reveal the block; unblocking
    // restores it; blocking oneself or an unknown member is refused; the list is the blocker's.
    // The coordinator's run is in the network's audit trail.
    @Test func blocksKeepAPairApart() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let lead = try await world.member("Lee", in: network, role: .coordinator)
        let requester = try await world.member("Rita", in: network)
        let supporter = try await world.member("Sam", in: network)
        let offer = try await world.offer(supporter, in: network)
        let request = try await world.request(requester, in: network)
        let preferences = world.domain.matchingPreferences

        #expect(try await preferences.block(supporter, requester.memberID) == [requester.memberID])
        #expect(try await preferences.block(supporter, requester.memberID) == [requester.memberID])
        #expect(try await preferences.blocked(requester).isEmpty)
        let answer = try await world.domain.matching.suggestions(requester, request.id, explain: true)
        #expect(answer.suggestions.isEmpty)
        #expect(MatchingServiceTests.filter(of: offer, in: answer) == .blockedPair)
        let run = try await world.domain.matching.runMatching(lead, networkID: network.id)
        #expect(run.proposals.isEmpty)
        let recorded = try await world.domain.audit.trail(lead, networkID: network.id).items.filter { $0.action == .matchingRun }
        #expect(recorded.map(\.subjectID) == [run.id.rawValue] && recorded.first?.detail == "0 proposals for 1 requests")
        let proposal = await refusal { _ = try await world.propose(requester, offer: offer) }
        #expect(proposal?.validationField == "offerID")

        #expect(try await preferences.unblock(supporter, requester.memberID).isEmpty)
        #expect(try await world.domain.matching.suggestions(requester, request.id).suggestions.map(\.offerID) == [offer.id])
        _ = try await world.propose(requester, offer: offer)

        #expect(await refusal { _ = try await preferences.block(requester, requester.memberID) }?.validationField == "memberID")
        #expect(await refusal { _ = try await preferences.block(requester, MemberID(9_999)) }?.isNotFound == true)
    }
}
