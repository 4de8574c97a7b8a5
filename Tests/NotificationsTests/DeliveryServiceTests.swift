import Foundation
import GRDB
import Mail
@testable import Notifications
import Outbox
import Testing
import TestSupport

@Suite struct DeliveryServiceTests {
    let start = ManualClock.wallStart

    /// Proves a due notice is built in the recipient's words, sent once with a Message-ID made
    /// from its outbox id, marked sent, and its secret cleared; a notice not yet due waits.
    @Test func sendsDueNoticesOnceAndClearsTheSecret() async throws {
        let fixture = try OutboxFixture()
        let clock = ManualClock(start)
        try fixture.write([
            OutboxDraft(kind: .invitation, recipient: .address("new@example.org"), networkID: 4, subjectID: 9,
                        facts: [OutboxDraft.pathFact: "/join/{secret}", "invitedByMemberID": "2"], secret: "tok3n"),
            OutboxDraft(kind: .exchangeProposed, recipient: .member(5), networkID: 4, subjectID: 77,
                        facts: ["otherMemberID": "6"], notBefore: start.addingTimeInterval(60)),
        ], at: start)
        let transport = RecordingTransport()
        let service = try deliveryService(fixture, transport: transport, clock: clock)
        #expect(await service.deliverDue() == 1)
        let invitation = try #require(transport.sent.first)
        #expect(invitation.to.address == "new@example.org")
        #expect(invitation.messageID == "<peerhours.exchange.1@peerhours.example>")
        #expect(invitation.textBody.contains("https://peerhours.example/join/tok3n"))
        #expect(invitation.subject == "You are invited to join Network 4 on PeerHours")
        #expect(invitation.textBody.contains("Member 2 has invited you"))
        #expect(invitation.unsubscribeURL == nil, "an invitation is not optional")
        let rows = try fixture.rows()
        #expect(rows[0]["state"] as String == "sent")
        #expect(rows[0]["secret"] as String? == nil)
        #expect(rows[1]["state"] as String == "pending")
        #expect(await service.deliverDue() == 0, "nothing else is due")
        clock.advance(seconds: 60)
        #expect(await service.deliverDue() == 1)
        #expect(transport.sent.count == 2)
        #expect(transport.sent[1].to == MailAddress("member5@example.org", displayName: "Member 5"))
        #expect(transport.sent[1].textBody.contains("https://peerhours.example/sessions/77"))
    }

    /// Proves a transient failure is retried after the backoff with the same Message-ID, that
    /// attempts are counted, and that the message fails for good when its attempts run out.
    @Test func retriesWithBackoffThenFails() async throws {
        let fixture = try OutboxFixture()
        let clock = ManualClock(start)
        try fixture.write([OutboxDraft(kind: .exchangeDeclined, recipient: .member(3), subjectID: 8)], at: start)
        let transport = RecordingTransport()
        let status = DeliveryStatus(transport: "recording")
        let service = try deliveryService(fixture, transport: transport, clock: clock, status: status)
        transport.failNext([.transient("RCPT 451"), .transient("connect refused")])
        await service.deliverDue()
        var row = try #require(try fixture.rows().first)
        #expect(row["attempts"] as Int == 1)
        #expect(row["last_error"] as String == "RCPT 451")
        #expect(await service.deliverDue() == 0, "waits for its backoff")
        clock.advance(seconds: 13)
        await service.deliverDue()
        #expect(status.snapshot.consecutiveFailures == 2)
        #expect(status.snapshot.isFailing == false)
        clock.advance(seconds: 26)
        await service.deliverDue()
        row = try #require(try fixture.rows().first)
        #expect(row["state"] as String == "sent")
        #expect(row["attempts"] as Int == 3)
        #expect(transport.sent.map(\.messageID) == ["<peerhours.exchange.1@peerhours.example>"])
        #expect(status.snapshot.consecutiveFailures == 0)

        try fixture.write([OutboxDraft(kind: .exchangeDeclined, recipient: .member(3), subjectID: 9)], at: clock.nowDate())
        transport.failNext(Array(repeating: .transient("greeting 421"), count: 3))
        for _ in 0..<3 {
            await service.deliverDue()
            clock.advance(seconds: 60)
        }
        row = try #require(try fixture.rows().last)
        #expect(row["state"] as String == "failed", "three attempts were allowed")
        #expect(try await fixture.outbox.failedMessages(limit: 10).map(\.id) == [2])
        #expect(status.snapshot.isFailing)
    }

    /// Proves a permanent refusal fails the message at once, and that an administrator's retry
    /// puts it back to be sent.
    @Test func permanentRefusalFailsAtOnceAndCanBeRetried() async throws {
        let fixture = try OutboxFixture()
        let clock = ManualClock(start)
        try fixture.write([OutboxDraft(kind: .membershipApproved, recipient: .member(2), networkID: 1)], at: start)
        let transport = RecordingTransport()
        let service = try deliveryService(fixture, transport: transport, clock: clock)
        transport.failNext([.permanent("RCPT 550")])
        await service.deliverDue()
        #expect(try fixture.rows()[0]["state"] as String == "failed")
        #expect(try await fixture.outbox.retryFailedMessage(id: 1, at: clock.nowDate()))
        #expect(try await fixture.outbox.retryFailedMessage(id: 1, at: clock.nowDate()) == false, "no longer failed")
        await service.deliverDue()
        #expect(transport.sent.count == 1)
        #expect(try fixture.rows()[0]["state"] as String == "sent")
    }

    /// Proves a member who chose never to get a category is not written to (the row is settled
    /// as skipped), an optional message carries its one-click unsubscribe link, and a member with
    /// no address is skipped rather than retried.
    @Test func honoursChoicesAndSkipsMembersWithoutAddress() async throws {
        let fixture = try OutboxFixture()
        let clock = ManualClock(start)
        try fixture.write([
            OutboxDraft(kind: .exchangeMessage, recipient: .member(4), subjectID: 1),
            OutboxDraft(kind: .exchangeStartingTomorrow, recipient: .member(4), subjectID: 1),
            OutboxDraft(kind: .exchangeProposed, recipient: .member(13), subjectID: 1),
        ], at: start)
        let transport = RecordingTransport()
        let directory = FixedDirectory(frequencies: [.messages: .never])
        let service = try deliveryService(fixture, transport: transport, clock: clock, directory: directory)
        await service.deliverDue()
        #expect(transport.sent.count == 1)
        let reminder = try #require(transport.sent.first)
        #expect(reminder.unsubscribeURL == "https://peerhours.example/email/unsubscribe/4.reminders")
        #expect(reminder.textBody.contains("https://peerhours.example/email/unsubscribe/4.reminders"))
        let rows = try fixture.rows()
        #expect(rows.map { $0["state"] as String } == ["skipped", "sent", "skipped"])
        #expect((rows[0]["last_error"] as String).hasPrefix("recipient chose not"))
        #expect((rows[2]["last_error"] as String) == "recipient has no address")
        #expect(try await fixture.outbox.failedMessages(limit: 10).isEmpty, "a skipped notice is not a failure")
    }

    /// Proves the outbox's limits: a dedupe key stores a draft once, optional kinds are dropped
    /// beyond the pending limit while required ones are kept, and pruning gives up old pending rows
    /// (clearing their secrets) and deletes old sent ones.
    @Test func outboxLimitsAndPruning() async throws {
        let fixture = try OutboxFixture()
        let reminder = OutboxDraft(kind: .exchangeStartingTomorrow, recipient: .member(1), dedupeKey: "tomorrow:1:1")
        #expect(try fixture.write([reminder, reminder], at: start) == 1)
        #expect(try fixture.write([reminder], at: start) == 0)
        try fixture.write([OutboxDraft(kind: .passwordReset, recipient: .member(1), secret: "s")], at: start)
        let later = start.addingTimeInterval(10)
        let pruned = try await fixture.outbox.pruneOutbox(expiredBefore: later, sentBefore: later, failedBefore: start)
        #expect(pruned == 2)
        let rows = try fixture.rows()
        #expect(rows.allSatisfy { ($0["state"] as String) == "failed" && ($0["secret"] as String?) == nil })
        #expect(try await fixture.outbox.outboxCounts(at: later).failed == 2)
    }
}

@Suite struct DailySummaryTests {
    /// Proves notices a member chose to get daily wait for 17:00 in their zone and then go out as
    /// one summary listing each, after which every one of them is settled as sent; a required
    /// notice to the same member goes at once.
    @Test func gathersDailyNoticesIntoOneMessage() async throws {
        let fixture = try OutboxFixture()
        // 09:00 London (winter: UTC) on a weekday.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/London")!
        let morning = calendar.date(from: DateComponents(year: 2026, month: 12, day: 8, hour: 9))!
        let clock = ManualClock(morning)
        try fixture.write([
            OutboxDraft(kind: .exchangeMessage, recipient: .member(4), subjectID: 1, facts: ["otherMemberID": "5"]),
            OutboxDraft(kind: .exchangeStartingTomorrow, recipient: .member(4), subjectID: 2, facts: ["otherMemberID": "6"]),
            OutboxDraft(kind: .exchangeProposed, recipient: .member(4), subjectID: 3, facts: ["otherMemberID": "7"]),
        ], at: morning)
        let transport = RecordingTransport()
        let directory = FixedDirectory(frequencies: [.messages: .daily, .reminders: .daily])
        let service = try deliveryService(fixture, transport: transport, clock: clock, directory: directory)
        await service.deliverDue()
        #expect(transport.sent.map(\.subject) == ["Member 7 proposed a session with you"])
        #expect(await service.deliverDue() == 0, "the two others wait for the summary")
        clock.advance(seconds: 8 * 3600)
        await service.deliverDue()
        #expect(transport.sent.count == 2)
        let summary = try #require(transport.sent.last)
        #expect(summary.subject == "Your PeerHours updates today")
        #expect(summary.textBody.contains("New message from Member 5"))
        #expect(summary.textBody.contains("Reminder: session with Member 6 soon"))
        #expect(summary.textBody.contains("https://peerhours.example/sessions/1/messages"))
        #expect(summary.messageID == "<peerhours.exchange.1.daily@peerhours.example>")
        #expect(try fixture.rows().map { $0["state"] as String } == ["sent", "sent", "sent"])
    }

    /// Proves the summary slot is the next 17:00 in the member's own zone, across a day boundary.
    @Test func slotIsFivePmInTheMembersZone() {
        let newYork = TimeZone(identifier: "America/New_York")!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = newYork
        let evening = calendar.date(from: DateComponents(year: 2026, month: 12, day: 8, hour: 18))!
        let slot = DailySummary.slot(after: evening, in: newYork)
        #expect(calendar.dateComponents([.day, .hour], from: slot) == DateComponents(day: 9, hour: 17))
    }
}

@Suite struct WeeklySummaryMailTests {
    /// Proves a coordinators' weekly summary lists each non-zero count with its page, says
    /// "or more" at the cap, and leaves out what is zero.
    @Test func summaryListsCounts() async throws {
        let fixture = try OutboxFixture()
        let clock = ManualClock(ManualClock.wallStart)
        try fixture.write([OutboxDraft(
            kind: .coordinatorWeeklySummary, recipient: .member(2), networkID: 7,
            facts: ["waitingMembers": "3", "overdueSessions": "0", "unmatchedRequests": "50", "openDisputes": "1"])],
            at: clock.nowDate())
        let transport = RecordingTransport()
        await (try deliveryService(fixture, transport: transport, clock: clock)).deliverDue()
        let text = try #require(transport.sent.first).textBody
        #expect(text.contains("- 3 waiting for approval\n  https://peerhours.example/coordinate/networks/7/follow-ups"))
        #expect(text.contains("- 50 or more requests nobody has answered in 3 days"))
        #expect(text.contains("- 1 open disputes\n  https://peerhours.example/coordinate/networks/7/disputes"))
        #expect(!text.contains("not yet confirmed"))
    }
}
