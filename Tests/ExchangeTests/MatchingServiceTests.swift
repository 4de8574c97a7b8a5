import Foundation
import Ledger
import Matching
import Testing
@testable import Exchange

@Suite struct MatchingServiceTests {
    /// Suggested offer ids, best first.
    static func offerIDs(_ answer: RequestSuggestions) -> [OfferID] { answer.suggestions.map(\.offerID) }

    /// The filter that excluded `offer`, if the explanation lists it.
    static func filter(of offer: Offer, in answer: RequestSuggestions) -> MatchingFilter? {
        answer.excluded.first { $0.offerID == offer.id }?.filter
    }

    // Proves suggestions rank the offer sharing the request's topic first, that every score is
    // the exact sum of its parts with the topic part only where a topic is shared, that `k`
    // bounds the list, and that `k` outside 1…100 is refused naming the field.
    @Test func suggestionsRankWithScoreParts() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let requester = try await world.member("Rita", in: network)
        let sam = try await world.member("Sam", in: network)
        let lee = try await world.member("Lee", in: network)
        let leadership = try await world.offer(lee, in: network, topics: ["leadership"])
        let burnout = try await world.offer(sam, in: network, topics: ["burnout"])
        let request = try await world.request(requester, in: network, topics: ["burnout"])

        let answer = try await world.domain.matching.suggestions(requester, request.id)
        #expect(Self.offerIDs(answer) == [burnout.id, leadership.id])
        #expect(answer.excluded.isEmpty)
        for suggestion in answer.suggestions { #expect(suggestion.score == suggestion.parts.total) }
        #expect(answer.suggestions[0].parts.topicOverlap > 0)
        #expect(answer.suggestions[1].parts.topicOverlap == 0)
        #expect(answer.suggestions[0].parts.availabilityOverlap > 0)
        #expect(answer.suggestions[0].supporterID == sam.memberID)
        #expect(try await Self.offerIDs(world.domain.matching.suggestions(requester, request.id, k: 1)) == [burnout.id])
        for k in [0, 101] {
            #expect(await refusal { _ = try await world.domain.matching.suggestions(requester, request.id, k: k) }?
                .validationField == "k")
        }
    }

    // Proves `explain` lists an offer that exactly one hard filter excluded, with that filter
    // (kind, excluded member, own organisation, own offer), while none of them is suggested.
    @Test func explainNamesTheExcludingFilter() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let requester = try await world.member("Rita", in: network, organisation: "Hillside Surgery")
        let colleague = try await world.member("Cal", in: network, organisation: "Hillside Surgery")
        let blocked = try await world.member("Bo", in: network)
        let coach = try await world.member("Cole", in: network)
        let peer = try await world.member("Pia", in: network)
        let own = try await world.offer(requester, in: network)
        let colleagues = try await world.offer(colleague, in: network)
        let blockeds = try await world.offer(blocked, in: network)
        let coaching = try await world.offer(coach, in: network, kinds: ["coaching"])
        let fine = try await world.offer(peer, in: network)
        let request = try await world.request(
            requester, in: network, excluded: [blocked.memberID], excludeOwnOrganisation: true)

        let plain = try await world.domain.matching.suggestions(requester, request.id)
        #expect(Self.offerIDs(plain) == [fine.id])
        #expect(plain.excluded.isEmpty)
        let explained = try await world.domain.matching.suggestions(requester, request.id, explain: true)
        #expect(Self.offerIDs(explained) == [fine.id])
        #expect(Self.filter(of: coaching, in: explained) == .kind)
        #expect(Self.filter(of: blockeds, in: explained) == .excludedMember)
        #expect(Self.filter(of: colleagues, in: explained) == .ownOrganisation)
        for candidate in explained.excluded { #expect(candidate.score == candidate.parts.total) }
        // Without the organisation exclusion the requester's own offer fails `self` alone.
        let open = try await world.request(requester, in: network)
        let second = try await world.domain.matching.suggestions(requester, open.id, explain: true)
        #expect(!Self.offerIDs(second).contains(own.id))
        #expect(Self.filter(of: own, in: second) == .isSelf)
    }

    // Proves the minutes booked on an offer this month count: one 60-minute exchange on a
    // 2-hour offer lowers its load part and keeps it suggested for a 60-minute request; a second
    // leaves nothing, and the offer is excluded by `capacity`.
    @Test func capacityUsedThisMonthReducesThenExcludes() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let requester = try await world.member("Rita", in: network)
        let other = try await world.member("Olu", in: network)
        let sam = try await world.member("Sam", in: network)
        let offer = try await world.offer(sam, in: network)
        let request = try await world.request(requester, in: network)
        let matching = world.domain.matching

        let fresh = try #require(try await matching.suggestions(requester, request.id).suggestions.first)
        _ = try await world.propose(other, offer: offer, minutes: 60)
        let booked = try #require(try await matching.suggestions(requester, request.id).suggestions.first)
        #expect(booked.offerID == offer.id)
        #expect(booked.parts.loadFairness < fresh.parts.loadFairness)
        _ = try await world.acceptedExchange(other, sam, offer: offer, minutes: 60)
        let full = try await matching.suggestions(requester, request.id, explain: true)
        #expect(full.suggestions.isEmpty)
        #expect(Self.filter(of: offer, in: full) == .capacity)
    }

    // Proves a pair whose last exchange was disputed is not suggested (filter `disputedPair`),
    // and that a pair with an exchange that went well gets a history part.
    @Test func disputedPairExcludedAndHistoryCounts() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let requester = try await world.member("Rita", in: network)
        let quarrel = try await world.member("Quin", in: network)
        let friend = try await world.member("Fay", in: network)
        let quarrelOffer = try await world.offer(quarrel, in: network)
        let friendOffer = try await world.offer(friend, in: network)
        let disputed = try await world.acceptedExchange(requester, quarrel, offer: quarrelOffer)
        let good = try await world.acceptedExchange(requester, friend, offer: friendOffer)
        world.advance(hours: 25)
        _ = try await world.domain.exchanges.confirm(requester, disputed.id, minutesGiven: 60)
        #expect(try await world.domain.exchanges.confirm(quarrel, disputed.id, minutesGiven: 30).status == .disputed)
        _ = try await world.domain.exchanges.confirm(requester, good.id, minutesGiven: 60)
        #expect(try await world.domain.exchanges.confirm(friend, good.id, minutesGiven: 60).status == .completed)
        let request = try await world.request(requester, in: network)

        let answer = try await world.domain.matching.suggestions(requester, request.id, explain: true)
        #expect(Self.offerIDs(answer) == [friendOffer.id])
        #expect(answer.suggestions[0].parts.history > 0)
        #expect(Self.filter(of: quarrelOffer, in: answer) == .disputedPair)
    }

    // Proves who may ask: the requester and a coordinator of the network get suggestions;
    // another member of the network and an outsider are told the request does not exist; a
    // withdrawn request is refused as not open.
    @Test func suggestionsAuthorisation() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let elsewhere = try await world.network("south-wellbeing")
        let requester = try await world.member("Rita", in: network)
        let coordinator = try await world.member("Cora", in: network, role: .coordinator)
        let neighbour = try await world.member("Ned", in: network)
        let outsider = try await world.member("Olu", in: elsewhere)
        let sam = try await world.member("Sam", in: network)
        let offer = try await world.offer(sam, in: network)
        let request = try await world.request(requester, in: network)
        let matching = world.domain.matching

        #expect(try await Self.offerIDs(matching.suggestions(coordinator, request.id)) == [offer.id])
        #expect(await refusal { _ = try await matching.suggestions(neighbour, request.id) }?.isNotFound == true)
        #expect(await refusal { _ = try await matching.suggestions(outsider, request.id) }?.isNotFound == true)
        #expect(await refusal { _ = try await matching.suggestions(requester, RequestID(9_999)) }?.isNotFound == true)
        _ = try await world.domain.requests.withdrawRequest(requester, request.id)
        #expect(await refusal { _ = try await matching.suggestions(requester, request.id) }?.isInvalidState == true)
    }
}

extension ExchangeError {
    var isConflict: Bool { if case .conflict = self { true } else { false } }
}
