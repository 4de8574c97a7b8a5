import Foundation

/// A member's own preferences for how the app speaks to them.
public struct MemberSettings: Sendable, Hashable, Codable {
    /// The time zone of a member who never chose one.
    public static let defaultTimeZone = "Europe/London"
    /// The longest language tag accepted (BCP 47 tags in use are far shorter).
    public static let languageLengthMax = 35
    /// The longest time-zone identifier accepted (IANA names are at most about 30 characters).
    public static let timeZoneLengthMax = 64
    /// What a member who never changed anything has: their browser's language, Europe/London.
    public static let standard = MemberSettings(language: nil, timeZone: defaultTimeZone)

    /// A BCP 47 language tag (e.g. `en-GB`, `cy`); nil: the language their browser asks for.
    public var language: String?
    /// An IANA time-zone identifier, e.g. `Europe/London`.
    public var timeZone: String

    public init(language: String?, timeZone: String) {
        self.language = language
        self.timeZone = timeZone
    }

    /// Every rule these settings break (empty when they are valid): `language` at most 35
    /// characters of letters, digits and hyphens (or nil); `timeZone` an IANA-style name (letters,
    /// digits, `_+-/`, at most 64) the system knows.
    public var validationErrors: [ValidationError] {
        var errors: [ValidationError] = []
        if let language {
            let allowed = language.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }
            if language.isEmpty || language.count > Self.languageLengthMax || !allowed {
                errors.append(ValidationError(field: "language",
                    reason: "must be a language tag of 1 to \(Self.languageLengthMax) letters, digits and hyphens"))
            }
        }
        // The characters of IANA names (as the API's TimeZoneID says): a system that also knows
        // "GMT-05:00" does not make it a name this app stores.
        let named = timeZone.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_+-/".unicodeScalars.contains($0))
        }
        if timeZone.isEmpty || timeZone.count > Self.timeZoneLengthMax || !named || TimeZone(identifier: timeZone) == nil {
            errors.append(ValidationError(field: "timeZone", reason: "must be a time zone the server knows, e.g. Europe/London"))
        }
        return errors
    }
}
