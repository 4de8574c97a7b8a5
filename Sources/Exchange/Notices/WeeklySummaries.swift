import Foundation
import Ledger
import Outbox

/// Once a week, each active coordinator of each network is told what needs them: members waiting
/// for approval, sessions not yet confirmed, requests nobody has answered, open disputes — counts
/// only, each linking to its page. Written by the housekeeping pass whenever it runs in a week
/// (the dedupe key names the ISO week, so the week's first pass writes it and the others do
/// nothing), to be sent on Monday at 08:00 London time.
public struct WeeklySummaryService: Sendable {
    /// Items counted per list: the summary says "50 or more" beyond.
    public static let countedMax = 50
    /// Networks read per pass.
    static let networksPageSize = 100
    static let networksMax = 10_000

    let networks: any NetworkRepository
    let memberships: any MembershipRepository
    let followUps: any FollowUpRepository
    let notices: any ExchangeRepository

    public init(networks: any NetworkRepository, memberships: any MembershipRepository, followUps: any FollowUpRepository,
                notices: any ExchangeRepository) {
        self.networks = networks
        self.memberships = memberships
        self.followUps = followUps
        self.notices = notices
    }

    /// Writes this week's coordinators' summaries (those not yet written); answers how many.
    public func writeCoordinatorSummaries(now: Date) async throws -> Int {
        let week = Self.weekKey(now)
        let sendAt = Self.mondayMorning(of: now)
        var written = 0
        var after: NetworkID?
        for _ in 0..<(Self.networksMax / Self.networksPageSize) {
            let page = try await networks.networks(only: nil, afterID: after, limit: Self.networksPageSize)
            for network in page {
                let facts = try await summaryFacts(network.id, now: now)
                let coordinators = try await memberships.activeCoordinatorIDs(of: network.id, limit: OutboxLimits.draftsPerChangeMax)
                let drafts = coordinators.map { coordinator in
                    OutboxDraft(
                        kind: .coordinatorWeeklySummary, recipient: .member(coordinator.rawValue), networkID: network.id.rawValue,
                        facts: facts, dedupeKey: "coordinator.weekly_summary:\(network.id.rawValue):\(coordinator.rawValue):\(week)",
                        notBefore: sendAt)
                }
                written += try await notices.insertScheduledNotices(drafts, at: now)
            }
            guard page.count == Self.networksPageSize, let last = page.last else { break }
            after = last.id
        }
        return written
    }

    /// The counts behind the summary, each capped at `countedMax`.
    func summaryFacts(_ networkID: NetworkID, now: Date) async throws -> [String: String] {
        let limit = Self.countedMax
        let waiting = try await memberships.memberships(in: networkID, status: .invited, afterMemberID: nil, limit: limit).count
        let overdue = try await followUps.overdueExchanges(networkID: networkID, endedBy: now, afterID: nil, limit: limit).count
        let unmatched = try await followUps.unmatchedRequests(
            networkID: networkID, createdBy: now.addingTimeInterval(-3 * 86_400), afterID: nil, limit: limit).count
        let disputes = try await followUps.disputedExchanges(networkID: networkID, afterID: nil, limit: limit).count
        return [WeeklySummaryFacts.waitingMembers: String(waiting), WeeklySummaryFacts.overdueSessions: String(overdue),
                WeeklySummaryFacts.unmatchedRequests: String(unmatched), WeeklySummaryFacts.openDisputes: String(disputes)]
    }

    /// "2026-W49": the ISO week of `date` (Monday first), in UTC.
    static func weekKey(_ date: Date) -> String {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
        return String(format: "%04d-W%02d", parts.yearForWeekOfYear ?? 0, parts.weekOfYear ?? 0)
    }

    /// Monday 08:00 in London of the week containing `date` (which may be before `date`: then at once).
    static func mondayMorning(of date: Date) -> Date {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "Europe/London")!
        let monday = calendar.dateInterval(of: .weekOfYear, for: date)?.start ?? date
        return calendar.date(bySettingHour: 8, minute: 0, second: 0, of: monday) ?? monday
    }
}

/// The facts' keys of a coordinators' weekly summary (counts, as decimal text).
public enum WeeklySummaryFacts {
    public static let waitingMembers = "waitingMembers"
    public static let overdueSessions = "overdueSessions"
    public static let unmatchedRequests = "unmatchedRequests"
    public static let openDisputes = "openDisputes"
}
