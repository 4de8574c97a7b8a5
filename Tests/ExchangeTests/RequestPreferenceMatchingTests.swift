import Exchange
import Foundation
import Ledger
import Testing

/// A request's preferred profession and career stage (issue 16) reach the matcher.
@Suite struct RequestPreferenceMatchingTests {
    // Proves a request that prefers the supporter's profession (written in another case) and
    // career stage gets non-zero profession and career-stage parts in its suggestion, that both
    // are stored and read back, and that a request without preferences scores zero for both.
    @Test func preferencesScoreInSuggestions() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let requester = try await world.member("Rita", in: network)
        let plain = try await world.member("Raj", in: network)
        let supporter = try await world.member("Sam", in: network)
        let offer = try await world.offer(supporter, in: network)
        let preferring = try await world.domain.requests.createRequest(requester, networkID: network.id, RequestDetails(
            kind: "peer_support", topics: ["burnout"], timeZone: "Europe/London", mode: .video, language: "en",
            preferredProfession: "general PRACTITIONER", preferredCareerStage: .mid))
        #expect(try await world.store.request(preferring.id)?.details.preferredProfession == "general PRACTITIONER")
        #expect(try await world.store.request(preferring.id)?.details.preferredCareerStage == .mid)
        let without = try await world.request(plain, in: network)

        let suggested = try #require(try await world.domain.matching.suggestions(requester, preferring.id).suggestions.first)
        #expect(suggested.offerID == offer.id)
        #expect(suggested.parts.professionPreference > 0)
        #expect(suggested.parts.careerStagePreference > 0)
        let other = try #require(try await world.domain.matching.suggestions(plain, without.id).suggestions.first)
        #expect(other.parts.professionPreference == 0 && other.parts.careerStagePreference == 0)
        #expect(suggested.score > other.score)
    }

    // Proves a preferred profession is validated like the profile's: 1–80 characters.
    @Test func preferredProfessionIsBounded() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let requester = try await world.member("Rita", in: network)
        let refused = await refusal {
            _ = try await world.domain.requests.createRequest(requester, networkID: network.id, RequestDetails(
                kind: "peer_support", timeZone: "Europe/London", mode: .video, language: "en",
                preferredProfession: String(repeating: "x", count: 81)))
        }
        #expect(refused?.validationField == "preferredProfession")
    }
}
