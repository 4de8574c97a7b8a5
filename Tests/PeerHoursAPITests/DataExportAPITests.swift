import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import Testing
@testable import PeerHoursAPI

/// A data export as loose JSON, to read any section by name.
private struct ExportDocument {
    let object: [String: Any]
    let text: String

    init(_ response: TestResponse) throws {
        text = String(buffer: response.body)
        object = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    func items(_ section: String) -> [[String: Any]] {
        (object[section] as? [String: Any])?["items"] as? [[String: Any]] ?? []
    }

    var statementEntries: [[String: Any]] {
        (object["statements"] as? [[String: Any]] ?? []).flatMap { ($0["entries"] as? [String: Any])?["items"] as? [[String: Any]] ?? [] }
    }
}

@Suite struct DataExportAPITests {
    static let sections = ["format", "about", "memberID", "generatedAt", "identity", "profile", "settings", "memberships", "offers",
                           "requests", "exchanges", "messages", "statements", "groupSessions", "blocks", "notificationSettings",
                           "calendarFeed", "auditEvents", "urgentRequests"]

    /// Proves a member's own export over the API: an attachment holding every section, with the
    /// seeded member's login (no password hash, no session token), their request's private
    /// description, the session with the other party by name, both parties' messages, the
    /// statement with the community account and the other member as the other sides and the
    /// balance after each, their block, their calendar feed (not its address), and the
    /// coordinator's reading of their statement with the actor by role; and that the other
    /// party's export has the messages but not the requester's description; her urgent request
    /// with its note and contact is in hers and not in his.
    @Test func memberGetsTheirOwn() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let scene = try await fixture.dataExportScene()
        try await fixture.application().test(.router) { client in
            let rita = try await client.logIn(scene.rita)
            let response = try await client.send(.get, "/members/me/data-export", token: rita)
            #expect(response.status == .ok)
            let disposition = try #require(response.headers[.contentDisposition])
            #expect(disposition.hasPrefix("attachment; filename=\"peerhours-data-\(scene.rita.id.rawValue)-"))
            let document = try ExportDocument(response)
            #expect(Set(document.object.keys) == Set(Self.sections))
            #expect(document.object["memberID"] as? Int == Int(scene.rita.id.rawValue))
            let identity = try #require(document.object["identity"] as? [String: Any])
            #expect(identity["email"] as? String == "rita@example.nhs.uk" && identity["hasPassword"] as? Bool == true)
            #expect((identity["activeSessions"] as? [Any])?.count == 1)
            #expect(!document.text.contains(rita) && !document.text.contains("$2") && !document.text.contains("passwordHash"))
            #expect(document.items("requests").map { $0["description"] as? String } == [DataExportScene.description])
            let exchange = try #require(document.items("exchanges").first)
            #expect(exchange["otherParty"] as? String == "Sam" && exchange["role"] as? String == "requester")
            #expect(exchange["status"] as? String == "completed" && exchange["settledMinutes"] as? Int == 60)
            let messages = document.items("messages")
            #expect(messages.map { $0["body"] as? String } == [DataExportScene.ritaMessage, DataExportScene.samMessage])
            #expect(messages.map { $0["fromYou"] as? Bool } == [true, false] && messages.last?["author"] as? String == "Sam")
            let posted = document.statementEntries.filter { $0["state"] as? String == "posted" }
            #expect(posted.map { $0["otherSide"] as? String } == ["community account", "Sam"])
            #expect(posted.map { $0["balanceAfterMinutes"] as? Int } == [120, 60])
            #expect(document.items("blocks").map { $0["member"] as? String } == ["Tess"])
            #expect((document.object["calendarFeed"] as? [String: Any])?["exists"] as? Bool == true)
            #expect(!document.text.contains("/calendar/"))
            let viewed = document.items("auditEvents").filter { $0["action"] as? String == "account.statement_viewed" }
            #expect(viewed.map { $0["actor"] as? String } == ["a coordinator"] && !document.text.contains("Cora"))
            #expect(!(document.object["notificationSettings"] as? [Any] ?? []).isEmpty)
            let urgent = document.items("urgentRequests")
            #expect(urgent.map { $0["note"] as? String } == [DataExportScene.urgentNote])
            #expect(urgent.map { $0["status"] as? String } == ["waiting"] && urgent.first?["contact"] as? String == "07700 900123")

            let sam = try await client.logIn(scene.sam)
            let his = try ExportDocument(try await client.send(.get, "/members/me/data-export", token: sam))
            #expect(his.object["memberID"] as? Int == Int(scene.sam.id.rawValue))
            #expect(his.items("messages").map { $0["fromYou"] as? Bool } == [false, true])
            #expect(his.items("requests").isEmpty && !his.text.contains("DESCRIPTION-MARKER-7Q"))
            #expect(his.items("urgentRequests").isEmpty && !his.text.contains("URGENT-MARKER-5W"))
            #expect(his.items("offers").map { $0["title"] as? String } == ["Coaching after nights"])
        }
    }

    /// Proves who may export another member: another member (and the member themself, through
    /// this path) 403, nobody signed in 401; an administrator gets the member's document, and
    /// each such export is recorded as `member.data_exported` (the member the subject, the
    /// administrator the actor) in the member's network; an unknown member is 404.
    @Test func administratorsOnlyAndAudited() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let scene = try await fixture.dataExportScene()
        try await fixture.application().test(.router) { client in
            let path = "/members/\(scene.rita.id.rawValue)/data-export"
            let tess = try await client.logIn(scene.tess)
            let rita = try await client.logIn(scene.rita)
            let cora = try await client.logIn(scene.cora)
            for token in [tess, rita, cora] { #expect(try await client.send(.get, path, token: token).status == .forbidden) }
            #expect(try await client.send(.get, path).status == .unauthorized)
            #expect(try await client.send(.get, "/members/me/data-export").status == .unauthorized)
            let admin = try await client.logIn(email: "admin@example.org", password: AppFixture.password)
            let response = try await client.send(.get, path, token: admin)
            #expect(response.status == .ok)
            let document = try ExportDocument(response)
            #expect(document.object["memberID"] as? Int == Int(scene.rita.id.rawValue))
            #expect(document.items("requests").map { $0["description"] as? String } == [DataExportScene.description])
            #expect(try await client.send(.get, "/members/999999/data-export", token: admin).status == .notFound)
            let trail = try await fixture.domain.audit.trail(fixture.admin.actor, networkID: scene.network.id,
                                                             page: PageRequest(size: PageRequest.sizeMax))
            let exported = trail.items.filter { $0.action == .memberDataExported }
            #expect(exported.map(\.subjectMemberID) == [scene.rita.id] && exported.map(\.actorID) == [fixture.admin.id])
            let again = try ExportDocument(try await client.send(.get, "/members/me/data-export", token: rita))
            #expect(again.items("auditEvents").contains {
                $0["action"] as? String == "member.data_exported" && $0["actor"] as? String == "an administrator"
            })
        }
    }
}
