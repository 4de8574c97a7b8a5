import Matching
import MatchingBenchmarkSupport
import Testing
@testable import Exchange

@Suite struct BatchCandidatesTests {
    // Proves: the candidate lists searched on all cores are, request by request and in order,
    // the matcher's own lists with `allowed` applied — on communities large enough to be split
    // into slices, and on one too small to be (one thread answers it).
    @Test(arguments: [(UInt64(3), 400), (UInt64(11), 257), (UInt64(29), 12)])
    func slicesGiveTheSequentialListsInOrder(seed: UInt64, requestCount: Int) throws {
        let community = CommunityGenerator(shape: CommunityShape(
            offerCount: 600, requestCount: requestCount, memberCount: 200, networkCount: 3, seed: seed)).generate()
        let matcher = OfferMatcher(
            index: try MatchingIndex(offers: community.offers, referenceWeek: ReferenceWeek(mondayYear: 2026, month: 3, day: 2)),
            context: community.context)
        let allowed: @Sendable (MatchingRequest, EligibleOffer) -> Bool = { request, offer in
            (request.id + offer.offerID) % 3 != 0
        }
        let lists = BatchCandidates.lists(matcher: matcher, requests: community.requests, allowed: allowed)
        let expected = community.requests.map { request in
            matcher.eligibleOffers(for: request).filter { allowed(request, $0) }
        }
        #expect(lists.count == community.requests.count)
        #expect(lists == expected)
        #expect(expected.contains { !$0.isEmpty }, "the community gives some request a candidate")
    }
}
