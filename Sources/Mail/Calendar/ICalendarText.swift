import Foundation

/// The text rules of RFC 5545 §3.1–3.3: escaped values, quoted parameters, CRLF lines folded at
/// 75 octets without splitting a UTF-8 character, and date-times.
enum ICalendarText {
    /// The longest content line, in octets, before the CRLF (RFC 5545 §3.1).
    static let lineOctetsMax = 75

    /// A TEXT value (§3.3.11): backslash, semicolon and comma escaped, any line break as `\n`,
    /// other control characters (which the grammar forbids) dropped.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\\": escaped += "\\\\"
            case ";": escaped += "\\;"
            case ",": escaped += "\\,"
            case "\r": escaped += "\\n"
            case "\n": if !previousWasCR { escaped += "\\n" }
            case "\t": escaped.unicodeScalars.append(scalar)
            default:
                if scalar.properties.generalCategory != .control { escaped.unicodeScalars.append(scalar) }
            }
        }
        return escaped
    }

    /// A parameter value (§3.2), always quoted: DQUOTE and control characters cannot appear in
    /// one, so a double quote becomes a single one and controls are dropped.
    static func quotedParameter(_ value: String) -> String {
        var quoted = "\""
        for scalar in value.unicodeScalars where scalar.properties.generalCategory != .control {
            quoted.unicodeScalars.append(scalar == "\"" ? "'" : scalar)
        }
        return quoted + "\""
    }

    /// A URI or CAL-ADDRESS value: not escaped (§3.3.13), but with no control character or space.
    static func uri(_ value: String) -> String {
        String(String.UnicodeScalarView(value.unicodeScalars.filter {
            $0.properties.generalCategory != .control && $0 != " "
        }))
    }

    /// One content line folded (§3.1): each physical line at most 75 octets, continuation lines
    /// starting with a space, never splitting a UTF-8 sequence; every line ends CRLF.
    static func folded(_ line: String) -> String {
        var result = ""
        var octets = 0
        var limit = lineOctetsMax
        for scalar in line.unicodeScalars {
            let width = UTF8.width(scalar)
            if octets + width > limit {
                result += "\r\n "
                octets = 1
                limit = lineOctetsMax
            }
            result.unicodeScalars.append(scalar)
            octets += width
        }
        return result + "\r\n"
    }

    /// `20261203T100000Z`.
    static func utcDateTime(_ date: Date) -> String {
        localDateTime(date, in: utc) + "Z"
    }

    /// `20261203T100000`: the wall-clock time of `date` in `zone` (a FORM #3 value with TZID).
    static func localDateTime(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return digits(parts.year ?? 0, 4) + digits(parts.month ?? 0, 2) + digits(parts.day ?? 0, 2) + "T"
            + digits(parts.hour ?? 0, 2) + digits(parts.minute ?? 0, 2) + digits(parts.second ?? 0, 2)
    }

    /// `+0100`, `-0330` (UTC-OFFSET, §3.3.14; seconds are dropped, as no zone in use has them).
    static func offset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        return sign + digits(minutes / 60, 2) + digits(minutes % 60, 2)
    }

    static let utc = TimeZone(identifier: "UTC")!

    private static func digits(_ value: Int, _ count: Int) -> String {
        let text = String(value)
        return text.count >= count ? text : String(repeating: "0", count: count - text.count) + text
    }
}
