import Foundation

/// The days a report covers: `from` through `to`, both whole UTC days, inclusive.
public struct ReportPeriod: Sendable, Hashable {
    /// A period is at most about three years long.
    public static let daysMax = 1_100
    public static let secondsPerDay = CivilCalendar.secondsPerDay

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

    /// A period of whole months is at most three years long.
    public static let monthsMax = 36

    /// `YYYY-MM` of the first and of the last month the period touches.
    public var fromMonth: String { Self.month(startSeconds) }
    public var toMonth: String { Self.month(endSeconds - Self.secondsPerDay) }

    /// Whole UTC months from optional `YYYY-MM` texts: the first day of `fromMonth` through the
    /// last of `toMonth`, or through today when `toMonth` is this month (a month not over yet is
    /// reported up to now). Without `toMonth`: this month; without `fromMonth`: eleven months
    /// before `toMonth`'s, so twelve months. A month after this one is refused (nothing has
    /// happened in it), and so is a period of more than `monthsMax` months.
    public static func parse(fromMonth: String?, toMonth: String?, now: Date) throws(ExchangeError) -> ReportPeriod {
        let months = monthIndexes(fromMonth: fromMonth, toMonth: toMonth, now: now)
        if let problem = months.problems.first { throw ExchangeError.validation(problem) }
        guard let first = months.first, let last = months.last else { preconditionFailure("no problem: both months read") }
        let lastYear = last / 12, lastMonth = last % 12 + 1
        let lastDay = last == months.thisMonth
            ? months.today : CivilCalendar.days(year: lastYear, month: lastMonth, day: CivilCalendar.daysIn(month: lastMonth, year: lastYear))
        return ReportPeriod(
            startSeconds: CivilCalendar.days(year: first / 12, month: first % 12 + 1, day: 1) * secondsPerDay,
            endSeconds: (lastDay + 1) * secondsPerDay)
    }

    /// Every mistake of a whole-month period at once, `from`'s first (a form shows them all);
    /// `parse(fromMonth:toMonth:now:)` refuses with the first.
    public static func problems(fromMonth: String?, toMonth: String?, now: Date) -> [ValidationError] {
        monthIndexes(fromMonth: fromMonth, toMonth: toMonth, now: now).problems
    }

    private static func monthIndexes(fromMonth: String?, toMonth: String?, now: Date)
        -> (first: Int?, last: Int?, thisMonth: Int, today: Int64, problems: [ValidationError])
    {
        let today = Int64(now.timeIntervalSince1970.rounded(.down)).floorDivided(by: secondsPerDay)
        let (year, month, _) = CivilCalendar.date(days: today)
        let thisMonth = year * 12 + month - 1
        var problems: [ValidationError] = []
        func read(_ text: String?, field: String, default value: @autoclosure () -> Int?) -> Int? {
            guard let text else { return value() }
            do { return try monthIndex(text, field: field) } catch {
                if case .validation(let problem) = error { problems.append(problem) }
                return nil
            }
        }
        let last = read(toMonth, field: "to", default: thisMonth)
        let first = read(fromMonth, field: "from", default: last.map { $0 - 11 })
        if let last, last > thisMonth { problems.append(ValidationError(field: "to", reason: "must not be after this month")) }
        if let first, let last, first > last {
            problems.append(ValidationError(field: "from", reason: "must be on or before to"))
        } else if let first, let last, last - first >= monthsMax {
            problems.append(ValidationError(field: "from", reason: "a period is at most \(monthsMax) months"))
        }
        let order = ["from", "to"]
        return (first, last, thisMonth, today, problems.sorted { order.firstIndex(of: $0.field)! < order.firstIndex(of: $1.field)! })
    }

    /// year × 12 + month − 1 of `YYYY-MM`; years 2000–2199 only.
    static func monthIndex(_ text: String, field: String) throws(ExchangeError) -> Int {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 7, parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]), let month = Int(parts[1]), (2000...2199).contains(year), (1...12).contains(month)
        else { throw ExchangeError.invalid(field, "must be a month YYYY-MM between 2000-01 and 2199-12") }
        return year * 12 + month - 1
    }

    /// Seconds at midnight (UTC) starting the day `YYYY-MM-DD`; years 2000–2199 only.
    static func dayStart(_ text: String, field: String) throws(ExchangeError) -> Int64 {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (2000...2199).contains(year), (1...12).contains(month), (1...CivilCalendar.daysIn(month: month, year: year)).contains(day)
        else { throw ExchangeError.invalid(field, "must be a day YYYY-MM-DD between 2000-01-01 and 2199-12-31") }
        return CivilCalendar.days(year: year, month: month, day: day) * secondsPerDay
    }

    /// `YYYY-MM-DD` of the UTC day holding `seconds`.
    public static func day(_ seconds: Int64) -> String {
        let (year, month, day) = CivilCalendar.date(days: seconds.floorDivided(by: secondsPerDay))
        return String(format: "%04ld-%02ld-%02ld", year, month, day)
    }

    /// `YYYY-MM` of the UTC month holding `seconds`.
    public static func month(_ seconds: Int64) -> String {
        String(day(seconds).prefix(7))
    }

    static func firstOfMonth(elevenBefore seconds: Int64) -> Int64 {
        let (year, month, _) = CivilCalendar.date(days: seconds.floorDivided(by: secondsPerDay))
        let index = year * 12 + (month - 1) - 11
        return CivilCalendar.days(year: index / 12, month: index % 12 + 1, day: 1) * secondsPerDay
    }
}
