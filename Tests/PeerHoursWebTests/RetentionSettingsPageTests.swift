import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
@testable import PeerHoursWeb
import Testing

@Suite struct RetentionSettingsPageTests {
    /// Proves the retention field of the coordinators' settings page: filled with 90 days until
    /// changed; 6 days is shown at its field and nothing is saved (the policy neither); 30 days
    /// is stored through `RetentionService` (audited) and shown again; a form without the field
    /// (the administrators' own) leaves the period as it is.
    @Test func retentionDaysOnTheSettingsPage() async throws {
        let world = try await CoordinatorWorld.make()
        try await world.test(as: CoordinatorWorld.niaEmail) { browser, _ in
            var browser = browser  // a local copy: #expect cannot capture an inout parameter
            let page = try await browser.get(world.settings)
            #expect(page.html.contains(#"name="retentionDays""#) && page.html.contains(#"value="90""#))
            let csrf = try #require(page.csrfToken)
            let refused = try await browser.post(
                world.settings, CoordinatorSettingsPageTests.form(csrf, days: "14") + [("retentionDays", "6")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.html.contains(##"<a href="#field-retentionDays">Enter a whole number of days between 7 and 3650"##))
            let saved = try await browser.post(
                world.settings, CoordinatorSettingsPageTests.form(csrf) + [("retentionDays", "30")])
            #expect(saved.status == .seeOther)
            #expect(try await browser.get(world.settings).html.contains(#"value="30""#))
            _ = try await browser.post(world.settings, CoordinatorSettingsPageTests.form(csrf))
        }
        let domain = world.fixture.domain
        #expect(try await domain.retention.settings(world.admin, networkID: world.north.id).days == 30)
        let trail = try await domain.audit.trail(world.admin, networkID: world.north.id)
        #expect(trail.items.filter { $0.action == .retentionUpdated }.count == 1)
        #expect(trail.items.filter { $0.action == .policyUpdated }.count == 2, "the refused form saved nothing")
    }
}
