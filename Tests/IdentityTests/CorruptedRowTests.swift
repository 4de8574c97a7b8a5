import Foundation
import GRDB
import Identity
import IdentitySQLite
import SQLiteSupport
import Testing
import TestSupport

/// Rows edited behind the store's back (text where an integer belongs): every read of them
/// throws `MalformedRow`, naming the table and column, where GRDB's subscripts would trap.
@Suite(.disabled(if: TestPostgres.isSelected, "about SQLite's untyped columns: PostgreSQL refuses text in an integer column"))
struct IdentityCorruptedRowTests {
    /// Runs `sql` on the store's file through a connection of its own, as a hand edit would.
    static func corrupt(_ fixture: IdentityFixture, _ sql: String) async throws {
        let queue = try DatabaseQueue(path: fixture.sqlite!.path)
        try await queue.write { db in
            try db.execute(sql: sql)
            #expect(db.changesCount == 1, "the corruption changed nothing: \(sql)")
        }
        try queue.close()
    }

    // Proves a credential with text in `created_at_ms` is refused by e-mail and by member id.
    @Test func corruptedCredentialThrows() async throws {
        let fixture = try await IdentityFixture()
        defer { try? FileManager.default.removeItem(at: fixture.directory) }
        try await fixture.member(email: "gp@example.nhs.uk", memberID: 7)
        try await Self.corrupt(fixture, "UPDATE credential SET created_at_ms = 'yesterday' WHERE member_id = 7")
        await #expect(throws: MalformedRow(table: "credential", column: "created_at_ms")) {
            _ = try await fixture.store.credential(email: "gp@example.nhs.uk")
        }
        await #expect(throws: MalformedRow(table: "credential", column: "created_at_ms")) {
            _ = try await fixture.store.credential(memberID: 7)
        }
    }

    // Proves a session whose expiry is text is refused when its token is looked up (the session
    // cache holds nothing for it yet; SQLite ranks text above every integer, so the row matches).
    @Test func corruptedSessionPrincipalThrows() async throws {
        let fixture = try await IdentityFixture()
        defer { try? FileManager.default.removeItem(at: fixture.directory) }
        try await fixture.member(email: "gp@example.nhs.uk", memberID: 7)
        let tokenHash = Data(repeating: 0xAB, count: 32)
        let now = fixture.clock.nowDate()
        try await fixture.store.insertSession(SessionRecord(
            tokenHash: tokenHash, memberID: 7, createdAt: now, expiresAt: now.addingTimeInterval(3_600)))
        try await Self.corrupt(fixture, "UPDATE session SET expires_at_ms = 'never' WHERE member_id = 7")
        await #expect(throws: MalformedRow(table: "session", column: "expires_at_ms")) {
            _ = try await fixture.store.principal(sessionTokenHash: tokenHash, at: now)
        }
    }

    // Proves an invitation with text in `network_id` is refused when its token is claimed.
    @Test func corruptedInvitationThrows() async throws {
        let fixture = try await IdentityFixture()
        defer { try? FileManager.default.removeItem(at: fixture.directory) }
        let issued = try await fixture.service.invite(email: "nurse@example.nhs.uk", networkID: 4, invitedBy: 1)
        try await Self.corrupt(fixture, "UPDATE invitation SET network_id = 'north'")
        await #expect(throws: MalformedRow(table: "invitation", column: "network_id")) {
            _ = try await fixture.service.claimInvitation(token: issued.token, password: IdentityFixture.strongPassword)
        }
    }
}
