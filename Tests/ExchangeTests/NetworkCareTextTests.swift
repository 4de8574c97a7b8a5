import Exchange
import Foundation
import Ledger
import Testing

@Suite struct NetworkCareTextTests {
    static let samaritans = Signpost(name: "Samaritans", how: "Call 116 123", about: "Someone to listen, day or night.")

    // Proves a network's texts are empty until its coordinator saves them; that a save is stored
    // trimmed (a blank notice none), read back without an actor, by slug and for each active
    // member's networks; that another network's texts are its own; and that the save is audited
    // with no text in the detail.
    @Test func coordinatorsWriteAndAnyoneReads() async throws {
        let world = try await World()
        defer { world.remove() }
        let north = try await world.network("north-wellbeing")
        let south = try await world.network("south-wellbeing")
        let lead = try await world.member("Nia", in: north, role: .coordinator)
        let rae = try await world.member("Rae", in: north)
        let service = world.domain.careTexts
        #expect(try await service.texts(networkID: north.id) == NetworkCareTexts())

        let typed = NetworkCareTexts(
            signposts: [Signpost(name: "  Samaritans ", how: "Call 116 123\n", about: " Someone to listen, day or night. ")],
            privacyNotice: "  \n ")
        let stored = try await service.update(lead, networkID: north.id, typed)
        #expect(stored.signposts == [Self.samaritans] && stored.privacyNotice == nil && stored.updatedAt == world.now)
        #expect(try await service.texts(networkID: north.id) == stored)
        #expect(try await service.texts(networkID: south.id) == NetworkCareTexts())

        let notice = "We keep your profile.\n\nAsk Nia to see what we hold."
        _ = try await service.update(lead, networkID: north.id, NetworkCareTexts(signposts: [], privacyNotice: notice))
        let bySlug = try #require(try await service.published(slug: "north-wellbeing"))
        #expect(bySlug.name == north.name && bySlug.texts.privacyNotice == notice && bySlug.texts.signposts.isEmpty)
        #expect(try await service.published(slug: "nowhere") == nil)
        #expect(try await service.published(slug: "../x") == nil)
        #expect(try await service.published(memberOf: rae).map(\.networkID) == [north.id])

        let trail = try await world.domain.audit.trail(lead, networkID: north.id).items.filter { $0.action == .careTextsUpdated }
        #expect(trail.count == 2 && trail.allSatisfy { $0.detail == nil })
    }

    // Proves who may change them: a plain member is forbidden, a coordinator of another network
    // and a stranger are not told the network exists; a network that does not exist is 404 to
    // read; nothing is stored by any refusal.
    @Test func onlyTheNetworksCoordinatorsWrite() async throws {
        let world = try await World()
        defer { world.remove() }
        let north = try await world.network("north-wellbeing")
        let south = try await world.network("south-wellbeing")
        let rae = try await world.member("Rae", in: north)
        let sol = try await world.member("Sol", in: south, role: .coordinator)
        let service = world.domain.careTexts
        let texts = NetworkCareTexts(signposts: [Self.samaritans])
        #expect(await refusal { _ = try await service.update(rae, networkID: north.id, texts) }?.isForbidden == true)
        #expect(await refusal { _ = try await service.update(sol, networkID: north.id, texts) }?.isNotFound == true)
        #expect(await refusal { _ = try await service.texts(networkID: NetworkID(9_999)) }?.isNotFound == true)
        #expect(try await service.texts(networkID: north.id) == NetworkCareTexts())
    }

    // Proves the limits, each refusal naming its field: 12 signposts at most; a name of 1–80
    // characters on one line; how to reach it 1–160 on one line; what it is for up to 300; a
    // notice up to 8,000; no control characters. The longest of each is accepted.
    @Test func limitsNameTheirField() async throws {
        let world = try await World()
        defer { world.remove() }
        let north = try await world.network("north-wellbeing")
        let lead = try await world.member("Nia", in: north, role: .coordinator)
        let service = world.domain.careTexts
        let ok = Self.samaritans
        let cases: [(NetworkCareTexts, String)] = [
            (NetworkCareTexts(signposts: Array(repeating: ok, count: 13)), "signposts"),
            (NetworkCareTexts(signposts: [ok, Signpost(name: " ", how: "x", about: "")]), "signposts[1].name"),
            (NetworkCareTexts(signposts: [Signpost(name: String(repeating: "a", count: 81), how: "x", about: "")]), "signposts[0].name"),
            (NetworkCareTexts(signposts: [Signpost(name: "Two\nlines", how: "x", about: "")]), "signposts[0].name"),
            (NetworkCareTexts(signposts: [Signpost(name: "A", how: "", about: "")]), "signposts[0].how"),
            (NetworkCareTexts(signposts: [Signpost(name: "A", how: String(repeating: "1", count: 161), about: "")]), "signposts[0].how"),
            (NetworkCareTexts(signposts: [Signpost(name: "A", how: "Call\n111", about: "")]), "signposts[0].how"),
            (NetworkCareTexts(signposts: [Signpost(name: "A", how: "x", about: String(repeating: "b", count: 301))]), "signposts[0].about"),
            (NetworkCareTexts(signposts: [Signpost(name: "A\u{7}", how: "x", about: "")]), "signposts[0].name"),
            (NetworkCareTexts(privacyNotice: String(repeating: "p", count: 8_001)), "privacyNotice"),
        ]
        for (texts, field) in cases {
            let error = await refusal { _ = try await service.update(lead, networkID: north.id, texts) }
            #expect(error?.validationField == field, "\(field)")
        }
        #expect(try await service.texts(networkID: north.id) == NetworkCareTexts())
        let longest = NetworkCareTexts(
            signposts: Array(repeating: Signpost(name: String(repeating: "a", count: 80), how: String(repeating: "1", count: 160),
                                                 about: String(repeating: "b", count: 300)), count: 12),
            privacyNotice: String(repeating: "p", count: 8_000))
        #expect(try await service.update(lead, networkID: north.id, longest).signposts.count == 12)
    }
}
