import Crypto
import Foundation
import Identity
import IdentityPostgres
import Logging
import PostgresNIO
import PostgresSupport
import Testing
import TestSupport

/// Proves what only several instances over one PostgreSQL can break: two store objects on one
/// schema (two `serve` processes) racing on the steps SQLite's single writer serialised, and a
/// store whose connection the database drops.
@Suite(.enabled(if: TestPostgres.isSelected, "needs PEERHOURS_TEST_DATABASE_URL"))
struct PostgresIdentityInstancesTests {
    static let now = ManualClock.wallStart

    /// Two stores on one fresh schema, each with a pool named `label`-1 and -2.
    static func twoInstances(label: String = "peerhours.identity.tests") async throws
        -> (PostgresIdentityStore, PostgresIdentityStore)
    {
        let location = try await TestPostgres.freshLocation()
        let first = PostgresIdentityStore(pool: PostgresPool(location, label: label + "-1"))
        let second = PostgresIdentityStore(pool: PostgresPool(location, label: label + "-2"))
        try await first.migrate()
        try await second.migrate()
        return (first, second)
    }

    /// Opens `connections` connections on `pool` (held at once, so none is reused), which stay
    /// open for the pool's idle time.
    static func warm(_ pool: PostgresPool, connections: Int) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<connections {
                group.addTask {
                    try await pool.read { connection in
                        _ = try await connection.query("SELECT pg_sleep(0.2)", logger: Logger(label: "identity-tests"))
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    static func hash(_ text: String) -> Data { Data(SHA256.hash(data: Data(text.utf8))) }

    static func credential(_ memberID: Int64, _ email: String) -> Credential {
        Credential(memberID: memberID, email: email, passwordHash: "$2b$04$x", isAdministrator: false, createdAt: now)
    }

    // Proves login attempts racing on two instances for one account and address are counted
    // one at a time: exactly the limit is reserved, the rest refused.
    @Test func rateLimitHoldsAcrossInstances() async throws {
        let (first, second) = try await Self.twoInstances()
        defer { first.close(); second.close() }
        let keys = LoginAttemptKeys(accountKey: Self.hash("account"), addressKey: Self.hash("address"))
        let limits = LoginRateLimits.standard
        let attempts = 2 * limits.failuresPerAccountAndAddressMax
        // The race is about the locks, not about opening connections: each instance opens the
        // connections it will race on first (under the whole suite's load, opening many at once
        // can outlast the pool's wait for one).
        try await Self.warm(first.pool, connections: attempts / 2)
        try await Self.warm(second.pool, connections: attempts / 2)
        let reserved = try await withThrowingTaskGroup(of: Bool.self) { group in
            // Twice the limit, half on each instance.
            for index in 0..<attempts {
                let store = index % 2 == 0 ? first : second
                group.addTask {
                    if case .reserved = try await store.reserveLoginAttempt(keys, at: Self.now, limits: limits) { return true }
                    return false
                }
            }
            var count = 0
            for try await wasReserved in group where wasReserved { count += 1 }
            return count
        }
        #expect(reserved == limits.failuresPerAccountAndAddressMax)
    }

    // Proves one email gets one credential when two instances insert it at once, the other
    // told `emailTaken`; a session revoked on one instance is refused at once on the other.
    @Test func credentialsAndSessionsAcrossInstances() async throws {
        let (first, second) = try await Self.twoInstances()
        defer { first.close(); second.close() }
        let outcomes = try await withThrowingTaskGroup(of: IdentityStoreError?.self) { group in
            for (index, store) in [first, second, first, second].enumerated() {
                group.addTask {
                    do {
                        try await store.insertCredential(Self.credential(Int64(index + 1), "gp@example.nhs.uk"))
                        return nil
                    } catch let error as IdentityStoreError {
                        return error
                    }
                }
            }
            var outcomes: [IdentityStoreError?] = []
            for try await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
        #expect(outcomes.filter { $0 == nil }.count == 1)
        #expect(outcomes.filter { $0 == .emailTaken }.count == 3)

        let owner = try #require(try await second.credential(email: "gp@example.nhs.uk"))
        let token = Self.hash("session")
        try await first.insertSession(SessionRecord(tokenHash: token, memberID: owner.memberID, createdAt: Self.now,
                                                    expiresAt: Self.now.addingTimeInterval(3_600)))
        #expect(try await second.principal(sessionTokenHash: token, at: Self.now)?.memberID == owner.memberID)
        #expect(try await first.revokeSession(tokenHash: token, at: Self.now))
        #expect(try await second.principal(sessionTokenHash: token, at: Self.now) == nil)
    }

    // Proves password reset requests for one member racing on two instances leave exactly one
    // unused reset and one unsent email (only the newest link works), and a batch invitation of
    // one address racing on both instances stores one pending invitation.
    @Test func resetsAndBatchesAcrossInstances() async throws {
        let (first, second) = try await Self.twoInstances()
        defer { first.close(); second.close() }
        try await first.insertCredential(Self.credential(7, "gp@example.nhs.uk"))
        let limits = LoginRateLimits(failuresPerAccountAndAddressMax: 100, failuresPerAddressMax: 100, failuresPerAccountMax: 100,
                                     windowSeconds: 3_600)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<8 {
                let store = index % 2 == 0 ? first : second
                group.addTask {
                    let reset = NewPasswordReset(email: "gp@example.nhs.uk", token: SecretToken.generate(), createdAt: Self.now,
                                                 expiresAt: Self.now.addingTimeInterval(1_800))
                    let keys = LoginAttemptKeys(accountKey: Self.hash("reset-account"), addressKey: Self.hash("address-\(index)"))
                    _ = try await store.requestPasswordReset(reset, keys: keys, limits: limits)
                }
            }
            try await group.waitForAll()
        }
        let unsent = try await first.outbox.pendingMessages(limit: 100)
        #expect(unsent.filter { $0.draft.kind == .passwordReset }.count == 1)
        let open = try await withThrowingTaskGroup(of: Bool.self) { group in
            for message in unsent where message.draft.kind == .passwordReset {
                group.addTask { try await second.openPasswordReset(tokenHash: SecretToken.hash(message.draft.secret ?? ""), at: Self.now) != nil }
            }
            var open = 0
            for try await isOpen in group where isOpen { open += 1 }
            return open
        }
        #expect(open == 1)

        let batches = try await withThrowingTaskGroup(of: [StoredBatchInvitation].self) { group in
            for index in 0..<6 {
                let store = index % 2 == 0 ? first : second
                group.addTask {
                    let invitation = NewInvitation(
                        token: SecretToken.generate(), networkID: 3, email: "nurse@example.nhs.uk", invitedByMemberID: 7,
                        createdAt: Self.now, expiresAt: Self.now.addingTimeInterval(7 * 86_400))
                    return try await store.insertInvitations([invitation], at: Self.now)
                }
            }
            var all: [StoredBatchInvitation] = []
            for try await stored in group { all += stored }
            return all
        }
        #expect(batches.filter { if case .created = $0 { true } else { false } }.count == 1)
        #expect(batches.filter { if case .pending = $0 { true } else { false } }.count == 5)
    }

    // Proves a store whose connections the database server drops answers again afterwards:
    // a call made while the connection is lost may fail as unavailable (503), never wrongly,
    // and the next succeeds on a new connection.
    @Test func aLostConnectionRecovers() async throws {
        let label = "peerhours.identity.lost." + UUID().uuidString.prefix(8).lowercased()
        let (first, second) = try await Self.twoInstances(label: label)
        defer { first.close(); second.close() }
        try await first.insertCredential(Self.credential(7, "gp@example.nhs.uk"))
        #expect(try await first.credential(memberID: 7) != nil)
        let terminated = try await second.pool.transaction { connection in
            var count = 0
            for try await killed in try await connection.query(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = \(label + "-1")",
                logger: Logger(label: "identity-tests")
            ).decode(Bool.self) where killed {
                count += 1
            }
            return count
        }
        #expect(terminated >= 1)
        var answered: Credential?
        for _ in 0..<20 where answered == nil {
            do {
                answered = try await first.credential(memberID: 7)
            } catch {
                #expect(PostgresErrors.isUnavailable(error), "a lost connection is reported as unavailable")
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        #expect(answered?.email == "gp@example.nhs.uk")
    }
}
