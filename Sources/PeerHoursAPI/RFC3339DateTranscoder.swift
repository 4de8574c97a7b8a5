import Exchange
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
        do {
            return try fallback.decode(text)
        } catch {
            // The JSON decoder drops the field's path from a date strategy's error;
            // DateTimeProblemMiddleware finds the field by this text.
            throw InvalidDateTimeError(text: text)
        }
    }

    /// The Gregorian years both transcoders agree on: ICU switches to the Julian calendar
    /// before October 1582.
    static let years: ClosedRange<Int> = 1583...9999

    /// `YYYY-MM-DDTHH:MM:SSZ` for seconds since 1970 (UTC), or nil outside `years`.
    static func format(_ seconds: Int64) -> String? {
        let (days, secondOfDay) = CivilCalendar.day(holding: seconds)
        let (year, month, day) = CivilCalendar.date(days: days)
        guard years.contains(year) else { return nil }
        var bytes = [UInt8](repeating: 0, count: 20)
        func put(_ value: Int64, at offset: Int, width: Int) {
            var value = value
            for index in stride(from: offset + width - 1, through: offset, by: -1) {
                bytes[index] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
        }
        put(Int64(year), at: 0, width: 4)
        put(Int64(month), at: 5, width: 2)
        put(Int64(day), at: 8, width: 2)
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
                  years.contains(Int(year)), (1...12).contains(month), day >= 1,
                  day <= CivilCalendar.daysIn(month: Int(month), year: Int(year)),
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
            return CivilCalendar.days(year: Int(year), month: Int(month), day: Int(day)) * CivilCalendar.secondsPerDay
                + hour * 3600 + minute * 60 + second - offsetSeconds
        }
    }
}

/// A date-time the API cannot read; the field is named by `DateTimeProblemMiddleware`.
struct InvalidDateTimeError: Error, Sendable, Hashable {
    static let example = "2026-12-01T09:00:00Z"
    var text: String

    /// What every refusal of a date-time says, after the field's name.
    static let expectation = "must be an RFC 3339 date-time such as \(example) (or with an offset, 2026-12-01T09:00:00+01:00)"

    var quotedText: String { text.count <= 40 ? "\"\(text)\"" : "\"\(text.prefix(40))…\"" }
}
