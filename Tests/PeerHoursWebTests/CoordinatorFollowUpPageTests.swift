import AppTestSupport
import Exchange
import Foundation
import Ledger
import HTTPTypes
import HummingbirdTesting
@testable import PeerHoursWeb
import Testing

@Suite struct CoordinatorFollowUpPageTests {
    // Proves the follow-up lists by name: the unconfirmed session with both names, when it was
    // and how long ago it ended, and who has confirmed; the waiting request with its requester,
    // kind, topics, urgency and age, never its private description; the dormant members for the
    // days chosen in the GET form (nobody at 90 days, the active members at 7); every read audited.
    @Test func listsByName() async throws {
        let world = try await CoordinatorWorld.make()
        try await world.withFollowUps()
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let page = try await browser.get(world.followUps)
            #expect(page.status == .ok)
            #expect(page.html.contains("<h1>Follow up in Network north</h1>"))
            #expect(page.html.contains(#"<h3 class="card-title">Rae Requester with Ben Supporter</h3>"#))
            #expect(page.html.contains("Ended 6 days ago"))
            #expect(page.html.contains("Neither has confirmed it yet."))
            #expect(page.html.contains("<dd>Coaching</dd>") && page.html.contains("<dd>burnout, sleep</dd>"))
            #expect(page.html.contains("<dd>Normal</dd>") && page.html.contains("<dd>8 days</dd>"))
            #expect(!page.html.contains(CoordinatorWorld.privateDescription))
            // Members joined 8 days ago are not yet quiet for 90 days.
            #expect(page.html.contains("Members with no session for 90 days"))
            #expect(page.html.contains("Every member has had a session in that time."))

            let week = try await browser.get(world.followUps + "?days=7&waitDays=30")
            #expect(week.status == .ok)
            #expect(week.html.contains("Members with no session for 7 days"))
            #expect(week.html.contains(#"<h3 class="card-title">Nia &lt;b&gt;Coordinator&lt;/b&gt;</h3><p>No session yet</p>"#))
            // Rae's session is not completed, so she is quiet too; Sol only waits for approval.
            #expect(week.html.contains(#"<h3 class="card-title">Rae Requester</h3><p>No session yet</p>"#))
            #expect(!week.html.contains("Sol South"))
            #expect(week.html.contains("No open request has waited that long."))
            #expect(week.html.contains(#"value="7""#) && week.html.contains(#"value="30""#))
        }
        let trail = try await world.fixture.domain.audit.trail(world.admin, networkID: world.north.id)
        #expect(trail.items.filter { $0.action == .followUpsViewed }.count == 6)
    }

    // Proves the day bounds: a number out of range or not a number is shown at its field (422,
    // the input kept) and the lists use the default; the bounds themselves are accepted.
    @Test func dayBounds() async throws {
        let world = try await CoordinatorWorld.make()
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            for query in ["days=0", "days=731", "days=ten", "waitDays=366", "waitDays=-1"] {
                let page = try await browser.get(world.followUps + "?" + query)
                #expect(page.status == .unprocessableContent, "\(query)")
                #expect(page.html.contains("Enter a whole number of days from 1 to"), "\(query)")
                #expect(page.html.contains("<title>Error:"), "\(query)")
            }
            let kept = try await browser.get(world.followUps + "?days=%3Cb%3E")
            #expect(kept.html.contains(#"value="&lt;b&gt;""#) && kept.html.contains("Members with no session for 90 days"))
            let smallest = try await browser.get(world.followUps + "?days=1&waitDays=1")
            #expect(smallest.status == .ok && smallest.html.contains("Members with no session for 1 day<"))
            #expect(smallest.html.contains("Requests waiting 1 day or more"))
            let status2 = try await browser.get(world.followUps + "?days=730&waitDays=365").status; #expect(status2 == .ok)
            let status3 = try await browser.get(world.followUps + "?dormantCursor=nonsense").status; #expect(status3 == .badRequest)
        }
    }

    // Proves paging: 24 quiet members list 20, then the other 4 on the next page, which keeps
    // the chosen days.
    @Test func dormantMembersPage() async throws {
        let world = try await CoordinatorWorld.make()
        for index in 1...21 {
            _ = try await world.fixture.member("m\(index)@example.org", displayName: "Quiet \(index)", in: world.north, by: world.admin)
        }
        world.fixture.ledgerClock.advance(seconds: 3 * 86_400)
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let first = try await browser.get(world.followUps + "?days=2")
            #expect(first.html.components(separatedBy: "<p>No session yet</p>").count - 1 == 20)
            let next = try #require(PageResponse.firstMatch(#"href="([^"]*dormantCursor=[^"]*)""#, in: first.html))
                .replacingOccurrences(of: "&amp;", with: "&")
            #expect(next.contains("days=2"))
            let second = try await browser.get(next)
            #expect(second.status == .ok)
            #expect(second.html.components(separatedBy: "<p>No session yet</p>").count - 1 == 4)
            #expect(second.html.contains("Quiet 21") && !second.html.contains(">Quiet 1<"))
        }
    }
}
