import Crypto
import Exchange
import Foundation
import Outbox
import Testing

@Suite struct NoticePreferenceTests {
    /// Proves every category reads as its default until chosen, a change stores only the given
    /// categories (the others keep theirs), is the member's own, and a later change replaces it.
    @Test func choicesDefaultAndChange() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let rita = try await world.member("Rita", in: network)
        let tom = try await world.member("Tom", in: network)
        let service = world.domain.noticePreferences
        let defaults = Dictionary(uniqueKeysWithValues: NoticeCategory.allCases.map { ($0, $0.defaultFrequency) })
        #expect(try await service.preferences(rita) == defaults)
        #expect(defaults[.weeklyDigest] == .never && defaults[.messages] == .immediately)

        let changed = try await service.updatePreferences(rita, [.messages: .daily, .weeklyDigest: .immediately])
        var expected = defaults
        expected[.messages] = .daily
        expected[.weeklyDigest] = .immediately
        #expect(changed == expected)
        #expect(try await service.preferences(rita) == expected)
        #expect(try await service.preferences(tom) == defaults)

        _ = try await service.updatePreferences(rita, [.messages: .never])
        expected[.messages] = .never
        #expect(try await world.store.noticePreferences(memberID: rita.memberID) == expected)
    }

    /// Proves coordinators' categories are offered to coordinators and administrators only.
    @Test func coordinatorsAreOfferedTheirCategories() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let rita = try await world.member("Rita", in: network)
        let lead = try await world.member("Lee", in: network, role: .coordinator)
        let service = world.domain.noticePreferences
        #expect(try await service.offeredCategories(rita) == [.messages, .reminders, .groupSessions, .weeklyDigest])
        #expect(try await service.offeredCategories(lead) == NoticeCategory.allCases)
        #expect(try await service.offeredCategories(world.admin) == NoticeCategory.allCases)
    }

    /// Proves a verified unsubscribe sets that one category to never (twice is the same), and a
    /// member who does not exist is not found and nothing is stored.
    @Test func unsubscribeSetsOneCategoryToNever() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let rita = try await world.member("Rita", in: network)
        let service = world.domain.noticePreferences
        for _ in 0..<2 { try await service.unsubscribe(memberID: rita.memberID, category: .reminders) }
        let choices = try await service.preferences(rita)
        #expect(choices[.reminders] == .never)
        #expect(choices[.messages] == .immediately)
        let error = await refusal { try await service.unsubscribe(memberID: MemberID(9_999), category: .messages) }
        guard case .notFound = error else {
            Issue.record("expected notFound, got \(String(describing: error))")
            return
        }
    }
}

@Suite struct NoticeLinkSignerTests {
    static let key = SymmetricKey(data: Data((0..<32).map { UInt8($0) }))
    static let signer = NoticeLinkSigner(key: key)

    /// Proves a path names the member and category, and verifies back to them for every category.
    @Test(arguments: NoticeCategory.allCases) func roundTrips(category: NoticeCategory) throws {
        let path = Self.signer.unsubscribePath(memberID: MemberID(42), category: category)
        #expect(path.hasPrefix("/email/unsubscribe/"))
        let token = String(path.dropFirst("/email/unsubscribe/".count))
        #expect(token.utf8.allSatisfy { $0 < 128 } && !token.contains("=") && !token.contains("/") && !token.contains("+"))
        let named = try #require(Self.signer.verify(token))
        #expect(named.memberID == MemberID(42) && named.category == category)
    }

    /// Proves any change to a token's bytes, another key's token, an empty, malformed or overlong
    /// token, and a valid MAC over another member's id are all refused.
    @Test func refusesWhatItDidNotSign() throws {
        let token = Self.signer.token(memberID: MemberID(42), category: .messages)
        var bytes = try #require(Self.decode(token))
        for index in bytes.indices {
            bytes[index] ^= 0x01
            #expect(Self.signer.verify(Self.encode(bytes)) == nil, "flipped byte \(index)")
            bytes[index] ^= 0x01
        }
        #expect(Self.signer.verify(Self.encode(bytes)) != nil)
        let other = NoticeLinkSigner(key: SymmetricKey(size: .bits256))
        #expect(Self.signer.verify(other.token(memberID: MemberID(42), category: .messages)) == nil)
        for bad in ["", "a", "!!!!", token + "A", String(token.dropLast()), String(repeating: "A", count: 500), token + "="] {
            #expect(Self.signer.verify(bad) == nil, "\(bad.prefix(20))")
        }
        // The category is inside the MAC: the same bytes with another category's name fail.
        let messages = try #require(Self.decode(token))
        var swapped = messages.prefix(9) + Data("reminders".utf8) + messages.suffix(32)
        #expect(Self.signer.verify(Self.encode(swapped)) == nil)
        swapped = Data([1, 0, 0, 0, 0, 0, 0, 0, 43]) + messages.dropFirst(9)
        #expect(Self.signer.verify(Self.encode(swapped)) == nil)
    }

    static func decode(_ token: String) -> Data? {
        var text = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        text += String(repeating: "=", count: (4 - text.count % 4) % 4)
        return Data(base64Encoded: text)
    }

    static func encode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
