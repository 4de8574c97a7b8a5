import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Identity
import Outbox
import Testing
@testable import PeerHoursAPI

@Suite struct InvitationNoticeAPITests {
    /// Proves an invitation made over the API is emailed (its outbox row carries the join page's
    /// path and the same token the API answers, for clients that deliver it themselves), to the
    /// invited address.
    @Test func invitationsMadeOverTheAPIAreEmailed() async throws {
        let fixture = try await AppFixture()
        try await fixture.application().test(.router) { client in
            let admin = try await client.bootstrapAndLogIn(fixture)
            let invited = try await client.send(
                .post, "/networks/4/invitations", json: #"{"email":"nurse@example.nhs.uk"}"#, token: admin, idempotencyKey: "inv-1")
            #expect(invited.status == .created)
            let invitation = try invited.json(InvitationBody.self)
            let emails = try await fixture.identityStore.outbox.dueMessages(at: .distantFuture, limit: 10)
            #expect(emails.map(\.draft.kind) == [.invitation])
            #expect(emails.first?.draft.secret == invitation.token)
            #expect(emails.first?.draft.recipient == .address("nurse@example.nhs.uk"))
            #expect(emails.first?.draft.facts[OutboxDraft.pathFact] == "/join/{secret}")
        }
    }
}
