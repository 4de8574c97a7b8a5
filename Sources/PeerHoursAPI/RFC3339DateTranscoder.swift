import Foundation
import OpenAPIRuntime

/// The API's `date-time` values, transcoded without a formatter for the common forms: the
/// generated code turns every date of every request and response through this, and
/// Foundation's `ISO8601DateFormatter` (ICU underneath) was a measurable share of each
/// exchange request's CPU.
///
/// It writes what the runtime's default `.iso8601` transcoder writes — `2026-11-27T10:15:00Z`,
/// UTC, whole seconds (of the instant to the millisecond, rounded down) — and reads the two forms that transcoder accepts for
/// sure: `YYYY-MM-DDTHH:MM:SSZ` and `YYYY-MM-DDTHH:MM:SS±HH:MM`, with a real calendar date and
/// time, in years 1583–9999. Anything else — another spelling, an earlier year (ICU counts
/// those in the Julian calendar), a later one — goes to that default
/// transcoder, so the set of accepted strings and every value read or written is unchanged
/// (`RFC3339DateTranscoderTests` compares the two).
struct RFC3339DateTranscoder: DateTranscoder {
    private let fallback = ISO8601DateTranscoder.iso8601

    func encode(_ date: Date) throws -> String {
        // ICU takes the instant to the nearest millisecond, then drops the fraction.
        let seconds = ((date.timeIntervalSince1970 * 1000).rounded() / 1000).rounded(.down)
        guard seconds.isFinite, let whole = Int64(exactly: seconds), let text = Self.format(whole) else {
            return try fallback.encode(date)
        }
        return text
    }

    func decode(_ text: String) throws -> Date {
        if let seconds = Self.parse(text) { return Date(timeIntervalSince1970: TimeInterval(seconds)) }
        return try fallback.decode(text)
    }

    /// The Gregorian years both transcoders agree on: ICU switches to the Julian calendar
    /// before October 1582.
    static let years: ClosedRange<Int64> = 1583...9999

    /// `YYYY-MM-DDTHH:MM:SSZ` for seconds since 1970 (UTC), or nil outside `years`.
    static func format(_ seconds: Int64) -> String? {
        let (days, secondOfDay) = floorDivision(seconds, 86_400)
        let (year, month, day) = civil(fromDays: days)
        guard years.contains(year) else { return nil }
        var bytes = [UInt8](repeating: 0, count: 20)
        func put(_ value: Int64, at offset: Int, width: Int) {
            var value = value
            for index in stride(from: offset + width - 1, through: offset, by: -1) {
                bytes[index] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
        }
        put(year, at: 0, width: 4)
        put(month, at: 5, width: 2)
        put(day, at: 8, width: 2)
        put(secondOfDay / 3600, at: 11, width: 2)
        put(secondOfDay / 60 % 60, at: 14, width: 2)
        put(secondOfDay % 60, at: 17, width: 2)
        for (index, separator) in [(4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":"), (19, "Z")] as [(Int, Unicode.Scalar)] {
            bytes[index] = UInt8(ascii: separator)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Seconds since 1970 of `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DDTHH:MM:SS±HH:MM`; nil for any
    /// other text, a year outside `years`, an impossible date or time, or an offset beyond ±23:59.
    static func parse(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { bytes -> Int64? in
            guard bytes.count == 20 || bytes.count == 25 else { return nil }
            func number(_ offset: Int, _ width: Int) -> Int64? {
                var value: Int64 = 0
                for index in offset..<(offset + width) {
                    let byte = bytes[index]
                    guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                    value = value * 10 + Int64(byte - UInt8(ascii: "0"))
                }
                return value
            }
            for (index, separator) in [(4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":")] as [(Int, Unicode.Scalar)]
            where bytes[index] != UInt8(ascii: separator) {
                return nil
            }
            guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
                  let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
                  years.contains(year), (1...12).contains(month), day >= 1, day <= daysIn(month: month, of: year),
                  hour <= 23, minute <= 59, second <= 59
            else { return nil }
            var offsetSeconds: Int64 = 0
            if bytes.count == 20 {
                guard bytes[19] == UInt8(ascii: "Z") else { return nil }
            } else {
                let sign = bytes[19]
                guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"), bytes[22] == UInt8(ascii: ":"),
                      let offsetHours = number(20, 2), let offsetMinutes = number(23, 2), offsetHours <= 23, offsetMinutes <= 59
                else { return nil }
                offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (sign == UInt8(ascii: "+") ? 1 : -1)
            }
            return days(fromCivil: year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        }
    }

    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let quotient = value / divisor - (value % divisor < 0 ? 1 : 0)
        return (quotient, value - quotient * divisor)
    }

    static func daysIn(month: Int64, of year: Int64) -> Int64 {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01 (`civil_from_days`).
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
