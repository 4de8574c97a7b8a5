import Foundation
import Ledger
import Outbox

/// Once a week, members who opted in (the weekly digest is off unless chosen) are told how many
/// offers new this week fit their open requests (the matcher's suggestions) and how many requests
/// new this week they could help with (open requests of their networks of a kind they offer).
/// Counts only, each linking to its page; nothing is written for a member with nothing new.
/// Written by the housekeeping pass once per ISO week (the dedupe key), sent Monday 08:00 London.
public struct MemberDigestService: Sendable {
    static let newWithinSeconds: TimeInterval = 7 * 86_400
    static let requestsPerMemberMax = 5
    static let suggestionsPerRequest = 10
    static let offerKindsMax = 5
    static let listedMax = 50
    static let membersPageSize = 200
    static let membersMax = 100_000

    let preferences: any NoticePreferenceRepository
    let members: any MemberRepository
    let requests: any RequestRepository
    let offers: any OfferRepository
    let matching: MatchingService
    let search: SearchService
    let notices: any ExchangeRepository

    /// Writes this week's digests (those not yet written); answers how many.
    public func writeMemberDigests(now: Date) async throws -> Int {
        let week = WeeklySummaryService.weekKey(now)
        let sendAt = WeeklySummaryService.mondayMorning(of: now)
        var written = 0
        var after: MemberID?
        for _ in 0..<(Self.membersMax / Self.membersPageSize) {
            let page = try await preferences.membersChoosing(.weeklyDigest, afterMemberID: after, limit: Self.membersPageSize)
            var drafts: [OutboxDraft] = []
            for memberID in page {
                guard let facts = try await digestFacts(memberID, now: now) else { continue }
                drafts.append(OutboxDraft(
                    kind: .memberWeeklyDigest, recipient: .member(memberID.rawValue), facts: facts,
                    dedupeKey: "member.weekly_digest:\(memberID.rawValue):\(week)", notBefore: sendAt))
            }
            for start in stride(from: 0, to: drafts.count, by: OutboxLimits.draftsPerChangeMax) {
                let chunk = drafts[start..<min(drafts.count, start + OutboxLimits.draftsPerChangeMax)]
                written += try await notices.insertScheduledNotices(Array(chunk), at: now)
            }
            guard page.count == Self.membersPageSize, let last = page.last else { break }
            after = last
        }
        return written
    }

    /// The two counts, or nil when the member is gone or both are zero.
    func digestFacts(_ memberID: MemberID, now: Date) async throws -> [String: String]? {
        guard let member = try await members.member(memberID) else { return nil }
        let since = now.addingTimeInterval(-Self.newWithinSeconds)
        let offersCount = try await newOffersForOpenRequests(member.actor, since: since)
        let requestsCount = try await newRequestsToHelpWith(member.actor, since: since)
        guard offersCount + requestsCount > 0 else { return nil }
        return [MemberDigestFacts.newOffersForYourRequests: String(offersCount),
                MemberDigestFacts.newRequestsYouCouldHelp: String(requestsCount)]
    }

    /// Offers created since `since` among the matcher's suggestions for the member's open requests.
    func newOffersForOpenRequests(_ actor: Actor, since: Date) async throws -> Int {
        let open = try await requests.requests(requesterID: actor.memberID, afterID: nil, limit: Self.listedMax)
            .filter { $0.status == .open }.prefix(Self.requestsPerMemberMax)
        var fresh = Set<OfferID>()
        for request in open {
            // A request the matcher cannot serve now (a suspended membership, say) adds nothing.
            guard let suggested = try? await matching.suggestions(actor, request.id, k: Self.suggestionsPerRequest) else { continue }
            for suggestion in suggested.suggestions where !fresh.contains(suggestion.offerID) {
                if let offer = try await offers.offer(suggestion.offerID), offer.createdAt >= since { fresh.insert(offer.id) }
            }
        }
        return fresh.count
    }

    /// Open requests of others created since `since`, of a kind the member offers, that search shows them.
    func newRequestsToHelpWith(_ actor: Actor, since: Date) async throws -> Int {
        let kinds = Set(try await offers.offers(supporterID: actor.memberID, afterID: nil, limit: Self.listedMax)
            .filter { $0.status == .active }.flatMap(\.details.kinds)).sorted().prefix(Self.offerKindsMax)
        var fresh = Set<RequestID>()
        for kind in kinds {
            guard let found = try? await search.searchRequests(actor, SearchFilters(kind: kind), page: PageRequest(size: Self.listedMax))
            else { continue }
            for request in found.items where request.createdAt >= since { fresh.insert(request.id) }
        }
        return fresh.count
    }
}

/// The facts' keys of a member's weekly digest (counts, as decimal text).
public enum MemberDigestFacts {
    public static let newOffersForYourRequests = "newOffersForYourRequests"
    public static let newRequestsYouCouldHelp = "newRequestsYouCouldHelp"
}
