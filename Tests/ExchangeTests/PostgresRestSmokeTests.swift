import Exchange
import ExchangePostgres
import Foundation
import Ledger
import Matching
import PostgresNIO
import PostgresSupport
import TestSupport
import Testing

/// Every statement of X2's half runs on PostgreSQL's schema (columns, types, casts) and answers
/// what an empty or one-member database holds. The behaviour itself is the existing suites',
/// run over PostgreSQL through `World`.
@Suite(.enabled(if: TestPostgres.isSelected, "needs PEERHOURS_TEST_DATABASE_URL"))
struct PostgresRestSmokeTests {
    @Test func everyStatementRuns() async throws {
        let location = try await TestPostgres.freshLocation()
        let store = try await PostgresExchangeStore.open(location)
        defer { store.close() }
        let now = Date(timeIntervalSince1970: 1_780_000_000)
        let later = now.addingTimeInterval(86_400 * 30)
        let network = try await store.insertNetwork(NetworkDraft(slug: "smoke", name: "Smoke"), at: now)
        let member = try await store.insertMember(
            MemberProfile(displayName: "Sol Smoke", profession: "Nurse", organisation: "Ward 7", careerStage: .mid,
                          languages: ["en"]), isAdministrator: false, at: now)
        let other = try await store.insertMember(
            MemberProfile(displayName: "Oli Other", profession: "Nurse", organisation: "Ward 8", careerStage: .mid,
                          languages: ["en"]), isAdministrator: false, at: now)
        let ids = [member.id, other.id]
        // Matching
        #expect(try await store.activeOffers(in: [network.id], limit: 10).isEmpty)
        #expect(try await store.openRequests(in: network.id, limit: 10).isEmpty)
        #expect(try await store.members(ids).map(\.id) == ids)
        #expect(try await store.bookedMinutes(supporterIDs: ids, scheduledFrom: now, before: later).isEmpty)
        #expect(try await store.bookedMinutes(offerID: OfferID(1), scheduledFrom: now, before: later) == 0)
        #expect(try await store.exchangeOutcomes(involving: ids, limit: 10).isEmpty)
        #expect(try await store.givenMinutes(supporterIDs: ids, scheduledFrom: now).isEmpty)
        #expect(try await store.haveExchanged(member.id, other.id) == false)
        #expect(try await store.matchingRunSummaries(networkID: network.id, beforeID: nil, limit: 10).isEmpty)
        #expect(try await store.matchingProposals(requestID: RequestID(1), statuses: [.open], afterID: nil, limit: 10).isEmpty)
        #expect(try await store.hasAcceptedProposal(requestID: RequestID(1)) == false)
        #expect(try await store.matchingRun(MatchingRunID(1)) == nil)
        #expect(try await store.matchingProposal(MatchingProposalID(1)) == nil)
        // Preferences
        #expect(try await store.matchingWeights(networkID: network.id) == nil)
        try await store.setMatchingWeights(networkID: network.id, .standard, audit: [])
        try await store.setMatchingWeights(networkID: network.id, .standard, audit: [])
        #expect(try await store.matchingWeights(networkID: network.id) == .standard)
        try await store.insertBlock(by: member.id, of: other.id, at: now)
        try await store.insertBlock(by: member.id, of: other.id, at: now)
        #expect(try await store.blockedMembers(by: member.id) == [other.id])
        #expect(try await store.blocks(involving: [other.id]).map { [$0.0, $0.1] } == [[member.id, other.id]])
        try await store.deleteBlock(by: member.id, of: other.id)
        #expect(try await store.blockedMembers(by: member.id).isEmpty)
        #expect(try await store.openPairs(requestIDs: [RequestID(1)]).isEmpty)
        // Settings
        #expect(try await store.memberSettings(member.id) == nil)
        try await store.setMemberSettings(member.id, MemberSettings(language: "en", timeZone: "Europe/London"))
        try await store.setMemberSettings(member.id, MemberSettings(language: nil, timeZone: "Europe/Paris"))
        #expect(try await store.memberSettings(member.id) == MemberSettings(language: nil, timeZone: "Europe/Paris"))
        // Follow-ups and roster
        #expect(try await store.dormantMembers(networkID: network.id, inactiveSince: later, joinedBefore: later,
                                               afterMemberID: nil, limit: 10).isEmpty)
        #expect(try await store.overdueExchanges(networkID: network.id, endedBy: later, afterID: nil, limit: 10).isEmpty)
        #expect(try await store.unmatchedRequests(networkID: network.id, createdBy: later, afterID: nil, limit: 10).isEmpty)
        #expect(try await store.disputedExchanges(networkID: network.id, afterID: nil, limit: 10).isEmpty)
        #expect(try await store.rosterFacts(networkID: network.id, limit: 10).isEmpty)
        // Notices
        try await store.setNoticePreferences(memberID: member.id, [.weeklyDigest: .daily], at: now)
        #expect(try await store.noticePreferences(memberID: member.id)[.weeklyDigest] == .daily)
        #expect(try await store.membersChoosing(.weeklyDigest, afterMemberID: nil, limit: 10) == [member.id])
        #expect(try await store.activeCoordinatorIDs(of: network.id, limit: 10).isEmpty)
        #expect(try await store.acceptedExchanges(startingFrom: now, before: later, afterID: nil, limit: 10).isEmpty)
        #expect(try await store.unconfirmedExchanges(endedFrom: now, before: later, afterID: nil, limit: 10).isEmpty)
        #expect(try await store.insertScheduledNotices([], at: now) == 0)
        // Calendar feeds
        let hash = Data(repeating: 7, count: 32)
        try await store.replaceCalendarFeed(memberID: member.id, tokenHash: hash, at: now)
        #expect(try await store.calendarFeedMember(tokenHash: hash) == member.id)
        #expect(try await store.calendarFeedCreatedAt(memberID: member.id) == now)
        #expect(try await store.calendarSessions(memberID: member.id, from: now, before: later, limit: 10).isEmpty)
        #expect(try await store.deleteCalendarFeed(memberID: member.id))
        // Care texts
        try await store.setNetworkCareTexts(network.id, NetworkCareTexts(privacyNotice: "p", updatedAt: now), audit: [])
        #expect(try await store.networkCareTexts(network.id)?.privacyNotice == "p")
        // Urgent and leads
        let raised = try await store.insertUrgentRequest(
            UrgentRequest(id: UrgentRequestID(0), networkID: network.id, memberID: member.id, note: "n", contact: "c", raisedAt: now),
            keyed: nil, notices: { _ in [] })
        var closing = raised
        closing.status = .closed
        closing.closedAt = now
        closing.heldMinutes = 30
        let closed = try await store.updateUrgentRequest(closing, audit: [], notices: [], at: now)
        #expect(closed.paymentTransferID != nil)
        #expect(try await store.urgentRequestsAwaitingPayment(limit: 10).map(\.id) == [raised.id])
        try await store.markUrgentPaymentSubmitted(raised.id)
        #expect(try await store.urgentRequestsAwaitingPayment(limit: 10).isEmpty)
        #expect(try await store.urgentRequest(raised.id) == closed)
        #expect(try await store.endedUrgentRequests(networkID: network.id, limit: 10).map(\.id) == [raised.id])
        #expect(try await store.openUrgentRequests(networkID: network.id, limit: 10).isEmpty)
        #expect(try await store.unescalatedUrgentRequests(afterID: nil, limit: 10).isEmpty)
        #expect(try await store.clearUrgentNotes(networkID: network.id, endedBefore: later, limit: 10) == 1)
        #expect(try await store.insertWellbeingLead(networkID: network.id, memberID: other.id, appointedBy: member.id, at: now,
                                                    audit: []))
        #expect(try await store.isWellbeingLead(memberID: other.id, networkID: network.id))
        #expect(try await store.wellbeingLeads(networkID: network.id).map(\.memberID) == [other.id])
        #expect(try await store.wellbeingLeadNetworkIDs(memberID: other.id) == [network.id])
        #expect(try await store.eraseUrgentData(of: other.id, at: now) == 0)
        #expect(try await store.deleteWellbeingLead(networkID: network.id, memberID: other.id, audit: []) == false)
        try await store.upsertUrgentSettings(networkID: network.id, UrgentSettings(escalationWorkingMinutes: 90), audit: [])
        #expect(try await store.urgentSettings(networkID: network.id)?.escalationWorkingMinutes == 90)
        // Retention, subject audit, erasure
        try await store.setRetentionDays(networkID: network.id, days: 30, audit: [], at: now)
        #expect(try await store.retentionDays(networkID: network.id) == 30)
        #expect(try await store.retentionPeriods(afterNetworkID: nil, limit: 10).map { $0.1 } == [30])
        #expect(try await store.deleteRequestDescriptions(networkID: network.id, endedBefore: later, limit: 10) == 0)
        #expect(try await store.deleteExchangeMessages(networkID: network.id, endedBefore: later, limit: 10) == 0)
        #expect(try await store.auditEvents(aboutMember: member.id, afterID: nil, limit: 10).isEmpty)
        let tally = try await store.eraseMemberContent(member.id, audit: [], at: now)
        #expect(tally.offers == 0 && tally.messages == 0)
        #expect(try await store.members([member.id]).first?.profile.displayName == MemberProfile.formerMember.displayName)
        // The report's statements, over ledger tables as SQLite's.
        try await store.database.transaction { connection in
            let logger = Logger(label: "peerhours.tests")
            try await connection.query("CREATE SCHEMA IF NOT EXISTS ledger", logger: logger)
            try await connection.query("""
                CREATE TABLE ledger.ledger_accounts (id BIGINT, network_id BIGINT, kind TEXT, lower_limit_minutes BIGINT,
                    upper_limit_minutes BIGINT, reference BIGINT, debits_pending_minutes BIGINT, debits_posted_minutes BIGINT,
                    credits_pending_minutes BIGINT, credits_posted_minutes BIGINT)
                """, logger: logger)
            try await connection.query("""
                CREATE TABLE ledger.ledger_transfers (id BIGINT, network_id BIGINT, kind TEXT, code TEXT, reference BIGINT,
                    debit_account_id BIGINT, credit_account_id BIGINT, amount_minutes BIGINT, timestamp BIGINT)
                """, logger: logger)
        }
        let reports = PostgresReportStore(database: store.database)
        let start = Int64(now.timeIntervalSince1970) - 86_400
        let end = start + 86_400 * 60
        let network1 = network.id
        let figures = try await reports.read { snapshot in
            [
                try snapshot.activeMemberCount(networkID: network1, startSeconds: start, endSeconds: end),
                try snapshot.hoursByKindAndMonth(networkID: network1, startSeconds: start, endSeconds: end).count,
                try snapshot.giversAndReceivers(networkID: network1, startSeconds: start, endSeconds: end).count,
                try snapshot.balanceDistribution(networkID: network1, edgesMinutes: [-60, 0, 60]).bucketCounts.reduce(0, +),
                try snapshot.dormantMemberCount(networkID: network1, startSeconds: start, endSeconds: end),
                try snapshot.unconfirmedExchanges(networkID: network1, startSeconds: start, endSeconds: end,
                                                  nowSeconds: end).exchanges,
                try snapshot.clearingPositions(networkID: network1).count,
                try snapshot.urgentRequests(networkID: network1, startSeconds: start, endSeconds: end).requests,
            ]
        }
        #expect(figures == [0, 0, 0, 0, 0, 0, 0, 1])
        #expect(try await reports.networkID(slug: "smoke") == network.id)
    }
}
