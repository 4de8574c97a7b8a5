import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import PeerHoursWeb
import Testing

@Suite struct PartnerNamesTests {
    static func allWeek(_ details: OfferDetails) -> OfferDetails {
        var details = details
        details.availability = (1...7).map { AvailabilityWindow(weekday: $0, startMinute: 0, endMinute: 1440) }
        return details
    }

    // Proves a partner network's supporter is named on the search, the offer's page and the
    // proposal form (never "someone"), and that once a session is proposed the two people see
    // each other's names on their session pages.
    @Test func partnerSupportersAreNamed() async throws {
        let world = try await ListingsWorld.make()
        let domain = world.fixture.domain
        let admin = world.admin
        let north = try await world.fixture.member("nia@example.org", displayName: "Nia", in: world.north, by: admin)
        let south = try await world.fixture.member("sol@example.org", displayName: "Sol", in: world.south, by: admin)
        for (lead, network) in [(north, world.north), (south, world.south)] {
            _ = try await domain.memberships.appointCoordinator(admin, memberID: MemberID(lead), networkID: network.id)
        }
        let now = domain.now()
        let terms = AgreementTerms(kinds: ["coaching"], proposerMayReceiveMinutes: 600, partnerMayReceiveMinutes: 600,
                                   proposerMonthlySessionQuota: nil, startsOn: now, endsOn: now.addingTimeInterval(200 * 86400))
        let proposed = try await domain.agreements.propose(AccountNetworksTests.actor(north), from: world.north.id, to: world.south.id, terms)
        _ = try await domain.agreements.accept(AccountNetworksTests.actor(south), proposed.id)
        var details = Self.allWeek(ListingsWorld.offerDetails(title: "Coaching across the river"))
        details.visibility = .partners
        let offer = try await domain.offers.createOffer(world.carol, networkID: world.south.id, details)

        try await world.test(as: ListingsWorld.aminaEmail) { browser, client in
            let search = try await browser.get("/search")
            #expect(search.html.contains("Coaching across the river") && search.html.contains("Ask Carol Chen for a session"))
            #expect(try await browser.get("/support/offers/\(offer.id.rawValue)").html.contains("Carol Chen"))
            #expect(try await browser.get("/sessions/new?offer=\(offer.id.rawValue)").html.contains("Carol Chen"))

            let request = try await domain.requests.createRequest(world.amina, networkID: world.north.id, ListingsWorld.requestDetails())
            let exchange = try await domain.exchanges.propose(world.amina, ExchangeProposal(
                offerID: offer.id, requestID: request.id, scheduledStart: now.addingTimeInterval(86_400), durationMinutes: 60))
            let mine = try await browser.get("/sessions/\(exchange.id.rawValue)")
            #expect(mine.status == .ok && mine.html.contains("Carol Chen"))
            var carol = Browser(client)
            try await carol.signIn(ListingsWorld.carolEmail, AppFixture.password)
            let theirs = try await carol.get("/sessions/\(exchange.id.rawValue)")
            #expect(theirs.status == .ok && theirs.html.contains("Amina"))
        }
    }

    // Proves a suggestion says how much its supporter has given in the past year, once a
    // session of theirs has completed.
    @Test func suggestionSaysWhatTheSupporterHasGiven() async throws {
        let world = try await ListingsWorld.make()
        let domain = world.fixture.domain
        let offer = try await domain.offers.createOffer(world.ben, networkID: world.north.id, Self.allWeek(ListingsWorld.offerDetails()))
        let request = try await domain.requests.createRequest(world.amina, networkID: world.north.id, ListingsWorld.requestDetails())
        let path = "/support/requests/\(request.id.rawValue)/suggestions"
        try await world.test(as: ListingsWorld.aminaEmail) { browser, _ in
            #expect(!(try await browser.get(path).html.contains("of support in the past year")))
            let proposed = try await domain.exchanges.propose(world.amina, ExchangeProposal(
                offerID: offer.id, requestID: nil, scheduledStart: domain.now().addingTimeInterval(86_400), durationMinutes: 90))
            _ = try await domain.exchanges.accept(world.ben, proposed.id)
            world.fixture.ledgerClock.advance(seconds: 2 * 86_400)
            _ = try await domain.exchanges.confirm(world.amina, proposed.id, minutesGiven: 90)
            _ = try await domain.exchanges.confirm(world.ben, proposed.id, minutesGiven: 90)
            #expect(try await browser.get(path).html.contains("has given 1 h 30 min of support in the past year"))
        }
    }
}
