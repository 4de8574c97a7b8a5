import Foundation

/// What the matcher needs to know about one active offer and its supporter: the facts of an
/// EXCHANGE.md offer plus the supporter's profile and this month's figures. Plain values, no
/// personal text beyond profession; validated on construction with EXCHANGE.md's ranges.
public struct MatchingOffer: Sendable, Hashable {
    public let id: Int64
    public let supporterID: Int64
    public let networkID: Int64
    /// Support kinds (1–5), e.g. `coaching`, `peer_support`.
    public let kinds: [String]
    /// Topic tags (0–10).
    public let topics: [String]
    /// Weekly availability (1–21 windows) in `timeZoneIdentifier`.
    public let availability: [WeeklyWindow]
    /// IANA time zone of the availability windows.
    public let timeZoneIdentifier: String
    public let modes: Set<SupportMode>
    /// Where in-person sessions can happen; required when `modes` contains `.inPerson`.
    /// Compared case-insensitively.
    public let area: String?
    public let languages: [String]
    /// Minutes the supporter can still give this month (capacity minus what is booked).
    public let remainingCapacityMinutes: Int
    public let visibility: OfferVisibility
    /// Opaque organisation key (the domain's organisation, e.g. a practice).
    public let supporterOrganisationID: String
    public let supporterProfession: String
    public let supporterCareerStage: CareerStage
    /// Minutes the supporter has given or booked this month, over all offers.
    public let supporterLoadMinutesThisMonth: Int
    /// The supporter's ledger balance in minutes (may be negative).
    public let supporterBalanceMinutes: Int64

    public init(
        id: Int64, supporterID: Int64, networkID: Int64,
        kinds: [String], topics: [String],
        availability: [WeeklyWindow], timeZoneIdentifier: String,
        modes: Set<SupportMode>, area: String? = nil, languages: [String],
        remainingCapacityMinutes: Int, visibility: OfferVisibility,
        supporterOrganisationID: String, supporterProfession: String,
        supporterCareerStage: CareerStage,
        supporterLoadMinutesThisMonth: Int = 0, supporterBalanceMinutes: Int64 = 0
    ) throws(MatchingInputError) {
        guard (1...5).contains(kinds.count) else { throw .kindCountOutOfRange(kinds.count) }
        guard topics.count <= 10 else { throw .topicCountOutOfRange(topics.count) }
        guard (1...21).contains(availability.count) else { throw .windowCountOutOfRange(availability.count) }
        guard TimeZoneCache.isKnown(timeZoneIdentifier) else { throw .unknownTimeZone(timeZoneIdentifier) }
        guard (1...3).contains(modes.count) else { throw .modeCountOutOfRange(modes.count) }
        guard !modes.contains(.inPerson) || !(area ?? "").isEmpty else { throw .inPersonWithoutArea }
        guard (1...10).contains(languages.count) else { throw .languageCountOutOfRange(languages.count) }
        // 40 hours a month is the largest capacity EXCHANGE.md allows.
        guard (0...(40 * 60)).contains(remainingCapacityMinutes) else {
            throw .capacityOutOfRange(remainingCapacityMinutes)
        }
        self.id = id
        self.supporterID = supporterID
        self.networkID = networkID
        self.kinds = kinds
        self.topics = topics
        self.availability = availability
        self.timeZoneIdentifier = timeZoneIdentifier
        self.modes = modes
        self.area = area?.lowercased()
        self.languages = languages
        self.remainingCapacityMinutes = remainingCapacityMinutes
        self.visibility = visibility
        self.supporterOrganisationID = supporterOrganisationID
        self.supporterProfession = supporterProfession
        self.supporterCareerStage = supporterCareerStage
        self.supporterLoadMinutesThisMonth = max(0, supporterLoadMinutesThisMonth)
        self.supporterBalanceMinutes = supporterBalanceMinutes
    }
}
