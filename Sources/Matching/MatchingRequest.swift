/// What the matcher needs to know about one open request and its requester. Mirrors the
/// EXCHANGE.md request (one kind, one mode, exclusions) plus the requester's organisation and
/// preferences about the supporter. Validated on construction with EXCHANGE.md's ranges.
public struct MatchingRequest: Sendable, Hashable {
    public let id: Int64
    public let requesterID: Int64
    public let networkID: Int64
    public let kind: String
    public let topics: [String]
    /// Preferred weekly windows (0–21) in `timeZoneIdentifier`; none means "any time".
    public let preferredWindows: [WeeklyWindow]
    public let timeZoneIdentifier: String
    public let mode: SupportMode
    /// Required when `mode` is `.inPerson`; compared case-insensitively.
    public let area: String?
    /// Languages the requester can use (1–10); a supporter must share at least one.
    public let languages: [String]
    public let durationMinutes: Int
    public let excludeOwnOrganisation: Bool
    public let requesterOrganisationID: String
    public let excludedMemberIDs: Set<Int64>
    /// Professions the requester would prefer in a supporter (scored, not required).
    public let preferredProfessions: Set<String>
    /// Career stages the requester would prefer in a supporter (scored, not required).
    public let preferredCareerStages: Set<CareerStage>

    public init(
        id: Int64, requesterID: Int64, networkID: Int64,
        kind: String, topics: [String],
        preferredWindows: [WeeklyWindow], timeZoneIdentifier: String,
        mode: SupportMode, area: String? = nil, languages: [String],
        durationMinutes: Int = 60,
        excludeOwnOrganisation: Bool = false, requesterOrganisationID: String,
        excludedMemberIDs: Set<Int64> = [],
        preferredProfessions: Set<String> = [], preferredCareerStages: Set<CareerStage> = []
    ) throws(MatchingInputError) {
        guard topics.count <= 10 else { throw .topicCountOutOfRange(topics.count) }
        guard preferredWindows.count <= 21 else { throw .windowCountOutOfRange(preferredWindows.count) }
        guard TimeZoneCache.isKnown(timeZoneIdentifier) else { throw .unknownTimeZone(timeZoneIdentifier) }
        guard mode != .inPerson || !(area ?? "").isEmpty else { throw .inPersonWithoutArea }
        guard (1...10).contains(languages.count) else { throw .languageCountOutOfRange(languages.count) }
        guard (15...240).contains(durationMinutes) else { throw .durationOutOfRange(durationMinutes) }
        guard excludedMemberIDs.count <= 20 else { throw .excludedMemberCountOutOfRange(excludedMemberIDs.count) }
        self.id = id
        self.requesterID = requesterID
        self.networkID = networkID
        self.kind = kind
        self.topics = topics
        self.preferredWindows = preferredWindows
        self.timeZoneIdentifier = timeZoneIdentifier
        self.mode = mode
        self.area = area?.lowercased()
        self.languages = languages
        self.durationMinutes = durationMinutes
        self.excludeOwnOrganisation = excludeOwnOrganisation
        self.requesterOrganisationID = requesterOrganisationID
        self.excludedMemberIDs = excludedMemberIDs
        self.preferredProfessions = preferredProfessions
        self.preferredCareerStages = preferredCareerStages
    }
}
