import Exchange
import Foundation
import Ledger

/// Members with something in every section of an access export (issue 21): Rita asked Sam for
/// coaching with a private description, they wrote to each other and held the session; Cora, a
/// coordinator, read Rita's statement; Rita blocked Tess, made a calendar feed and asked for
/// urgent support.
public struct DataExportScene: Sendable {
    public static let description = "DESCRIPTION-MARKER-7Q: sleepless after nights on the ward"
    public static let ritaMessage = "RITA-MARKER-3K: is Tuesday still good?"
    public static let samMessage = "SAM-MARKER-9X: Tuesday is fine, speak then"
    public static let urgentNote = "URGENT-MARKER-5W: I can't face the next shift"

    public var network: Network
    public var rita: Member
    public var sam: Member
    public var cora: Member
    public var tess: Member
    public var exchangeID: ExchangeID
}

extension AppFixture {
    /// Builds the scene through the domain (needs `init(administrator: true)`); logins are
    /// `<name>@example.nhs.uk` / `AppFixture.password`.
    public func dataExportScene() async throws -> DataExportScene {
        let network = try await self.network("data-rights")
        let sam = try await member("Sam", in: network)
        let rita = try await member("Rita", in: network)
        let cora = try await member("Cora", in: network, role: .coordinator)
        let tess = try await member("Tess", in: network)
        let offer = try await domain.offers.createOffer(sam.actor, networkID: network.id, OfferDetails(
            title: "Coaching after nights", kinds: ["coaching"], topics: ["sleep"],
            availability: (1...7).map { AvailabilityWindow(weekday: $0, startMinute: 0, endMinute: 1440) }, timeZone: "Europe/London",
            modes: [.video], languages: ["en"], capacityHoursPerMonth: 4))
        let request = try await domain.requests.createRequest(rita.actor, networkID: network.id, RequestDetails(
            kind: "coaching", topics: ["sleep"], timeZone: "Europe/London", mode: .video, language: "en",
            description: DataExportScene.description))
        let proposed = try await domain.exchanges.propose(rita.actor, ExchangeProposal(
            offerID: offer.id, requestID: request.id, scheduledStart: now.addingTimeInterval(3600)))
        _ = try await domain.exchanges.accept(sam.actor, proposed.id)
        _ = try await domain.messages.post(rita.actor, proposed.id, body: DataExportScene.ritaMessage)
        _ = try await domain.messages.post(sam.actor, proposed.id, body: DataExportScene.samMessage)
        ledgerClock.advance(seconds: 7200)
        _ = try await domain.exchanges.confirm(rita.actor, proposed.id, minutesGiven: 60)
        _ = try await domain.exchanges.confirm(sam.actor, proposed.id, minutesGiven: 60)
        _ = try await domain.accounts.statement(cora.actor, memberID: rita.id, networkID: network.id)
        _ = try await domain.matchingPreferences.block(rita.actor, tess.id)
        _ = try await domain.calendarFeeds.createFeed(rita.actor)
        _ = try await domain.urgent.raise(rita.actor, networkID: network.id, UrgentRequestDraft(
            note: DataExportScene.urgentNote, contact: "07700 900123"))
        return DataExportScene(network: network, rita: rita, sam: sam, cora: cora, tess: tess, exchangeID: proposed.id)
    }
}
