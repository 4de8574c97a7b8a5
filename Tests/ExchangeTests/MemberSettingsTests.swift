import Exchange
import Foundation
import Testing

@Suite struct MemberSettingsTests {
    // Proves a member's settings are the standard ones (browser language, Europe/London) until
    // they change them, that a change is theirs alone (another member still reads the standard
    // ones), that a second change replaces the first, and that the language may be cleared again.
    @Test func settingsAreEachMembersOwn() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let rita = try await world.member("Rita", in: network)
        let tom = try await world.member("Tom", in: network)
        let members = world.domain.members

        #expect(try await members.settings(rita) == MemberSettings(language: nil, timeZone: "Europe/London"))
        let welsh = MemberSettings(language: "cy", timeZone: "Europe/Dublin")
        #expect(try await members.updateSettings(rita, welsh) == welsh)
        #expect(try await members.settings(rita) == welsh)
        #expect(try await members.settings(tom) == .standard)

        let browser = MemberSettings(language: nil, timeZone: "America/New_York")
        _ = try await members.updateSettings(rita, browser)
        #expect(try await members.settings(rita) == browser)
        #expect(try await members.settings(world.admin) == .standard)
    }

    // Proves the rules: a language tag of 1–35 letters, digits and hyphens or none; a time zone
    // the system knows. Each refusal names its field and stores nothing.
    @Test func invalidSettingsAreRefusedByField() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let rita = try await world.member("Rita", in: network)
        let members = world.domain.members
        let cases: [(MemberSettings, String)] = [
            (MemberSettings(language: "", timeZone: "Europe/London"), "language"),
            (MemberSettings(language: String(repeating: "a", count: 36), timeZone: "Europe/London"), "language"),
            (MemberSettings(language: "en_GB", timeZone: "Europe/London"), "language"),
            (MemberSettings(language: "<script>", timeZone: "Europe/London"), "language"),
            (MemberSettings(language: "é", timeZone: "Europe/London"), "language"),
            (MemberSettings(language: "en-GB", timeZone: "Mars/Olympus_Mons"), "timeZone"),
            (MemberSettings(language: nil, timeZone: ""), "timeZone"),
            (MemberSettings(language: nil, timeZone: "GMT-05:00"), "timeZone"),
            (MemberSettings(language: nil, timeZone: "Europe/London "), "timeZone"),
            (MemberSettings(language: nil, timeZone: String(repeating: "Europe/London", count: 10)), "timeZone"),
        ]
        for (settings, field) in cases {
            let error = await refusal { _ = try await members.updateSettings(rita, settings) }
            guard case .validation(let validation) = error else {
                Issue.record("\(settings) gave \(String(describing: error))")
                continue
            }
            #expect(validation.field == field)
        }
        #expect(try await members.settings(rita) == .standard)
        let longest = MemberSettings(language: "en-" + String(repeating: "a", count: 32), timeZone: "Pacific/Auckland")
        #expect(try await members.updateSettings(rita, longest) == longest)
    }

    // Proves the SQLite store keeps each member's row apart, reads back exactly what it stored
    // (a nil language included) and replaces a row in place.
    @Test func theStoreKeepsOneRowPerMember() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let rita = try await world.member("Rita", in: network)
        let tom = try await world.member("Tom", in: network)
        let store = world.store

        #expect(try await store.memberSettings(rita.memberID) == nil)
        try await store.setMemberSettings(rita.memberID, MemberSettings(language: "cy", timeZone: "Europe/Paris"))
        try await store.setMemberSettings(tom.memberID, MemberSettings(language: nil, timeZone: "Asia/Tokyo"))
        try await store.setMemberSettings(rita.memberID, MemberSettings(language: nil, timeZone: "Europe/Berlin"))
        #expect(try await store.memberSettings(rita.memberID) == MemberSettings(language: nil, timeZone: "Europe/Berlin"))
        #expect(try await store.memberSettings(tom.memberID) == MemberSettings(language: nil, timeZone: "Asia/Tokyo"))
    }
}
