import Exchange
import Foundation
import Ledger

extension AppFixture {
    /// A one-hour coaching session of `supporter` for `requester` in `network` (an offer of the
    /// supporter's, every day all day), an hour from the ledger's now, accepted, held (the clock
    /// moves two hours on) and confirmed by both: one posted hour, as the reports count it.
    public func completedSession(supporter: Member, requester: Member, in network: Network) async throws {
        let offer = try await domain.offers.createOffer(supporter.actor, networkID: network.id, OfferDetails(
            title: "Coaching for new leads", kinds: ["coaching"], topics: ["leadership"],
            availability: (1...7).map { AvailabilityWindow(weekday: $0, startMinute: 0, endMinute: 1440) }, timeZone: "Europe/London",
            modes: [.video], languages: ["en"], capacityHoursPerMonth: 4))
        let proposed = try await domain.exchanges.propose(requester.actor, ExchangeProposal(
            offerID: offer.id, scheduledStart: now.addingTimeInterval(3600)))
        _ = try await domain.exchanges.accept(supporter.actor, proposed.id)
        ledgerClock.advance(seconds: 7200)
        _ = try await domain.exchanges.confirm(requester.actor, proposed.id, minutesGiven: 60)
        _ = try await domain.exchanges.confirm(supporter.actor, proposed.id, minutesGiven: 60)
    }
}
