import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import PeerHoursAPI

struct SettingsWire: Codable, Equatable {
    var language: String?
    var timeZone: String
}

@Suite struct MemberSettingsAPITests {
    // Proves over HTTP: the defaults (no language, Europe/London) until changed; a PUT (no
    // Idempotency-Key) stores the caller's own settings and answers them, read back by GET and
    // not seen by another member; repeating it changes nothing; leaving the language out clears it.
    @Test func settingsAreTheCallersOwn() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let north = try await fixture.network("north-gp")
        let rae = try await fixture.member("Rae", in: north)
        let sol = try await fixture.member("Sol", in: north)
        try await fixture.application().test(.router) { client in
            let raeToken = try await client.logIn(rae)
            let solToken = try await client.logIn(sol)
            #expect(try await client.send(.get, "/me/settings", token: raeToken).json(SettingsWire.self)
                == SettingsWire(language: nil, timeZone: "Europe/London"))
            let wanted = #"{"language":"cy","timeZone":"Europe/Dublin"}"#
            for _ in 0..<2 {
                let put = try await client.send(.put, "/me/settings", json: wanted, token: raeToken)
                #expect(put.status == .ok)
                #expect(try put.json(SettingsWire.self) == SettingsWire(language: "cy", timeZone: "Europe/Dublin"))
            }
            #expect(try await client.send(.get, "/me/settings", token: raeToken).json(SettingsWire.self)
                == SettingsWire(language: "cy", timeZone: "Europe/Dublin"))
            #expect(try await client.send(.get, "/me/settings", token: solToken).json(SettingsWire.self)
                == SettingsWire(language: nil, timeZone: "Europe/London"))
            let cleared = try await client.send(.put, "/me/settings", json: #"{"timeZone":"Asia/Tokyo"}"#, token: raeToken)
            #expect(try cleared.json(SettingsWire.self) == SettingsWire(language: nil, timeZone: "Asia/Tokyo"))
        }
    }

    // Proves an unknown time zone (well formed, so the domain decides) and a malformed language
    // are refused with 400 naming the field, and nothing is stored.
    @Test func invalidSettingsAreRefused() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let north = try await fixture.network("north-gp")
        let rae = try await fixture.member("Rae", in: north)
        try await fixture.application().test(.router) { client in
            let token = try await client.logIn(rae)
            let unknownZone = try await client.send(.put, "/me/settings", json: #"{"timeZone":"Mars/Olympus_Mons"}"#, token: token)
            #expect(unknownZone.status == .badRequest)
            #expect(try unknownZone.json(FieldErrorsBody.self).errors?.map(\.pointer) == ["/timeZone"])
            let badLanguage = try await client.send(.put, "/me/settings", json: #"{"language":"en_GB!","timeZone":"Europe/London"}"#, token: token)
            #expect(badLanguage.status == .badRequest)
            let missingZone = try await client.send(.put, "/me/settings", json: #"{"language":"cy"}"#, token: token)
            #expect(missingZone.status == .badRequest)
            #expect(try await client.send(.get, "/me/settings", token: token).json(SettingsWire.self)
                == SettingsWire(language: nil, timeZone: "Europe/London"))
        }
    }
}
