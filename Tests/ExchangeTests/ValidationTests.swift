import Exchange
import Foundation
import Ledger
import Testing

private let validOffer = OfferDetails(
    title: "Coaching", kinds: ["coaching"], topics: ["leadership"],
    availability: [AvailabilityWindow(weekday: 1, startMinute: 540, endMinute: 600)], timeZone: "Europe/London",
    modes: [.video], languages: ["en"], capacityHoursPerMonth: 2)

private let validRequest = RequestDetails(kind: "coaching", timeZone: "Europe/London", mode: .video, language: "en")

private func long(_ count: Int) -> String { String(repeating: "x", count: count) }

@Suite struct ValidationTests {
    // Proves every network field limit is refused with the field's name (slug pattern and length,
    // name length, floor, ceiling, welcome grant, auto-confirm days, grace).
    @Test(arguments: [
        ("slug", { @Sendable (draft: inout NetworkDraft) in draft.slug = "ab" }),
        ("slug", { $0.slug = "Has-Capitals" }),
        ("slug", { $0.slug = long(41) }),
        ("name", { $0.name = "" }),
        ("name", { $0.name = long(101) }),
        ("policy.creditFloorMinutes", { $0.policy.creditFloorMinutes = 1 }),
        ("policy.ceilingMinutes", { $0.policy.ceilingMinutes = -1 }),
        ("policy.ceilingMinutes", { $0.policy.ceilingMinutes = 60 }),
        ("policy.welcomeGrantMinutes", { $0.policy.welcomeGrantMinutes = 601 }),
        ("policy.autoConfirmDays", { $0.policy.autoConfirmDays = 0 }),
        ("policy.autoConfirmDays", { $0.policy.autoConfirmDays = 31 }),
        ("policy.graceMinutes", { $0.policy.graceMinutes = -1 }),
    ] as [(String, @Sendable (inout NetworkDraft) -> Void)])
    func networkLimits(field: String, mutate: @Sendable (inout NetworkDraft) -> Void) async throws {
        let world = try await World()
        defer { world.remove() }
        var draft = NetworkDraft(slug: "valid-slug", name: "Valid")
        mutate(&draft)
        let error = await refusal { _ = try await world.domain.networks.createNetwork(world.admin, draft) }
        #expect(error?.validationField == field)
        #expect(try await world.store.networks(only: nil, afterID: nil, limit: 10).isEmpty)
    }

    // Proves every profile field limit (names, profession, organisation, languages, bio).
    @Test(arguments: [
        ("displayName", { @Sendable (profile: inout MemberProfile) in profile.displayName = " " }),
        ("displayName", { $0.displayName = long(81) }),
        ("profession", { $0.profession = long(81) }),
        ("organisation", { $0.organisation = long(121) }),
        ("languages", { $0.languages = [] }),
        ("languages", { $0.languages = Array(repeating: "en", count: 11) }),
        ("languages[0]", { $0.languages = ["english"] }),
        ("languages[0]", { $0.languages = ["pt-br"] }),
        ("languages", { $0.languages = ["en", "en"] }),
        ("bio", { $0.bio = long(501) }),
    ] as [(String, @Sendable (inout MemberProfile) -> Void)])
    func profileLimits(field: String, mutate: @Sendable (inout MemberProfile) -> Void) async throws {
        let world = try await World()
        defer { world.remove() }
        var value = profile("Valid")
        mutate(&value)
        #expect(await refusal { _ = try await world.domain.members.createMember(world.admin, value) }?.validationField == field)
    }

    // Proves every offer field limit (title, kinds, topics, windows, time zone, modes, area,
    // languages, capacity).
    @Test(arguments: [
        ("title", { @Sendable (offer: inout OfferDetails) in offer.title = long(121) }),
        ("kinds", { $0.kinds = [] }),
        ("kinds", { $0.kinds = ["coaching", "mentoring", "peer_support", "reflective_practice", "career_guidance", "coaching"] }),
        ("kinds[0]", { $0.kinds = ["astrology"] }),
        ("topics", { $0.topics = (0..<11).map { "topic-\($0)" } }),
        ("topics[0]", { $0.topics = ["x"] }),
        ("topics[0]", { $0.topics = ["No Spaces"] }),
        ("availability", { $0.availability = [] }),
        ("availability", { $0.availability = Array(repeating: AvailabilityWindow(weekday: 1, startMinute: 0, endMinute: 60), count: 22) }),
        ("availability[0].weekday", { $0.availability = [AvailabilityWindow(weekday: 8, startMinute: 0, endMinute: 60)] }),
        ("availability[0].endMinute", { $0.availability = [AvailabilityWindow(weekday: 1, startMinute: 0, endMinute: 1441)] }),
        ("availability[0]", { $0.availability = [AvailabilityWindow(weekday: 1, startMinute: 600, endMinute: 600)] }),
        ("timeZone", { $0.timeZone = "Mars/Olympus" }),
        ("modes", { $0.modes = [] }),
        ("modes", { $0.modes = [.video, .video] }),
        ("area", { $0.modes = [.inPerson] }),
        ("area", { $0.modes = [.inPerson]; $0.area = long(81) }),
        ("languages", { $0.languages = [] }),
        ("capacityHoursPerMonth", { $0.capacityHoursPerMonth = 0 }),
        ("capacityHoursPerMonth", { $0.capacityHoursPerMonth = 41 }),
    ] as [(String, @Sendable (inout OfferDetails) -> Void)])
    func offerLimits(field: String, mutate: @Sendable (inout OfferDetails) -> Void) async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let nurse = try await world.member("Nia", in: network)
        var details = validOffer
        mutate(&details)
        #expect(await refusal { _ = try await world.domain.offers.createOffer(nurse, networkID: network.id, details) }?.validationField == field)
        #expect(try await world.domain.offers.myOffers(nurse).items.isEmpty)
    }

    // Proves every request field limit (kind, topics, windows, time zone, language, duration,
    // exclusions, description).
    @Test(arguments: [
        ("kind", { @Sendable (request: inout RequestDetails) in request.kind = "astrology" }),
        ("topics[0]", { $0.topics = ["-"] }),
        ("preferredWindows", { $0.preferredWindows = Array(repeating: AvailabilityWindow(weekday: 1, startMinute: 0, endMinute: 60), count: 22) }),
        ("timeZone", { $0.timeZone = "Nowhere" }),
        ("language", { $0.language = "EN" }),
        ("durationMinutes", { $0.durationMinutes = 14 }),
        ("durationMinutes", { $0.durationMinutes = 241 }),
        ("excludedMemberIDs", { $0.excludedMemberIDs = (1...21).map { MemberID(Int64($0)) } }),
        ("excludedMemberIDs[0]", { $0.excludedMemberIDs = [MemberID(0)] }),
        ("description", { $0.description = long(2001) }),
    ] as [(String, @Sendable (inout RequestDetails) -> Void)])
    func requestLimits(field: String, mutate: @Sendable (inout RequestDetails) -> Void) async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let gp = try await world.member("Grace", in: network)
        var details = validRequest
        mutate(&details)
        #expect(await refusal { _ = try await world.domain.requests.createRequest(gp, networkID: network.id, details) }?.validationField == field)
        #expect(try await world.domain.requests.myRequests(gp).items.isEmpty)
    }

    // Proves the group-session, proposal, search and support-kind limits.
    @Test func otherLimits() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let fay = try await world.member("Fay", in: network)
        let pat = try await world.member("Pat", in: network)
        let soon = world.now.addingTimeInterval(3600)
        let sessions = world.domain.groupSessions
        func draft(_ title: String = "Circle", minutes: Int64 = 60, participants: [MemberID]) -> GroupSessionDraft {
            GroupSessionDraft(networkID: network.id, title: title, scheduledStart: soon, durationMinutes: minutes, participantIDs: participants)
        }
        #expect(await refusal { _ = try await sessions.createGroupSession(fay, draft(participants: [pat.memberID])) }?.validationField == "participantIDs")
        #expect(await refusal { _ = try await sessions.createGroupSession(fay, draft(participants: [pat.memberID, fay.memberID])) }?.validationField == "participantIDs")
        #expect(await refusal { _ = try await sessions.createGroupSession(fay, draft(long(121), participants: [pat.memberID, MemberID(999)])) }?.validationField == "title")
        #expect(await refusal { _ = try await sessions.createGroupSession(fay, draft(minutes: 241, participants: [pat.memberID, MemberID(999)])) }?.validationField == "durationMinutes")
        #expect(await refusal { _ = try await sessions.createGroupSession(fay, draft(participants: [pat.memberID, MemberID(999)])) }?.validationField == "participantIDs[1]")

        let offer = try await world.offer(fay, in: network)
        let exchanges = world.domain.exchanges
        #expect(await refusal { _ = try await exchanges.propose(pat, ExchangeProposal(offerID: offer.id, scheduledStart: soon, durationMinutes: 10)) }?.validationField == "durationMinutes")
        #expect(await refusal { _ = try await exchanges.propose(pat, ExchangeProposal(offerID: offer.id, scheduledStart: soon.addingTimeInterval(400 * 86_400))) }?.validationField == "scheduledStart")
        #expect(await refusal { _ = try await world.domain.search.searchOffers(pat, SearchFilters(text: long(201))) }?.validationField == "text")
        #expect(await refusal { _ = try await world.domain.search.searchOffers(pat, SearchFilters(text: "a b c d e f g h i")) }?.validationField == "text")
        #expect(await refusal { _ = try await world.domain.search.searchOffers(pat, SearchFilters(), page: PageRequest(size: 0)) }?.validationField == "pageSize")
        #expect(await refusal { _ = try await world.domain.networks.addSupportKind(world.admin, "Art") }?.validationField == "name")
    }
}
