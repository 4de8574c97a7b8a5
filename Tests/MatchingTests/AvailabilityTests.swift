import Foundation
import Testing
@testable import Matching

/// One availability case: an offer's windows in one zone, a request's in another, a reference
/// week, and the shared minutes expected (total and longest unbroken stretch).
struct AvailabilityCase: CustomTestStringConvertible, Sendable {
    let name: String
    let week: (Int, Int, Int)
    let offerZone: String
    let offerWindows: [(Int, Int, Int)]
    let requestZone: String
    let requestWindows: [(Int, Int, Int)]
    let totalMinutes: Int
    let longestMinutes: Int

    var testDescription: String { name }

    static func hm(_ hours: Int, _ minutes: Int = 0) -> Int { hours * 60 + minutes }

    static let all: [AvailabilityCase] = [
        // London switches to BST on Sunday 29 March 2026 at 01:00 UTC.
        AvailabilityCase(
            name: "London Sunday 09:00 BST is 08:00 UTC: no overlap with UTC 09:00 in the spring week",
            week: (2026, 3, 23), offerZone: "Europe/London", offerWindows: [(7, hm(9), hm(10))],
            requestZone: "UTC", requestWindows: [(7, hm(9), hm(10))], totalMinutes: 0, longestMinutes: 0),
        AvailabilityCase(
            name: "the same windows overlap fully the week before (GMT)",
            week: (2026, 3, 16), offerZone: "Europe/London", offerWindows: [(7, hm(9), hm(10))],
            requestZone: "UTC", requestWindows: [(7, hm(9), hm(10))], totalMinutes: 60, longestMinutes: 60),
        AvailabilityCase(
            name: "in the spring week, London Saturday is still GMT and Sunday already BST",
            week: (2026, 3, 23), offerZone: "Europe/London", offerWindows: [(6, hm(9), hm(10)), (7, hm(9), hm(10))],
            requestZone: "UTC", requestWindows: [(6, hm(9), hm(10)), (7, hm(8), hm(9))],
            totalMinutes: 120, longestMinutes: 60),
        AvailabilityCase(
            name: "a London window across the missing hour (00:30–02:30 local) lasts one real hour",
            week: (2026, 3, 23), offerZone: "Europe/London", offerWindows: [(7, hm(0, 30), hm(2, 30))],
            requestZone: "UTC", requestWindows: [(7, 0, hm(6))], totalMinutes: 60, longestMinutes: 60),
        // London returns to GMT on Sunday 25 October 2026 at 01:00 UTC.
        AvailabilityCase(
            name: "autumn week: London Saturday 09:00 is 08:00 UTC, Sunday 09:00 is 09:00 UTC",
            week: (2026, 10, 19), offerZone: "Europe/London", offerWindows: [(6, hm(9), hm(10)), (7, hm(9), hm(10))],
            requestZone: "UTC", requestWindows: [(6, hm(8), hm(9)), (7, hm(9), hm(10))],
            totalMinutes: 120, longestMinutes: 60),
        AvailabilityCase(
            name: "a London window across the repeated hour (00:00–03:00 local) lasts four real hours",
            week: (2026, 10, 19), offerZone: "Europe/London", offerWindows: [(7, 0, hm(3))],
            requestZone: "UTC", requestWindows: [(6, hm(20), 1440), (7, 0, hm(6))],
            totalMinutes: 240, longestMinutes: 240),
        AvailabilityCase(
            name: "Kolkata (+05:30) Monday 14:30–16:00 is 09:00–10:30 UTC",
            week: (2026, 6, 15), offerZone: "Asia/Kolkata", offerWindows: [(1, hm(14, 30), hm(16))],
            requestZone: "UTC", requestWindows: [(1, hm(8), hm(12))], totalMinutes: 90, longestMinutes: 90),
        AvailabilityCase(
            name: "Kathmandu (+05:45) Tuesday 10:00–11:00 shares 45 minutes with UTC 04:00–05:00",
            week: (2026, 6, 15), offerZone: "Asia/Kathmandu", offerWindows: [(2, hm(10), hm(11))],
            requestZone: "UTC", requestWindows: [(2, hm(4), hm(5))], totalMinutes: 45, longestMinutes: 45),
        AvailabilityCase(
            name: "Kolkata Monday 02:00–04:00 of the next week falls on this week's Sunday evening UTC",
            week: (2026, 6, 15), offerZone: "Asia/Kolkata", offerWindows: [(1, hm(2), hm(4))],
            requestZone: "UTC", requestWindows: [(7, hm(20), hm(23))], totalMinutes: 120, longestMinutes: 120),
        // Adelaide leaves daylight time (+10:30 → +09:30) on Sunday 5 April 2026.
        AvailabilityCase(
            name: "Adelaide half-hour zone changing offset within the week",
            week: (2026, 3, 30), offerZone: "Australia/Adelaide", offerWindows: [(2, hm(9), hm(10)), (7, hm(9), hm(10))],
            requestZone: "UTC", requestWindows: [(1, hm(22, 30), hm(23, 30)), (6, hm(23, 30), 1440), (7, 0, hm(0, 30))],
            totalMinutes: 120, longestMinutes: 60),
        // St John's (−02:30 daylight, −03:30 standard) falls back on Sunday 1 November 2026.
        AvailabilityCase(
            name: "St John's Monday 10:00 NDT is 12:30 UTC, the next Monday would be 13:30",
            week: (2026, 10, 26), offerZone: "America/St_Johns", offerWindows: [(1, hm(10), hm(11))],
            requestZone: "UTC", requestWindows: [(1, hm(12), hm(13))], totalMinutes: 30, longestMinutes: 30),
        AvailabilityCase(
            name: "London request against Kolkata offer in the UK spring week: Sunday needs the BST-shifted window",
            week: (2026, 3, 23), offerZone: "Asia/Kolkata", offerWindows: [(5, hm(14, 30), hm(16, 30)), (7, hm(13, 30), hm(15, 30))],
            requestZone: "Europe/London", requestWindows: [(5, hm(9), hm(10)), (7, hm(9), hm(10))],
            totalMinutes: 60 + 60, longestMinutes: 60),
        AvailabilityCase(
            name: "a stretch across the week's end (Sunday 23:00 – Monday 01:00 UTC) is unbroken",
            week: (2026, 6, 15), offerZone: "UTC", offerWindows: [(7, hm(23), 1440), (1, 0, hm(1))],
            requestZone: "UTC", requestWindows: [(7, hm(22), 1440), (1, 0, hm(2))],
            totalMinutes: 120, longestMinutes: 120),
    ]
}

@Suite struct AvailabilityTests {
    static func windows(_ raw: [(Int, Int, Int)]) -> [WeeklyWindow] {
        raw.map { try! WeeklyWindow(weekday: $0.0, startMinute: $0.1, endMinute: $0.2) }
    }

    // Proves: weekly windows in their own zones are compared on the reference week's actual
    // dates — correct on both sides of the UK spring and autumn changes, across the missing and
    // the repeated hour, for half-hour and 45-minute offsets, a southern-hemisphere change,
    // across the week's boundary — and the index agrees with the Calendar-based oracle.
    @Test(arguments: AvailabilityCase.all)
    func overlapOnReferenceWeek(_ scenario: AvailabilityCase) throws {
        let week = try ReferenceWeek(mondayYear: scenario.week.0, month: scenario.week.1, day: scenario.week.2)
        let offerWindows = Self.windows(scenario.offerWindows)
        let requestWindows = Self.windows(scenario.requestWindows)
        let offerIntervals = WeekIntervals(
            windows: offerWindows, offsets: ZoneWeekOffsets(zone: TimeZone(identifier: scenario.offerZone)!, week: week))
        let requestIntervals = WeekIntervals(
            windows: requestWindows, offsets: ZoneWeekOffsets(zone: TimeZone(identifier: scenario.requestZone)!, week: week))
        let overlap = requestIntervals.overlap(with: offerIntervals)
        #expect(overlap.totalMinutes == scenario.totalMinutes)
        #expect(overlap.longestMinutes == scenario.longestMinutes)
        let oracle = MinuteBitmap(windows: requestWindows, zone: scenario.requestZone, week: week)
            .shared(with: MinuteBitmap(windows: offerWindows, zone: scenario.offerZone, week: week))
        #expect(oracle.count == scenario.totalMinutes)
        #expect(oracle.longestRun == scenario.longestMinutes)
    }

    // Proves: the availability filter requires an unbroken shared stretch of the request's
    // duration (not just enough minutes in total), through the public matcher.
    @Test func filterNeedsOneStretchAsLongAsTheSession() throws {
        let week = try ReferenceWeek(mondayYear: 2026, month: 6, day: 15)
        let offer = try Scenario.offer(windows: [(1, 540, 600), (2, 540, 600)], zone: "UTC")
        let matcher = OfferMatcher(index: try MatchingIndex(offers: [offer], referenceWeek: week), context: MatchingContext())
        let sixty = try Scenario.request(windows: [(1, 0, 1440), (2, 0, 1440)], zone: "UTC", duration: 60)
        let ninety = try Scenario.request(windows: [(1, 0, 1440), (2, 0, 1440)], zone: "UTC", duration: 90)
        let first = matcher.suggestions(for: sixty)
        #expect(first.suggestions.map(\.offerID) == [offer.id])
        #expect(first.suggestions.first?.overlapMinutes == 120)
        #expect(first.suggestions.first?.longestOverlapMinutes == 60)
        let second = matcher.suggestions(for: ninety, explain: true)
        #expect(second.suggestions.isEmpty)
        #expect(second.nearestExcluded.map(\.filter) == [.availability])
    }

    // Proves: ReferenceWeek accepts only Mondays and finds the Monday of any instant's week.
    @Test func referenceWeekIsAMonday() throws {
        #expect(throws: MatchingInputError.notAMonday(year: 2026, month: 3, day: 24)) {
            try ReferenceWeek(mondayYear: 2026, month: 3, day: 24)
        }
        let monday = try ReferenceWeek(mondayYear: 2026, month: 3, day: 23)
        let sundayEvening = monday.start.addingTimeInterval(6 * 86_400 + 23 * 3600)
        #expect(ReferenceWeek(containing: sundayEvening) == monday)
        #expect(ReferenceWeek(containing: monday.start) == monday)
        #expect(ReferenceWeek(containing: monday.start.addingTimeInterval(-1)).start == monday.start.addingTimeInterval(-7 * 86_400))
    }
}
