@testable import Exchange
import Foundation
import Testing

@Suite struct UrgentWorkingHoursTests {
    static func utc(_ text: String) -> Date {
        guard let date = ISO8601DateFormatter().date(from: text) else { preconditionFailure("a valid instant: \(text)") }
        return date
    }

    // Proves the deadline counts only Monday–Friday 09:00–17:00 London time: before opening,
    // after closing, across a weekend, from a weekend, and across both clock changes (the
    // window moves with London's wall clock, so its UTC hours shift by one in summer).
    @Test(arguments: [
        ("2023-11-21T07:00:00Z", 30, "2023-11-21T09:30:00Z"),  // Tuesday before opening
        ("2023-11-22T18:00:00Z", 60, "2023-11-23T10:00:00Z"),  // Wednesday after closing
        ("2023-11-24T16:00:00Z", 240, "2023-11-27T12:00:00Z"),  // Friday afternoon → Monday
        ("2023-11-25T12:00:00Z", 240, "2023-11-27T13:00:00Z"),  // Saturday → Monday
        ("2023-11-20T09:00:00Z", 2400, "2023-11-24T17:00:00Z"),  // five whole working days
        ("2023-11-20T10:00:00Z", 420, "2023-11-20T17:00:00Z"),  // ends exactly at closing
        ("2026-03-27T16:00:00Z", 240, "2026-03-30T11:00:00Z"),  // GMT Friday → BST Monday (09:00 BST = 08:00Z)
        ("2026-10-23T15:00:00Z", 240, "2026-10-26T12:00:00Z"),  // BST Friday 16:00 → GMT Monday
        ("2026-07-01T07:30:00Z", 60, "2026-07-01T09:00:00Z"),  // summer: opening is 08:00Z
    ])
    func deadline(start: String, minutes: Int, expected: String) {
        #expect(WorkingHours.deadline(after: Self.utc(start), workingMinutes: minutes) == Self.utc(expected))
    }

    // Proves working minutes between two instants skip nights and weekends, and agree with the
    // deadline: the minutes from a start to its deadline are the minutes asked for.
    @Test func workingMinutesAgreeWithTheDeadline() {
        #expect(WorkingHours.workingMinutes(from: Self.utc("2023-11-24T16:00:00Z"), to: Self.utc("2023-11-27T10:00:00Z")) == 120)
        #expect(WorkingHours.workingMinutes(from: Self.utc("2023-11-25T10:00:00Z"), to: Self.utc("2023-11-26T16:00:00Z")) == 0)
        #expect(WorkingHours.workingMinutes(from: Self.utc("2023-11-27T10:00:00Z"), to: Self.utc("2023-11-27T09:00:00Z")) == 0)
        for (start, minutes) in [("2026-03-27T16:00:00Z", 240), ("2026-10-23T15:00:00Z", 1000), ("2023-11-25T12:00:00Z", 2400)] {
            let deadline = WorkingHours.deadline(after: Self.utc(start), workingMinutes: minutes)
            #expect(WorkingHours.workingMinutes(from: Self.utc(start), to: deadline) == minutes)
        }
    }
}
