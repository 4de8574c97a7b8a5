import Crypto
import Foundation
import GRDB
import Identity
import IdentitySQLite
import Testing
import TestSupport

// Proves identity.sqlite is durable (WAL with synchronous FULL, read back) and holds no token
// or password in clear: the raw bytes of the database files are searched for each secret. The
// one exception is a link's token in its unsent email (the outbox row's secret, cleared once
// sent), checked by its columns: SQLite may keep a cleared value's bytes in free space.
@Suite struct SQLiteIdentityStoreTests {
    @Test(.disabled(if: TestPostgres.isSelected, "about SQLite's pragmas"))
    func synchronousIsFullAndJournalIsWAL() async throws {
        let fixture = try await IdentityFixture()
        #expect(try await fixture.sqlite!.synchronousSetting() == 2)
        let queue = try DatabaseQueue(path: fixture.sqlite!.path)
        #expect(try await queue.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
    }

    @Test(.disabled(if: TestPostgres.isSelected, "about SQLite's files"))
    func noSecretIsStoredInClear() async throws {
        let fixture = try await IdentityFixture()
        let password = "quiet-meadow-compass-77"
        let bootstrapToken = try #require(try await fixture.service.prepareBootstrapToken())
        let invitation = try await fixture.service.invite(email: "nurse@example.nhs.uk", networkID: 3, invitedBy: 1)
        let emailed = try await fixture.unsentEmails()
        #expect(emailed.map(\.draft.secret) == [invitation.token])
        let acceptance = try await fixture.service.claimInvitation(token: invitation.token, password: password)
        try await fixture.service.completeAcceptance(acceptance, memberID: 9)
        let session = try await fixture.service.login(email: "nurse@example.nhs.uk", password: password, clientAddress: "203.0.113.5")
        _ = try? await fixture.service.login(email: "nurse@example.nhs.uk", password: "typo-" + password, clientAddress: "203.0.113.5")

        let bytes = try fixture.databaseBytes()
        #expect(bytes.count > 0)
        for secret in [password, "typo-" + password, bootstrapToken, session.token, "203.0.113.5"] {
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "found a secret in clear")
        }
        // Accepted before it was sent: the email is dropped, and no row holds the token.
        #expect(try await fixture.unsentEmails().isEmpty)
        let held = try await fixture.withDatabase { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE secret IS NOT NULL") ?? -1
        }
        #expect(held == 0)
        // The session is found by the SHA-256 of its token, which is what the file holds.
        #expect(bytes.range(of: SecretToken.hash(session.token)) != nil)
        let stored = try #require(try await fixture.store.credential(memberID: 9))
        #expect(stored.passwordHash.hasPrefix("$2"))
    }

    @Test func emailIsUnique() async throws {
        let fixture = try await IdentityFixture()
        let credential = Credential(memberID: 1, email: "a@example.org", passwordHash: "$2b$04$x", isAdministrator: false, createdAt: Date())
        try await fixture.store.insertCredential(credential)
        var other = credential
        other.memberID = 2
        await #expect(throws: IdentityStoreError.emailTaken) { try await fixture.store.insertCredential(other) }
    }
}
