import AppTestSupport
import Exchange
import Foundation
import Ledger
import HTTPTypes
import HummingbirdTesting
@testable import PeerHoursWeb
import Testing

@Suite struct CoordinatorAuditPageTests {
    /// Rae suspended and reinstated by the administrator and Nia reading the follow-ups, in north;
    /// Sol reading south's follow-ups, in south.
    static func withEvents(_ world: CoordinatorWorld) async throws {
        let domain = world.fixture.domain
        _ = try await domain.memberships.suspend(world.admin, memberID: MemberID(world.rae), networkID: world.north.id)
        _ = try await domain.memberships.reinstate(world.admin, memberID: MemberID(world.rae), networkID: world.north.id)
        _ = try await domain.followUps.dormantMembers(Actor(memberID: MemberID(world.nia)), networkID: world.north.id)
        _ = try await domain.followUps.dormantMembers(Actor(memberID: MemberID(world.sol)), networkID: world.south.id)
    }

    static func words() throws -> Words { try MessageCatalogues.load(directories: [WordsTests.shippedCatalogues]).defaultWords }

    static func rows(_ html: String) -> Int { html.components(separatedBy: "<tr><td>").count - 1 }

    // Proves the trail in words: who did what to whom by display name (escaped), when in the
    // reader's words, only this network's entries, linked from the network's home.
    @Test func listsByName() async throws {
        let world = try await CoordinatorWorld.make()
        try await Self.withEvents(world)
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let home = try await browser.get(world.home)
            #expect(home.html.contains(#"<a href="\#(world.audit)">The audit trail"#))
            let page = try await browser.get(world.audit)
            #expect(page.status == .ok)
            #expect(page.html.contains("<h1>Audit trail of Network north</h1>"))
            #expect(page.html.contains("<tr><td>Ada Admin suspended Rae Requester&#39;s membership</td><td>"))
            #expect(page.html.contains("<tr><td>Ada Admin reinstated Rae Requester&#39;s membership</td><td>"))
            #expect(page.html.contains("<tr><td>Nia &lt;b&gt;Coordinator&lt;/b&gt; viewed the follow-up lists</td><td>"))
            #expect(page.html.contains("Ada Admin changed Nia &lt;b&gt;Coordinator&lt;/b&gt;&#39;s role"))
            #expect(!page.html.contains("Sol South"))
            #expect(!page.html.contains(#"class="pagination""#))
            // The reader's words for when: a weekday and a time.
            let when = WhenWords(timeZone: WhenWords.defaultTimeZone, now: world.fixture.domain.now())
            let trail = try await world.fixture.domain.audit.trail(world.admin, networkID: world.north.id)
            let words = try #require(PageResponse.firstMatch(#"<td>Ada Admin suspended[^<]*</td><td>([^<]*)</td>"#, in: page.html))
            let suspended = try #require(trail.items.first { $0.action == .membershipSuspended })
            #expect(words == when.moment(suspended.at, words: try Self.words()).replacingOccurrences(of: "'", with: "&#39;"))
        }
    }

    // Proves the filters: by action (the option kept selected), by part of a name (the one who
    // acted or whom it concerned, any case), both together; an unknown action or an over-long
    // name is shown at its field (422, the input kept) and the trail is shown unfiltered by it.
    @Test func filters() async throws {
        let world = try await CoordinatorWorld.make()
        try await Self.withEvents(world)
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let suspended = try await browser.get(world.audit + "?action=membership.suspended")
            #expect(suspended.status == .ok && Self.rows(suspended.html) == 1)
            #expect(suspended.html.contains("suspended Rae Requester") && !suspended.html.contains("reinstated Rae"))
            #expect(suspended.html.contains(#"<option value="membership.suspended" selected>"#))
            let rae = try await browser.get(world.audit + "?person=rAE")
            #expect(Self.rows(rae.html) == 2 && !rae.html.contains("viewed the follow-up lists"))
            #expect(rae.html.contains(#"value="rAE""#))
            let nia = try await browser.get(world.audit + "?person=nia&action=network.follow_ups_viewed")
            #expect(Self.rows(nia.html) == 1 && nia.html.contains("Coordinator&lt;/b&gt; viewed the follow-up lists"))
            let nobody = try await browser.get(world.audit + "?person=nobody")
            #expect(nobody.status == .ok && Self.rows(nobody.html) == 0)
            #expect(nobody.html.contains("No entry matches.") && !nobody.html.contains(">Next page<"))

            let unknown = try await browser.get(world.audit + "?action=ledger.stolen")
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.html.contains("Choose what was done from the list") && unknown.html.contains("<title>Error:"))
            #expect(unknown.html.contains("suspended Rae Requester") && unknown.html.contains("viewed the follow-up lists"))
            let long = try await browser.get(world.audit + "?person=" + String(repeating: "a", count: 101))
            #expect(long.status == .unprocessableContent && long.html.contains("Enter at most 100 characters of a name"))
            #expect(long.html.contains(#"value="\#(String(repeating: "a", count: 101))""#))
            let longest = try await browser.get(world.audit + "?person=" + String(repeating: "a", count: 100))
            #expect(longest.status == .ok)
            let badCursor = try await browser.get(world.audit + "?cursor=nonsense").status
            #expect(badCursor == .badRequest)
        }
    }

    // Proves paging: more than a page of entries lists 20, then the rest on the next page; a
    // filtered page reads a bounded number of entries, and one found further on is reached by
    // "Next page", which keeps the filter.
    @Test func pages() async throws {
        let world = try await CoordinatorWorld.make()
        let nia = Actor(memberID: MemberID(world.nia))
        for _ in 1...201 { _ = try await world.fixture.domain.followUps.dormantMembers(nia, networkID: world.north.id) }
        _ = try await world.fixture.domain.memberships.suspend(world.admin, memberID: MemberID(world.rae), networkID: world.north.id)
        let total = try await Self.count(world)
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            var path = world.audit, seen = 0, pages = 0
            while true {
                let page = try await browser.get(path)
                #expect(page.status == .ok)
                seen += Self.rows(page.html)
                pages += 1
                guard let next = PageResponse.firstMatch(#"<a href="([^"]*)">Next page"#, in: page.html) else { break }
                #expect(Self.rows(page.html) == 20)
                path = next.replacingOccurrences(of: "&amp;", with: "&")
            }
            #expect(seen == total && pages == (total + 19) / 20)

            let first = try await browser.get(world.audit + "?action=membership.suspended")
            #expect(Self.rows(first.html) == 0 && first.html.contains("No entry on this page matches."))
            let next = try #require(PageResponse.firstMatch(#"<a href="([^"]*)">Next page"#, in: first.html))
                .replacingOccurrences(of: "&amp;", with: "&")
            #expect(next.contains("action=membership.suspended"))
            let second = try await browser.get(next)
            #expect(Self.rows(second.html) == 1 && second.html.contains("Ada Admin suspended Rae Requester"))
            #expect(!second.html.contains(">Next page<"))
        }
    }

    /// Every entry of north's trail, as the administrator reads it.
    static func count(_ world: CoordinatorWorld) async throws -> Int {
        var count = 0, cursor: String? = nil
        repeat {
            let page = try await world.fixture.domain.audit.trail(world.admin, networkID: world.north.id,
                                                                  page: PageRequest(cursor: cursor, size: PageRequest.sizeMax))
            count += page.items.count
            cursor = page.nextCursor
        } while cursor != nil
        return count
    }

    // Proves the page refuses as the API's trail does: a plain member 403, a coordinator of
    // another network 404, signed out a redirect to sign-in.
    @Test func refusals() async throws {
        let world = try await CoordinatorWorld.make()
        try await world.test(as: CoordinatorWorld.raeEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let status = try await browser.get(world.audit).status
            #expect(status == .forbidden)
        }
        try await world.test(as: CoordinatorWorld.solEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let status = try await browser.get(world.audit).status
            #expect(status == .notFound)
            let own = try await browser.get(CoordinatorPaths.audit(world.south.id)).status
            #expect(own == .ok)
        }
        try await world.test(as: nil) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let page = try await browser.get(world.audit)
            #expect(page.status == .seeOther && page.location == "/sign-in")
        }
    }

    // Proves every action has its sentence and its name in the catalogue, each naming the actor.
    @Test(arguments: AuditAction.allCases) func everyActionHasWords(_ action: AuditAction) throws {
        let words = try Self.words()
        let sentence = WebApp.auditSentence(action, actor: "Ada", member: "Rae", words: words)
        #expect(sentence.hasPrefix("Ada ") && !sentence.contains("{") && !sentence.contains("auditEvent_"))
        let name = WebApp.auditActionName(action, words)
        #expect(!name.isEmpty && !name.contains("auditAction_"))
    }
}

extension CoordinatorWorld {
    var audit: String { CoordinatorPaths.audit(north.id) }
}
