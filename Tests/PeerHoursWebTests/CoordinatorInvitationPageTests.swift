import AppTestSupport
import Exchange
import Foundation
import Ledger
import HTTPTypes
import HummingbirdTesting
import Identity
import IdentitySQLite
import Outbox
@testable import PeerHoursWeb
import Testing

@Suite struct CoordinatorInvitationPageTests {
    /// The tokens of the invitation emails not sent yet, by address, oldest first: the identity
    /// outbox's secret column (the page shows no links: each invitation is emailed).
    static func emailedTokens(_ fixture: AppFixture) async throws -> [String: [String]] {
        try await fixture.identityStore.outbox.dueMessages(at: .distantFuture, limit: 1_000).reduce(into: [:]) { found, message in
            guard [.invitation, .invitationResent].contains(message.draft.kind), case .address(let email) = message.draft.recipient,
                  let secret = message.draft.secret else { return }
            found[email, default: []].append(secret)
        }
    }

    static func formKey(_ html: String) -> String { PageResponse.firstMatch(#"name="formKey" value="([^"]*)""#, in: html) ?? "" }

    static func invitationID(_ html: String, _ action: String) -> String? {
        PageResponse.firstMatch(#"/invitations/([0-9]+)/\#(action)""#, in: html)
    }

    // Proves inviting a pasted list: each address's outcome in words (invited, not an address,
    // repeated, already a member, already invited; lines end in CR LF as a browser posts them or
    // in LF); each invitation emailed (one unsent email per address, its link opening the join
    // page) and no link on the page; the same form sent twice invites nobody new and still leaves
    // one link emailed per address.
    @Test func inviteAListWithMixedOutcomes() async throws {
        let world = try await CoordinatorWorld.make()
        _ = try await world.fixture.invite("waiting@example.org", to: world.north, by: world.admin)
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let form = try await browser.get(world.invitations)
            #expect(form.status == .ok)
            #expect(form.html.contains("PeerHours emails each address a link to join"))
            let fields = [("csrf", form.csrfToken ?? ""), ("formKey", Self.formKey(form.html)),
                          ("emails", "new.one@example.org, not-an-address\r\nnew.two@example.org;new.one@example.org\n\(CoordinatorWorld.raeEmail)\r\nwaiting@example.org")]
            let page = try await browser.post(world.invitations, fields)
            #expect(page.status == .ok)
            #expect(page.html.contains("2 of 6 addresses invited."))
            #expect(page.html.contains("<td>new.one@example.org</td><td>Invited: an email with a link to join is on its way</td>"))
            #expect(page.html.contains("<td>not-an-address</td><td>Not invited: this is not an email address</td>"))
            #expect(page.html.contains("<td>new.one@example.org</td><td>Not invited again: the address is in the list twice</td>"))
            #expect(page.html.contains("<td>\(CoordinatorWorld.raeEmail)</td><td>Not invited: already a member of the network</td>"))
            #expect(page.html.contains("<td>waiting@example.org</td><td>Not invited: an invitation to this address is waiting"))
            #expect(!page.html.contains("/join/"))
            let emailed = try await Self.emailedTokens(world.fixture)
            #expect(emailed["new.one@example.org"]?.count == 1 && emailed["new.two@example.org"]?.count == 1)
            #expect(emailed[CoordinatorWorld.raeEmail] == nil)
            let listed = try await world.fixture.identity.invitations(networkID: world.north.id.rawValue, state: .pending, beforeID: nil, limit: 50)
            #expect(listed.count == 3)

            // The same form again (a double click): nobody new is invited.
            let again = try await browser.post(world.invitations, fields)
            #expect(again.status == .ok)
            let after = try await world.fixture.identity.invitations(networkID: world.north.id.rawValue, state: .pending, beforeID: nil, limit: 50)
            #expect(after.count == 3)
            let emailedAgain = try await Self.emailedTokens(world.fixture)
            for email in ["new.one@example.org", "new.two@example.org"] {
                let tokens = emailedAgain[email] ?? []
                #expect(tokens.count == 1, "one live link emailed to \(email)")
                for token in tokens { let opened = try await browser.get("/join/\(token)").status; #expect(opened == .ok) }
            }

            // Later, the list holds no links (only hashes are kept).
            let list = try await browser.get(world.invitations)
            #expect(!list.html.contains("/join/"))
            #expect(list.html.contains("new.two@example.org") && list.html.contains("Waiting to be accepted"))
            #expect(list.html.contains("Nia &lt;b&gt;Coordinator&lt;/b&gt;") && list.html.contains("Ada Admin"))
        }
    }

    // Proves resend and revoke: resend emails a new link that opens the join page while the old
    // link is refused as withdrawn, with a confirmation; revoke confirms and its link is refused;
    // the filter shows each state; an accepted invitation offers neither and refuses both (409).
    @Test func resendAndRevoke() async throws {
        let world = try await CoordinatorWorld.make()
        let old = try await world.fixture.invite("amy@example.org", to: world.north, by: world.admin)
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let list = try await browser.get(world.invitations)
            let csrf = list.csrfToken ?? "", key = Self.formKey(list.html)
            guard let amy = Self.invitationID(list.html, "resend") else { Issue.record("no resend button"); return }
            let resent = try await browser.post(CoordinatorPaths.resendInvitation(world.north.id, Int64(amy)!), [("csrf", csrf), ("formKey", key)])
            #expect(resent.status == .ok)
            #expect(resent.html.contains("A new invitation was emailed to amy@example.org"))
            #expect(!resent.html.contains("/join/"))
            let links = try await Self.emailedTokens(world.fixture)["amy@example.org"] ?? []
            #expect(links.count == 1 && links.first != old)
            let newLink = try #require(links.first)
            let old2 = try await browser.get("/join/\(old)")
            #expect(old2.status == .gone && old2.html.contains("This invitation has been withdrawn"))
            let status5 = try await browser.get("/join/\(newLink)").status; #expect(status5 == .ok)

            let pending = try await browser.get(world.invitations + "?state=pending")
            #expect(pending.html.contains(#"<strong aria-current="page">Waiting</strong>"#))
            guard let fresh = Self.invitationID(pending.html, "revoke") else { Issue.record("no revoke button"); return }
            let revoked = try await browser.post(CoordinatorPaths.revokeInvitation(world.north.id, Int64(fresh)!), [("csrf", csrf)])
            #expect(revoked.status == .ok && revoked.html.contains("The invitation to amy@example.org was withdrawn"))
            let status6 = try await browser.get("/join/\(newLink)").status; #expect(status6 == .gone)
            let withdrawn = try await browser.get(world.invitations + "?state=revoked")
            #expect(withdrawn.html.contains("amy@example.org") && withdrawn.html.contains("<dd>Withdrawn</dd>"))
            #expect(try await browser.get(world.invitations + "?state=pending").html.contains("No invitations to show."))
            let status7 = try await browser.get(world.invitations + "?state=lost").status; #expect(status7 == .badRequest)

            // Rae's invitation was accepted: no buttons, and both actions are refused.
            let accepted = try await world.fixture.identity.invitations(
                networkID: world.north.id.rawValue, state: .accepted, beforeID: nil, limit: 50)
            let raeInvitation = try #require(accepted.first { $0.invitation.email == CoordinatorWorld.raeEmail }).invitation.id
            let acceptedPage = try await browser.get(world.invitations + "?state=accepted")
            #expect(!acceptedPage.html.contains("/\(raeInvitation)/resend") && !acceptedPage.html.contains("/\(raeInvitation)/revoke"))
            let refused = try await browser.post(CoordinatorPaths.revokeInvitation(world.north.id, raeInvitation), [("csrf", csrf)])
            #expect(refused.status == .conflict && refused.html.contains("This invitation was accepted already"))
        }
    }

    // Proves the form's mistakes and limits: no address, or more than 200, is shown at the field
    // (422, the input kept) and invites nobody; hostile text is escaped and hostile or unknown
    // invitation ids are 404; exactly 200 is accepted.
    @Test func inviteFormMistakesAndLimits() async throws {
        let world = try await CoordinatorWorld.make()
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let csrf = try await browser.get(world.invitations).csrfToken ?? ""
            let empty = try await browser.post(world.invitations, [("csrf", csrf), ("emails", " \n , ")])
            #expect(empty.status == .unprocessableContent)
            #expect(empty.html.contains("<title>Error:") && empty.summaryLinks(to: "emails"))
            #expect(empty.html.contains("Enter at least one email address"))
            let many = (1...201).map { "person\($0)@example.org" }.joined(separator: "\n")
            let tooMany = try await browser.post(world.invitations, [("csrf", csrf), ("emails", many)])
            #expect(tooMany.status == .unprocessableContent && tooMany.html.contains("Enter at most 200 email addresses at a time"))
            #expect(tooMany.html.contains("person201@example.org"))
            let none = try await world.fixture.identity.invitations(networkID: world.north.id.rawValue, state: .pending, beforeID: nil, limit: 50)
            #expect(none.isEmpty)
            // Hostile text is shown escaped, as an address that is not one; hostile ids are 404.
            let hostile = try await browser.post(world.invitations, [("csrf", csrf), ("emails", "<script>alert(1)</script>")])
            #expect(hostile.status == .ok && !hostile.html.contains("<script>alert"))
            #expect(hostile.html.contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td><td>Not invited: this is not an email address</td>"))
            for id in ["abc", "0", "-1", "99999999999999999999"] {
                let refused = try await browser.post(world.invitations + "/\(id)/revoke", [("csrf", csrf)])
                #expect(refused.status == .notFound, "\(id)")
            }
            let unknown = try await browser.post(CoordinatorPaths.revokeInvitation(world.north.id, 424242), [("csrf", csrf)])
            #expect(unknown.status == .notFound)
            let most = (1...200).map { "person\($0)@example.org" }.joined(separator: ",")
            let done = try await browser.post(world.invitations, [("csrf", csrf), ("emails", most)])
            #expect(done.status == .ok && done.html.contains("200 of 200 addresses invited."))
            #expect(try await Self.emailedTokens(world.fixture).count == 200)
        }
    }

    // Proves CSRF: an invite, a resend and a revoke without the token or with a wrong one are the
    // 403 page and change nothing; a plain member is 403 and a coordinator of another network 404
    // for each action, changing nothing either.
    @Test func actionsAreProtected() async throws {
        let world = try await CoordinatorWorld.make()
        let token = try await world.fixture.invite("amy@example.org", to: world.north, by: world.admin)
        let pending = try await world.fixture.identity.invitations(networkID: world.north.id.rawValue, state: .pending, beforeID: nil, limit: 5)
        let id = try #require(pending.first).invitation.id
        let resend = CoordinatorPaths.resendInvitation(world.north.id, id), revoke = CoordinatorPaths.revokeInvitation(world.north.id, id)
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            for fields in [[], [("csrf", "wrong")]] as [[(String, String)]] {
                let invited = try await browser.post(world.invitations, fields + [("emails", "bea@example.org")])
                let resent = try await browser.post(resend, fields)
                let revoked = try await browser.post(revoke, fields)
                #expect([invited.status, resent.status, revoked.status] == [.forbidden, .forbidden, .forbidden])
            }
        }
        for (email, status) in [(CoordinatorWorld.raeEmail, HTTPResponse.Status.forbidden), (CoordinatorWorld.solEmail, .notFound)] {
            try await world.test(as: email) { browser, _ in
                var browser = browser  // a local copy: #expect cannot capture an inout parameter
                let csrf = try await browser.get("/").csrfToken ?? ""
                #expect(try await browser.post(world.invitations, [("csrf", csrf), ("emails", "bea@example.org")]).status == status)
                #expect(try await browser.post(resend, [("csrf", csrf)]).status == status)
                #expect(try await browser.post(revoke, [("csrf", csrf)]).status == status)
            }
        }
        let after = try await world.fixture.identity.invitations(networkID: world.north.id.rawValue, state: .pending, beforeID: nil, limit: 5)
        #expect(after.map(\.invitation.id) == [id])
        guard case .open = try await world.fixture.identity.invitationStatus(token: token).status else {
            Issue.record("the invitation no longer opens"); return
        }
    }
}
