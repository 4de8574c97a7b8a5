import Foundation
import Ledger
import Matching
import Testing
@testable import Exchange

@Suite struct InPersonMatchingTests {
    // Proves an in-person request is matched on its area: the in-person offer in the same area is
    // suggested, one elsewhere is explained by `mode`; an in-person request without an area is
    // refused naming `area`, and the area is stored with the request.
    @Test func inPersonRequestsMatchOnArea() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let requester = try await world.member("Rita", in: network)
        let near = try await world.member("Nell", in: network)
        let far = try await world.member("Fay", in: network)
        let leeds = try await world.offer(near, in: network, modes: [.inPerson])  // World gives in-person offers the area Leeds
        let york = try await world.domain.offers.createOffer(far, networkID: network.id, OfferDetails(
            title: "Walk and talk", kinds: ["peer_support"], topics: ["burnout"],
            availability: [AvailabilityWindow(weekday: 2, startMinute: 18 * 60, endMinute: 20 * 60)],
            timeZone: "Europe/London", modes: [.inPerson], area: "York", languages: ["en"], capacityHoursPerMonth: 2))

        let details = RequestDetails(kind: "peer_support", topics: ["burnout"], timeZone: "Europe/London",
                                     mode: .inPerson, language: "en", area: "Leeds")
        let request = try await world.domain.requests.createRequest(requester, networkID: network.id, details)
        #expect(try await world.domain.requests.request(requester, request.id).details.area == "Leeds")

        let answer = try await world.domain.matching.suggestions(requester, request.id, explain: true)
        #expect(answer.suggestions.map(\.offerID) == [leeds.id])
        #expect(MatchingServiceTests.filter(of: york, in: answer) == .mode)

        var noArea = details
        noArea.area = nil
        let refused = await refusal { _ = try await world.domain.requests.createRequest(requester, networkID: network.id, noArea) }
        #expect(refused?.validationField == "area")
    }
}
