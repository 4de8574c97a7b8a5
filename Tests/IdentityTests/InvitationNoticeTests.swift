import Crypto
import Foundation
import GRDB
import Identity
import IdentitySQLite
import Outbox
import Testing

@Suite struct InvitationNoticeTests {
    static let network: Int64 = 7
    static let lead: Int64 = 2

    static func invitationEmails(_ fixture: IdentityFixture) async throws -> [OutboxMessage] {
        try await fixture.unsentEmails().filter { IdentityNotices.invitationKinds.contains($0.draft.kind) }
    }

    /// Proves an invitation is emailed to its address in the same step: kind `invitation`, the
    /// network, the invitation as subject, the join page's path, the expiry and the inviter as
    /// facts, and the raw token as the secret, which opens the invitation; the invitation row
    /// keeps only the token's hash.
    @Test func inviteWritesItsEmail() async throws {
        let fixture = try await IdentityFixture()
        let issued = try await fixture.service.invite(email: "Nurse@Example.org", networkID: Self.network, invitedBy: Self.lead)
        let emails = try await Self.invitationEmails(fixture)
        try #require(emails.count == 1)
        let draft = emails[0].draft
        #expect(draft.kind == .invitation && draft.recipient == .address("nurse@example.org"))
        #expect(draft.networkID == Self.network && draft.subjectID == issued.invitation.id)
        #expect(draft.facts == [
            OutboxDraft.pathFact: "/join/{secret}", OutboxDraft.expiresAtFact: issued.invitation.expiresAt.ISO8601Format(),
            "invitedByMemberID": String(Self.lead),
        ])
        #expect(draft.secret == issued.token)
        let stored = try await fixture.invitationTokenHash(id: issued.invitation.id)
        #expect(stored == SecretToken.hash(issued.token))
        guard case .open = try await fixture.service.invitationStatus(token: draft.secret ?? "").status else {
            Issue.record("the emailed token does not open the invitation"); return
        }
    }

    /// Proves a keyed retry that reissues the token leaves exactly one unsent email, carrying
    /// the new token (the first email, unsent, is dropped with the token it carried); the same
    /// for a keyed batch, one email per address invited and none for an address not invited.
    @Test func keyedRetryLeavesOneLiveLinkEmailed() async throws {
        let fixture = try await IdentityFixture()
        let key = InvitationKey(keyHash: Data(SHA256.hash(data: Data("k".utf8))), requestHash: Data(SHA256.hash(data: Data("r".utf8))))
        let first = try await fixture.service.invite(email: "a@example.org", networkID: Self.network, invitedBy: Self.lead, key: key)
        let retried = try await fixture.service.invite(email: "a@example.org", networkID: Self.network, invitedBy: Self.lead, key: key)
        #expect(retried.invitation.id == first.invitation.id && retried.token != first.token)
        let emails = try await Self.invitationEmails(fixture)
        #expect(emails.map(\.draft.secret) == [retried.token])
        #expect(emails.map(\.draft.kind) == [.invitation])

        let batchKey = InvitationKey(keyHash: Data(SHA256.hash(data: Data("b".utf8))), requestHash: key.requestHash)
        let list = ["b@example.org", "a@example.org", "bad", "c@example.org"]
        _ = try await fixture.service.inviteMany(list, networkID: Self.network, invitedBy: Self.lead, key: batchKey, memberEmails: [])
        let again = try await fixture.service.inviteMany(list, networkID: Self.network, invitedBy: Self.lead, key: batchKey, memberEmails: [])
        var tokens: [String: String] = [:]
        for item in again { if case .invited(let issued) = item.outcome { tokens[item.email] = issued.token } }
        #expect(tokens.keys.sorted() == ["b@example.org", "c@example.org"])
        let byAddress = try await Self.invitationEmails(fixture).reduce(into: [String: [String?]]()) { found, message in
            if case .address(let address) = message.draft.recipient { found[address, default: []].append(message.draft.secret) }
        }
        #expect(byAddress == ["a@example.org": [retried.token], "b@example.org": [tokens["b@example.org"]],
                              "c@example.org": [tokens["c@example.org"]]])
    }

    /// Proves a resend emails the new token (kind `invitation.resent`, the resender as the
    /// inviter) and drops the unsent emails of the invitations it revokes; revoking drops the
    /// invitation's unsent email; accepting drops one still unsent.
    @Test func resendRevokeAndAcceptDropStaleEmails() async throws {
        let fixture = try await IdentityFixture()
        let service = fixture.service
        let first = try await service.invite(email: "a@example.org", networkID: Self.network, invitedBy: Self.lead)
        _ = try await service.invite(email: "a@example.org", networkID: Self.network, invitedBy: Self.lead)
        let other = try await service.invite(email: "b@example.org", networkID: Self.network, invitedBy: Self.lead)
        let resent = try #require(try await service.resendInvitation(id: first.invitation.id, networkID: Self.network, invitedBy: 3))
        var emails = try await Self.invitationEmails(fixture)
        #expect(emails.map(\.draft.secret) == [other.token, resent.token])
        #expect(emails.last?.draft.kind == .invitationResent && emails.last?.draft.facts["invitedByMemberID"] == "3")
        #expect(emails.last?.draft.subjectID == resent.invitation.id)

        _ = try await service.revokeInvitation(id: other.invitation.id, networkID: Self.network)
        emails = try await Self.invitationEmails(fixture)
        #expect(emails.map(\.draft.secret) == [resent.token])
        let acceptance = try await service.claimInvitation(token: resent.token, password: IdentityFixture.strongPassword)
        try await service.completeAcceptance(acceptance, memberID: 40)
        #expect(try await Self.invitationEmails(fixture).isEmpty)
    }

    /// Proves a sent email is kept (only unsent ones are dropped) and its secret is cleared once
    /// sent: the token is then nowhere in the outbox.
    @Test func sentEmailLosesItsSecret() async throws {
        let fixture = try await IdentityFixture()
        let issued = try await fixture.service.invite(email: "a@example.org", networkID: Self.network, invitedBy: Self.lead)
        let email = try #require(try await Self.invitationEmails(fixture).first)
        try await fixture.outbox.markSent(id: email.id, at: fixture.clock.nowDate())
        _ = try await fixture.service.revokeInvitation(id: issued.invitation.id, networkID: Self.network)
        let secrets = try await fixture.outboxStatesAndSecrets()
        #expect(secrets.count == 1 && secrets[0].0 == "sent" && secrets[0].1 == nil)
    }

    /// Proves an invitation and its email commit together, for a single invitation, a batch and
    /// a resend: when the email cannot be written, no invitation is stored or revoked.
    @Test func invitationAndEmailCommitAtomically() async throws {
        let fixture = try await IdentityFixture()
        let service = fixture.service
        let kept = try await service.invite(email: "a@example.org", networkID: Self.network, invitedBy: Self.lead)
        try await fixture.failInserts(into: "outbox")
        let refused1 = await #expect(throws: (any Error).self) {
            _ = try await service.invite(email: "b@example.org", networkID: Self.network, invitedBy: Self.lead)
        }
        #expect(fixture.isStoreFailure(refused1))
        let refused2 = await #expect(throws: (any Error).self) {
            _ = try await service.inviteMany(["c@example.org", "d@example.org"], networkID: Self.network, invitedBy: Self.lead,
                                             memberEmails: [])
        }
        #expect(fixture.isStoreFailure(refused2))
        let refused3 = await #expect(throws: (any Error).self) {
            _ = try await service.resendInvitation(id: kept.invitation.id, networkID: Self.network, invitedBy: Self.lead)
        }
        #expect(fixture.isStoreFailure(refused3))
        let listed = try await service.invitations(networkID: Self.network, state: nil, beforeID: nil, limit: 10)
        #expect(listed.map(\.invitation.id) == [kept.invitation.id] && listed[0].state == .pending)
        #expect(try await Self.invitationEmails(fixture).map(\.draft.secret) == [kept.token])
    }
}
