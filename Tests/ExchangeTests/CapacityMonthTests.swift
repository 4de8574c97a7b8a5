@testable import Exchange
import Foundation
import Matching
import MatchingBenchmarkSupport
import Testing

@Suite struct CapacityMonthTests {
    /// The reference: Foundation's Gregorian calendar on the zone's clock.
    static func calendarMonth(containing date: Date, zone: TimeZone) -> (start: Date, end: Date)? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        guard let start = calendar.date(from: calendar.dateComponents([.year, .month], from: date)),
              let end = calendar.date(byAdding: DateComponents(month: 1), to: start)
        else { return nil }
        return (start, end)
    }

    // Proves the capacity month from civil-date arithmetic equals Foundation's calendar month,
    // on 4,000 random instants from 2020 to 2035 in zones with daylight saving on either side of
    // the equator, whole-hour and half-hour offsets, and UTC — and on the instants just before
    // and after each month edge they find (a month's first second is in it, its last is not).
    @Test(arguments: ["Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "Pacific/Auckland", "UTC"])
    func equalsTheCalendarMonth(zoneIdentifier: String) throws {
        let zone = try #require(TimeZoneCache.zone(zoneIdentifier))
        var random = SplitMix64(seed: 20_261_201)
        for _ in 0..<4_000 {
            let seconds = 1_577_836_800 + Int64(random.next() % 473_385_600)
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            let month = ProposalRules.capacityMonth(containing: date, timeZone: zoneIdentifier)
            let expected = try #require(Self.calendarMonth(containing: date, zone: zone))
            #expect(month.start == expected.start && month.end == expected.end, "\(zoneIdentifier) at \(date)")
            #expect(ProposalRules.capacityMonth(containing: month.start, timeZone: zoneIdentifier).start == month.start)
            let lastSecond = month.end.addingTimeInterval(-1)
            #expect(ProposalRules.capacityMonth(containing: lastSecond, timeZone: zoneIdentifier).end == month.end)
        }
    }
}
