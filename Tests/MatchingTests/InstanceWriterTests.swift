import MatchingBenchmarkSupport
import Testing
@testable import Matching

@Suite struct InstanceWriterTests {
    // Proves: instances built from a generated community's suggestions have at most K edges
    // per request, scores in 1…MAXS, and survive render → parse unchanged; the solver's
    // assignment uses only suggested pairs.
    @Test func communityInstanceRoundTrips() throws {
        let community = CommunityGenerator(shape: CommunityShape(offerCount: 100, requestCount: 400, seed: 4)).generate()
        let matcher = OfferMatcher(
            index: try MatchingIndex(offers: community.offers, referenceWeek: Scenario.week), context: community.context)
        let instance = try SuggestionAssignmentInstance.build(
            matcher: matcher, requests: community.requests, capacityPerOffer: 4, edgesPerRequest: 20)
        #expect(instance.requestCount == 400 && instance.offerCount == 100)
        #expect(!instance.edges.isEmpty)
        let perRequest = Dictionary(grouping: instance.edges, by: \.request)
        #expect(perRequest.values.allSatisfy { $0.count <= 20 })
        #expect(instance.edges.allSatisfy { (1...instance.scoreMax).contains($0.score) })
        let text = AssignmentInstanceText.render(instance)
        #expect(try AssignmentInstanceParser().parse(text) == instance)
        let result = try GeneralAssignmentSolver().solve(GeneralAssignmentProblem(instance))
        #expect(result.matchedCount > 0)
    }
}
