import Foundation
import Logging
import Outbox
import PostgresSupport
import Testing
import TestSupport

/// Proves the PostgreSQL outbox reader claims what it answers, so several instances delivering
/// from one database never send the same row in the same pass, and a claim that is never
/// settled is given up when its lease ends (delivery stays at least once).
@Suite(.enabled(if: TestPostgres.isSelected, "needs PEERHOURS_TEST_DATABASE_URL"))
struct PostgresOutboxTests {
    static let logger = Logger(label: "outbox-tests")
    static let start = ManualClock.wallStart

    /// A fresh schema holding only the outbox table, and two pools on it (two instances).
    static func twoInstances() async throws -> (PostgresPool, PostgresPool) {
        let location = try await TestPostgres.freshLocation()
        let first = PostgresPool(location, label: "peerhours.tests.outbox.1")
        let second = PostgresPool(location, label: "peerhours.tests.outbox.2")
        try await PostgresMigrator(store: "outbox-tests", migrations: [
            .init("outbox", PostgresOutboxTable.createStatements)
        ]).migrate(first)
        return (first, second)
    }

    static func insert(_ count: Int, into pool: PostgresPool, at: Date) async throws {
        let drafts = (0..<count).map { index in
            OutboxDraft(kind: .invitation, recipient: .address("person\(index)@example.org"), networkID: 1,
                        subjectID: Int64(index), facts: ["n": String(index)], secret: "s\(index)")
        }
        for chunk in stride(from: 0, to: drafts.count, by: OutboxLimits.draftsPerChangeMax) {
            let part = Array(drafts[chunk..<min(chunk + OutboxLimits.draftsPerChangeMax, drafts.count)])
            try await pool.transaction { connection in
                _ = try await PostgresOutboxTable.insert(connection, part, at: at, logger: logger)
            }
        }
    }

    // Proves two outboxes on one schema, claiming at the same moment in many small passes at
    // once, answer disjoint sets of rows that together are every due row.
    @Test func concurrentClaimsAreDisjoint() async throws {
        let (first, second) = try await Self.twoInstances()
        defer { first.close(); second.close() }
        try await Self.insert(120, into: first, at: Self.start)
        let outboxes = [PostgresOutbox(pool: first, source: .identity), PostgresOutbox(pool: second, source: .identity)]
        let now = Self.start.addingTimeInterval(1)
        let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for index in 0..<8 {
                let outbox = outboxes[index % 2]
                group.addTask {
                    var ids: [Int64] = []
                    while true {
                        let due = try await outbox.dueMessages(at: now, limit: 7)
                        if due.isEmpty { return ids }
                        ids += due.map(\.id)
                    }
                }
            }
            var all: [Int64] = []
            for try await ids in group { all += ids }
            return all
        }
        #expect(claimed.count == 120)
        #expect(Set(claimed).count == 120, "a row was claimed twice")
        #expect(try await outboxes[0].dueMessages(at: now, limit: 10).isEmpty)
        #expect(try await outboxes[1].pendingMessages(limit: 1_000).count == 120)
    }

    // Proves a claim answers the oldest due rows first with their stored content, hides them
    // from every instance until the lease ends, and that a row settled by id is gone for good
    // while an unsettled one is due again after the lease.
    @Test func aClaimLastsItsLeaseAndSettlingIsById() async throws {
        let (first, second) = try await Self.twoInstances()
        defer { first.close(); second.close() }
        try await Self.insert(3, into: first, at: Self.start)
        let mine = PostgresOutbox(pool: first, source: .identity, leaseSeconds: 60)
        let theirs = PostgresOutbox(pool: second, source: .identity, leaseSeconds: 60)
        let now = Self.start.addingTimeInterval(5)
        let due = try await mine.dueMessages(at: now, limit: 2)
        #expect(due.map(\.draft.subjectID) == [0, 1])
        #expect(due[0].draft.recipient == .address("person0@example.org") && due[0].draft.secret == "s0")
        #expect(due[0].draft.facts == ["n": "0"] && due[0].state == .pending && due[0].attempts == 0)
        #expect(due[0].nextAttemptAt == Self.start && due[0].createdAt == Self.start)
        #expect(try await theirs.dueMessages(at: now, limit: 10).map(\.draft.subjectID) == [2])
        #expect(try await theirs.dueMessages(at: now.addingTimeInterval(59), limit: 10).isEmpty)

        try await mine.markSent(id: due[0].id, at: now)
        let afterLease = now.addingTimeInterval(60)
        #expect(try await theirs.dueMessages(at: afterLease, limit: 10).compactMap(\.draft.subjectID).sorted() == [1, 2])
        let counts = try await theirs.outboxCounts(at: afterLease)
        #expect(counts.pending == 2 && counts.sentLastDay == 1 && counts.failed == 0)
        #expect(counts.oldestPendingAt == Self.start && counts.lastAttemptSucceeded == true)
    }

    // Proves the settling statements as SQLite has them: a failed attempt with a retry time
    // counts and reschedules, without one fails for good with its secret cleared; an
    // administrator's retry puts it back; skipping and deferring; pruning by age.
    @Test func settlingMatchesSQLite() async throws {
        let (first, second) = try await Self.twoInstances()
        defer { first.close(); second.close() }
        try await Self.insert(3, into: first, at: Self.start)
        let outbox = PostgresOutbox(pool: first, source: .identity)
        let now = Self.start.addingTimeInterval(1)
        let due = try await outbox.dueMessages(at: now, limit: 3)
        try #require(due.count == 3)
        try await outbox.markAttemptFailed(id: due[0].id, at: now, retryAt: now.addingTimeInterval(30), error: "smtp 451")
        try await outbox.markAttemptFailed(id: due[1].id, at: now, retryAt: nil, error: "smtp 550")
        try await outbox.markSkipped(id: due[2].id, at: now, reason: "no address")
        let retried = try await outbox.dueMessages(at: now.addingTimeInterval(30), limit: 3)
        #expect(retried.map(\.id) == [due[0].id] && retried[0].attempts == 1 && retried[0].lastError == "smtp 451")
        try await outbox.deferMessage(id: due[0].id, until: now.addingTimeInterval(3_600))
        #expect(try await outbox.pendingMessages(limit: 5).map(\.nextAttemptAt) == [now.addingTimeInterval(3_600)])

        let failed = try await outbox.failedMessages(limit: 5)
        #expect(failed.map(\.id) == [due[1].id] && failed[0].draft.secret == nil && failed[0].attempts == 1)
        let counts = try await outbox.outboxCounts(at: now)
        #expect(counts.failed == 1 && counts.pending == 1 && counts.lastAttemptSucceeded == false)
        #expect(try await outbox.retryFailedMessage(id: due[1].id, at: now))
        #expect(try await !outbox.retryFailedMessage(id: due[1].id, at: now))
        #expect(try await outbox.dueMessages(at: now, limit: 3).map(\.id) == [due[1].id])

        // Both pending rows expire; the skipped one is deleted as old.
        let later = now.addingTimeInterval(10)
        #expect(try await outbox.pruneOutbox(expiredBefore: later, sentBefore: later, failedBefore: Self.start) == 3)
        #expect(try await outbox.outboxCounts(at: later).failed == 2)
    }
}
