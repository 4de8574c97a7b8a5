import Foundation
import Ledger
import Testing
@testable import Exchange

/// Who a member may see by name beyond their own networks, and the hours a suggestion says its
/// supporter has given.
@Suite struct PeopleVisibilityTests {
    // Proves a partner network's supporter is named through the offer the requester may see
    // (and refused through an offer they may not), that the two people of a cross-network
    // exchange see each other once it exists — and not before — and that nobody else does.
    @Test func partnerPeopleAreNamedThroughWhatTheyShare() async throws {
        let pair = try await PartnerWorld()
        defer { pair.world.remove() }
        let domain = pair.world.domain
        let bystander = try await pair.world.member("Bea", in: pair.north)

        #expect(try await domain.offers.supporter(pair.requester, of: pair.offer.id).profile.displayName == "Sam")
        let hidden = try await PartnerWorld.partnerOffer(pair.world, pair.supporter, in: pair.south, visibility: .network,
                                                         title: "Only for south")
        #expect(await refusal { _ = try await domain.offers.supporter(pair.requester, of: hidden.id) }?.isNotFound == true)
        #expect(await refusal { _ = try await domain.members.member(pair.requester, pair.supporter.memberID) }?.isNotFound == true)
        #expect(await refusal { _ = try await domain.members.member(pair.supporter, pair.requester.memberID) }?.isNotFound == true)

        let request = try await pair.world.request(pair.requester, in: pair.north)
        _ = try await pair.world.propose(pair.requester, offer: pair.offer, request: request)
        #expect(try await domain.members.member(pair.requester, pair.supporter.memberID).profile.displayName == "Sam")
        #expect(try await domain.members.member(pair.supporter, pair.requester.memberID).profile.displayName == "Rae")
        #expect(await refusal { _ = try await domain.members.member(bystander, pair.supporter.memberID) }?.isNotFound == true)
        #expect(await refusal { _ = try await domain.members.member(pair.supporter, bystander.memberID) }?.isNotFound == true)
    }

    // Proves a suggestion carries the minutes its supporter's completed sessions settled in the
    // past year: a completed session counts (at its settled minutes, not its booked ones), a
    // cancelled one does not, another supporter has none, and a year later it has lapsed.
    @Test func suggestionsSayWhatTheSupporterHasGivenThisPastYear() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let rita = try await world.member("Rita", in: network)
        let sam = try await world.member("Sam", in: network)
        let lee = try await world.member("Lee", in: network)
        let samOffer = try await world.offer(sam, in: network, capacityHoursPerMonth: 10)
        _ = try await world.offer(lee, in: network)

        let completed = try await world.acceptedExchange(rita, sam, offer: samOffer, minutes: 60)
        let cancelled = try await world.acceptedExchange(rita, sam, offer: samOffer, minutes: 90)
        _ = try await world.domain.exchanges.cancel(rita, cancelled.id)
        world.advance(hours: 25)
        _ = try await world.domain.exchanges.confirm(rita, completed.id, minutesGiven: 45)
        _ = try await world.domain.exchanges.confirm(sam, completed.id, minutesGiven: 45)

        func given() async throws -> [MemberID: Int64] {
            let request = try await world.request(rita, in: network)
            let answer = try await world.domain.matching.suggestions(rita, request.id)
            _ = try await world.domain.requests.withdrawRequest(rita, request.id)
            return Dictionary(uniqueKeysWithValues: answer.suggestions.map { ($0.supporterID, $0.givenMinutesPastYear) })
        }
        #expect(try await given() == [sam.memberID: 45, lee.memberID: 0])
        world.advance(hours: 24 * 366)
        #expect(try await given() == [sam.memberID: 0, lee.memberID: 0])
    }
}
