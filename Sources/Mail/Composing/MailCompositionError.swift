/// Why a `MailMessage` cannot be written as RFC 5322 bytes. Never carries the offending value
/// (it may be an address): only which field and which rule.
public enum MailCompositionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// "from" or "to": empty, not ASCII, with CR/LF, angle brackets, spaces or other specials,
    /// or over RFC 5321's lengths.
    case invalidAddress(field: String)
    /// Not `<local@domain>` in printable ASCII without spaces, or over `MailLimits.messageIDOctetsMax`.
    case invalidMessageID
    /// Not an http(s) URL in printable ASCII without spaces or angle brackets, or too long.
    case invalidUnsubscribeURL
    /// The calendar's method is not an iCalendar method name (upper-case letters).
    case invalidCalendarMethod
    /// A field over its limit (`MailLimits`).
    case tooLong(field: String, limitOctets: Int)

    public var description: String {
        switch self {
        case .invalidAddress(let field): "invalid \(field) address"
        case .invalidMessageID: "invalid Message-ID"
        case .invalidUnsubscribeURL: "invalid unsubscribe URL"
        case .invalidCalendarMethod: "invalid calendar method"
        case .tooLong(let field, let limit): "\(field) over \(limit) octets"
        }
    }
}

/// The limits a composed message keeps (STYLE.md: a limit on everything).
public enum MailLimits {
    /// RFC 5321 §4.5.3.1.3 (a path) less its angle brackets.
    public static let addressOctetsMax = 254
    public static let localPartOctetsMax = 64
    public static let displayNameOctetsMax = 256
    public static let subjectOctetsMax = 998
    public static let messageIDOctetsMax = 250
    public static let unsubscribeURLOctetsMax = 900
    /// Each of the text body, the HTML body and the calendar, as UTF-8.
    public static let bodyOctetsMax = 2_000_000
    /// RFC 5322 §2.1.1: no line longer than this, CRLF excluded.
    public static let lineOctetsMax = 998
    /// RFC 5322 §2.1.1's recommendation, which headers keep when they can.
    public static let headerFoldColumns = 78
}
