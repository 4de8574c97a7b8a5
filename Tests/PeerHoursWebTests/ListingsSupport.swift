import AppTestSupport
import Exchange
import Foundation
import HummingbirdTesting
@testable import PeerHoursWeb
import Testing

/// The listings tests' people: Amina and Ben in network "north" (both at Riverside Surgery),
/// Carol in network "south".
struct ListingsWorld {
    let fixture: AppFixture
    let admin: Actor
    let north: Network
    let south: Network
    let amina: Actor
    let ben: Actor
    let carol: Actor

    static let aminaEmail = "amina@example.org", benEmail = "ben@example.org", carolEmail = "carol@example.org"

    static func make() async throws -> ListingsWorld {
        let fixture = try await AppFixture.web()
        let admin = try await fixture.administrator()
        let north = try await fixture.network("north", by: admin)
        let south = try await fixture.network("south", by: admin)
        let amina = try await fixture.member(aminaEmail, displayName: "Amina Rahman", in: north, by: admin)
        let ben = try await fixture.member(benEmail, displayName: "Ben Brown", in: north, by: admin)
        let carol = try await fixture.member(carolEmail, displayName: "Carol Chen", in: south, by: admin)
        return ListingsWorld(fixture: fixture, admin: admin, north: north, south: south, amina: Actor(memberID: MemberID(amina), isAdministrator: false),
                             ben: Actor(memberID: MemberID(ben), isAdministrator: false),
                             carol: Actor(memberID: MemberID(carol), isAdministrator: false))
    }

    /// Runs `body` with a browser signed in as `email`, and a second for anyone else.
    func test(as email: String, _ body: @escaping @Sendable (inout Browser, any TestClientProtocol) async throws -> Void) async throws {
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            let signedIn = try await browser.signIn(email, AppFixture.password)
            #expect(signedIn.status == .seeOther)
            try await body(&browser, client)
        }
    }

    static func offerDetails(title: String = "Coaching for GPs", kinds: [String] = ["coaching"], topics: [String] = ["burnout"],
                             weekday: Int = 2, modes: [SessionMode] = [.video], languages: [String] = ["en"]) -> OfferDetails {
        OfferDetails(title: title, kinds: kinds, topics: topics,
                     availability: [AvailabilityWindow(weekday: weekday, startMinute: 18 * 60, endMinute: 20 * 60)],
                     timeZone: "Europe/London", modes: modes, languages: languages, capacityHoursPerMonth: 4)
    }

    static func requestDetails(kind: String = "coaching", topics: [String] = ["burnout"], description: String? = "Struggling after nights")
        -> RequestDetails {
        RequestDetails(kind: kind, topics: topics,
                       preferredWindows: [AvailabilityWindow(weekday: 2, startMinute: 17 * 60, endMinute: 21 * 60)],
                       timeZone: "Europe/London", mode: .video, language: "en", durationMinutes: 60, description: description)
    }
}

extension PageResponse {
    /// The error summary's link to `field` with its message.
    func summaryLinks(to field: String) -> Bool { html.contains(##"<a href="#field-\##(field)">"##) }
}
