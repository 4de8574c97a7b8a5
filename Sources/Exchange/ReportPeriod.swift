import Foundation

/// The days a report covers: `from` through `to`, both whole UTC days, inclusive.
public struct ReportPeriod: Sendable, Hashable {
    /// A period is at most about three years long.
    public static let daysMax = 1_100
    public static let secondsPerDay: Int64 = 86_400

    /// Midnight (UTC) starting `from`, and midnight ending `to`, in seconds since the epoch.
    public let startSeconds: Int64
    public let endSeconds: Int64

    public var from: String { Self.day(startSeconds) }
    public var to: String { Self.day(endSeconds - Self.secondsPerDay) }
    public var days: Int64 { (endSeconds - startSeconds) / Self.secondsPerDay }

    public init(startSeconds: Int64, endSeconds: Int64) {
        precondition(startSeconds % Self.secondsPerDay == 0 && endSeconds % Self.secondsPerDay == 0, "whole days")
        precondition(startSeconds < endSeconds, "at least one day")
        self.startSeconds = startSeconds
        self.endSeconds = endSeconds
    }

    /// From optional `YYYY-MM-DD` texts. Without `to`: the day of `now`. Without `from`: the first
    /// day of the month eleven months before `to`'s, so the default is twelve calendar months.
    public static func parse(from: String?, to: String?, now: Date) throws(ExchangeError) -> ReportPeriod {
        let today = Int64(now.timeIntervalSince1970.rounded(.down)).floorDivided(by: secondsPerDay) * secondsPerDay
        let end = try to.map { text throws(ExchangeError) in try dayStart(text, field: "to") } ?? today
        let start = try from.map { text throws(ExchangeError) in try dayStart(text, field: "from") } ?? firstOfMonth(elevenBefore: end)
        guard start <= end else { throw ExchangeError.invalid("from", "must be on or before to") }
        let period = ReportPeriod(startSeconds: start, endSeconds: end + secondsPerDay)
        guard period.days <= Int64(daysMax) else {
            throw ExchangeError.invalid("from", "a period is at most \(daysMax) days")
        }
        return period
    }

    /// Seconds at midnight (UTC) starting the day `YYYY-MM-DD`; years 2000–2199 only.
    static func dayStart(_ text: String, field: String) throws(ExchangeError) -> Int64 {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (2000...2199).contains(year), (1...12).contains(month), (1...daysIn(month, year)).contains(day)
        else { throw ExchangeError.invalid(field, "must be a day YYYY-MM-DD between 2000-01-01 and 2199-12-31") }
        return daysFromCivil(year: year, month: month, day: day) * secondsPerDay
    }

    /// `YYYY-MM-DD` of the UTC day holding `seconds`.
    public static func day(_ seconds: Int64) -> String {
        let (year, month, day) = civil(days: seconds.floorDivided(by: secondsPerDay))
        return String(format: "%04ld-%02ld-%02ld", year, month, day)
    }

    /// `YYYY-MM` of the UTC month holding `seconds`.
    public static func month(_ seconds: Int64) -> String {
        String(day(seconds).prefix(7))
    }

    static func firstOfMonth(elevenBefore seconds: Int64) -> Int64 {
        let (year, month, _) = civil(days: seconds.floorDivided(by: secondsPerDay))
        let index = year * 12 + (month - 1) - 11
        return daysFromCivil(year: index / 12, month: index % 12 + 1, day: 1) * secondsPerDay
    }

    static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(days: Int64) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }
}

extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
