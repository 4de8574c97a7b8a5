@testable import Matching

/// Hand-built offers and requests for the filter and scoring tests: by default the offer
/// passes every filter for the request; each parameter changes one fact.
enum Scenario {
    static let requesterID: Int64 = 1
    static let supporterID: Int64 = 2
    static let week = try! ReferenceWeek(mondayYear: 2026, month: 6, day: 15)

    static func offer(
        id: Int64 = 100, supporterID: Int64 = supporterID, networkID: Int64 = 10,
        kinds: [String] = ["coaching"], topics: [String] = ["burnout"],
        windows: [(Int, Int, Int)] = [(1, 540, 720)], zone: String = "Europe/London",
        modes: Set<SupportMode> = [.video, .inPerson], area: String? = "Leeds", languages: [String] = ["en"],
        capacity: Int = 120, visibility: OfferVisibility = .network, organisation: String = "practice-b",
        profession: String = "nurse", stage: CareerStage = .mid, load: Int = 0, balance: Int64 = 0
    ) throws -> MatchingOffer {
        try MatchingOffer(
            id: id, supporterID: supporterID, networkID: networkID, kinds: kinds, topics: topics,
            availability: windows.map { try WeeklyWindow(weekday: $0.0, startMinute: $0.1, endMinute: $0.2) },
            timeZoneIdentifier: zone, modes: modes, area: area, languages: languages,
            remainingCapacityMinutes: capacity, visibility: visibility,
            supporterOrganisationID: organisation, supporterProfession: profession,
            supporterCareerStage: stage, supporterLoadMinutesThisMonth: load, supporterBalanceMinutes: balance)
    }

    static func request(
        requesterID: Int64 = requesterID, networkID: Int64 = 10, kind: String = "coaching",
        topics: [String] = ["burnout"], windows: [(Int, Int, Int)] = [(1, 540, 720)],
        zone: String = "Europe/London", mode: SupportMode = .video, area: String? = nil,
        languages: [String] = ["en"], duration: Int = 60, excludeOwnOrganisation: Bool = false,
        organisation: String = "practice-a", excluded: Set<Int64> = [],
        professions: Set<String> = [], stages: Set<CareerStage> = []
    ) throws -> MatchingRequest {
        try MatchingRequest(
            id: 1, requesterID: requesterID, networkID: networkID, kind: kind, topics: topics,
            preferredWindows: windows.map { try WeeklyWindow(weekday: $0.0, startMinute: $0.1, endMinute: $0.2) },
            timeZoneIdentifier: zone, mode: mode, area: area, languages: languages,
            durationMinutes: duration, excludeOwnOrganisation: excludeOwnOrganisation,
            requesterOrganisationID: organisation, excludedMemberIDs: excluded,
            preferredProfessions: professions, preferredCareerStages: stages)
    }

    static func matcher(_ offers: [MatchingOffer], context: MatchingContext = MatchingContext()) throws -> OfferMatcher {
        OfferMatcher(index: try MatchingIndex(offers: offers, referenceWeek: week), context: context)
    }
}
