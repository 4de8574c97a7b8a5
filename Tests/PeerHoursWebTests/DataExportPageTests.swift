import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
@testable import PeerHoursWeb
import Testing

@Suite struct DataExportPageTests {
    static func world() async throws -> (AppFixture, DataExportScene) {
        let fixture = try await AppFixture(members: .exchange, administrator: true)
        return (fixture, try await fixture.dataExportScene())
    }

    static func document(_ page: PageResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(page.html.utf8)) as? [String: Any])
    }

    /// Proves a member's way to their data: the settings page has a "Your data" section linking
    /// to `/account/data-export`, which answers the whole document as a JSON attachment (their
    /// request's description, the other party's message) and is not cached; signed out, the
    /// link leads to the sign-in page.
    @Test func memberDownloadsTheirData() async throws {
        let (fixture, scene) = try await Self.world()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            let signedOut = try await browser.get(DataExportPaths.own)
            #expect(signedOut.status == .seeOther && signedOut.location == "/sign-in")
            let signedIn = try await browser.signIn("rita@example.nhs.uk", AppFixture.password)
            #expect(signedIn.status == .seeOther)
            let settings = try await browser.get("/account/settings")
            #expect(settings.html.contains(#"<h2 id="your-data">Your data</h2>"#))
            #expect(settings.html.contains(#"<a href="/account/data-export" download>Download everything we hold about you</a>"#))
            let download = try await browser.get(DataExportPaths.own)
            #expect(download.status == .ok && download.headers[.contentType] == "application/json; charset=utf-8")
            #expect(download.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"peerhours-data-\(scene.rita.id.rawValue)-") == true)
            #expect(download.headers[.cacheControl] == "no-store")
            let document = try Self.document(download)
            #expect(document["memberID"] as? Int == Int(scene.rita.id.rawValue) && document["format"] as? String == "peerhours-data-export/1")
            #expect(download.html.contains(DataExportScene.description) && download.html.contains(DataExportScene.samMessage))
        }
    }

    /// Proves the administrators' subject-access form: linked from `/administer`, it takes a
    /// member's id (CSRF-protected) and answers that member's document as an attachment,
    /// recorded in the member's network's audit trail; an id that is not a number or not a
    /// member is refused at the field (422, input kept, error summary); a member who is not an
    /// administrator is told the page does not exist, and a post without the form's token is 403.
    @Test func administratorAnswersASubjectAccessRequest() async throws {
        let (fixture, scene) = try await Self.world()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            let signedIn = try await browser.signIn("admin@example.org", AppFixture.password)
            #expect(signedIn.status == .seeOther)
            let list = try await browser.get(AdministerPaths.networks)
            #expect(list.html.contains(#"<a href="/administer/subject-access">"#))
            let form = try await browser.get(DataExportPaths.subjectAccess)
            #expect(form.status == .ok && form.html.contains("<h1>Subject-access request</h1>") && form.html.contains(#"name="member""#))
            let csrf = try #require(form.csrfToken)
            for (value, message) in [("forty-two", "Enter the member&#39;s id"), ("999999", "There is no member with this id")] {
                let refused = try await browser.post(DataExportPaths.subjectAccess, [("csrf", csrf), ("member", value)])
                #expect(refused.status == .unprocessableContent && refused.html.contains(message))
                #expect(refused.html.contains(##"href="#field-member""##) && refused.html.contains(#"value="\#(value)""#))
            }
            let unprotected = try await browser.post(DataExportPaths.subjectAccess, [("member", String(scene.rita.id.rawValue))])
            #expect(unprotected.status == .forbidden)
            let download = try await browser.post(DataExportPaths.subjectAccess, [("csrf", csrf), ("member", String(scene.rita.id.rawValue))])
            #expect(download.status == .ok && download.headers[.contentDisposition]?.hasPrefix("attachment;") == true)
            #expect(try Self.document(download)["memberID"] as? Int == Int(scene.rita.id.rawValue))
        }
        let trail = try await fixture.domain.audit.trail(fixture.admin.actor, networkID: scene.network.id,
                                                         page: PageRequest(size: PageRequest.sizeMax))
        #expect(trail.items.filter { $0.action == .memberDataExported }.map(\.subjectMemberID) == [scene.rita.id])
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            let signedIn = try await browser.signIn("rita@example.nhs.uk", AppFixture.password)
            let refused = try await browser.get(DataExportPaths.subjectAccess)
            #expect(signedIn.status == .seeOther && refused.status == .notFound)
        }
    }
}
