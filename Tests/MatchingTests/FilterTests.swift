import Testing
@testable import Matching

@Suite struct FilterTests {
    /// An offer, a request and a context in which the offer fails exactly `filter`.
    static func failing(_ filter: MatchingFilter) throws -> (MatchingOffer, MatchingRequest, MatchingContext) {
        let pair = MemberPair(Scenario.requesterID, Scenario.supporterID)
        switch filter {
        case .capacity: return (try Scenario.offer(capacity: 45), try Scenario.request(), MatchingContext())
        case .isSelf: return (try Scenario.offer(supporterID: Scenario.requesterID), try Scenario.request(), MatchingContext())
        case .excludedMember:
            return (try Scenario.offer(), try Scenario.request(excluded: [Scenario.supporterID]), MatchingContext())
        case .ownOrganisation:
            return (try Scenario.offer(organisation: "practice-a"), try Scenario.request(excludeOwnOrganisation: true), MatchingContext())
        case .kind: return (try Scenario.offer(kinds: ["mentoring"]), try Scenario.request(), MatchingContext())
        case .language: return (try Scenario.offer(languages: ["cy"]), try Scenario.request(), MatchingContext())
        case .mode: return (try Scenario.offer(), try Scenario.request(mode: .inPerson, area: "York"), MatchingContext())
        case .visibility:
            // A partner network, but the offer is for its own network only.
            return (try Scenario.offer(networkID: 20, visibility: .network), try Scenario.request(),
                    MatchingContext(partnerNetworkIDs: [10: [20]]))
        case .blockedPair: return (try Scenario.offer(), try Scenario.request(), MatchingContext(blockedPairs: [pair]))
        case .disputedPair: return (try Scenario.offer(), try Scenario.request(), MatchingContext(disputedPairs: [pair]))
        case .availability: return (try Scenario.offer(windows: [(2, 540, 720)]), try Scenario.request(), MatchingContext())
        }
    }

    // Proves: the hand-built base pair passes every filter, and is suggested with its parts.
    @Test func basePairIsSuggested() throws {
        let matcher = try Scenario.matcher([try Scenario.offer()])
        let answer = matcher.suggestions(for: try Scenario.request(), explain: true)
        #expect(answer.suggestions.map(\.offerID) == [100])
        #expect(answer.nearestExcluded.isEmpty)
        #expect(answer.suggestions[0].score == answer.suggestions[0].parts.total)
    }

    // Proves: each hard filter on its own excludes the offer, and explain names that filter.
    @Test(arguments: MatchingFilter.allCases)
    func eachFilterExcludesAndIsNamed(_ filter: MatchingFilter) throws {
        let (offer, request, context) = try Self.failing(filter)
        let answer = try Scenario.matcher([offer], context: context).suggestions(for: request, explain: true)
        #expect(answer.suggestions.isEmpty)
        #expect(answer.nearestExcluded.map(\.filter) == [filter])
        #expect(answer.nearestExcluded.map(\.offerID) == [offer.id])
    }

    // Proves: an offer failing two filters is not a near miss; explain only lists single failures.
    @Test func twoFailuresAreNotNearMisses() throws {
        let offer = try Scenario.offer(kinds: ["mentoring"], capacity: 30)
        let answer = try Scenario.matcher([offer]).suggestions(for: try Scenario.request(), explain: true)
        #expect(answer.suggestions.isEmpty)
        #expect(answer.nearestExcluded.isEmpty)
    }

    // Proves: visibility — partners see `partners` offers, non-partners see nothing, and the
    // own network sees `network` offers; in person needs the same area (case-insensitive).
    @Test func visibilityAndArea() throws {
        let partnerOffer = try Scenario.offer(id: 1, networkID: 20, visibility: .partners)
        let strangerOffer = try Scenario.offer(id: 2, networkID: 30, visibility: .partners)
        let ownOffer = try Scenario.offer(id: 3, networkID: 10, visibility: .network)
        let context = MatchingContext(partnerNetworkIDs: [10: [20]])
        let matcher = try Scenario.matcher([partnerOffer, strangerOffer, ownOffer], context: context)
        let answer = matcher.suggestions(for: try Scenario.request())
        #expect(Set(answer.suggestions.map(\.offerID)) == [1, 3])
        let inPerson = matcher.suggestions(for: try Scenario.request(mode: .inPerson, area: "LEEDS"))
        #expect(Set(inPerson.suggestions.map(\.offerID)) == [1, 3])
    }

    // Proves: input validation uses EXCHANGE.md's ranges (duration, in person without area,
    // unknown zone, duplicate offer ids).
    @Test func inputsAreValidated() throws {
        #expect(throws: MatchingInputError.durationOutOfRange(10)) { try Scenario.request(duration: 10) }
        #expect(throws: MatchingInputError.inPersonWithoutArea) { try Scenario.request(mode: .inPerson) }
        #expect(throws: MatchingInputError.unknownTimeZone("Mars/Olympus")) { try Scenario.offer(zone: "Mars/Olympus") }
        let offer = try Scenario.offer()
        #expect(throws: MatchingInputError.duplicateOfferID(100)) {
            try MatchingIndex(offers: [offer, offer], referenceWeek: Scenario.week)
        }
    }
}
