import Foundation
import Outbox
import Testing
@testable import Notifications

@Suite struct NoticeRendererTests {
    let renderer = NoticeRenderer(words: try! NoticeWords())

    func context(_ kind: NoticeKind, name: String? = "Siân Evans", other: String? = "Owen Jones") -> NoticeContext {
        NoticeContext(
            kind: kind, recipientName: name, timeZone: TimeZone(identifier: "Europe/London")!, networkName: "Leeds GPs",
            otherName: other, startsAt: Date(timeIntervalSince1970: 1_796_738_400), durationMinutes: 90,
            meetingWay: "Video call", link: "https://peerhours.example/sessions/42",
            unsubscribeLink: kind.category == nil ? nil : "https://peerhours.example/email/unsubscribe/x",
            settingsLink: "https://peerhours.example/account/settings")
    }

    /// Proves every kind has words: a one-line subject with no placeholder left, a greeting, its
    /// link in both parts, the not-an-emergency line, and an unsubscribe line exactly for optional kinds.
    @Test(arguments: NoticeKind.allCases) func everyKindRenders(_ kind: NoticeKind) {
        let notice = renderer.render(context(kind))
        #expect(!notice.subject.isEmpty && !notice.subject.contains("\n") && !notice.subject.contains("{"))
        #expect(!notice.text.contains("{") && !notice.html.contains("{"), "no placeholder left")
        #expect(notice.text.hasPrefix("Hello Siân Evans,"))
        #expect(notice.text.contains("https://peerhours.example/sessions/42"))
        #expect(notice.html.contains("href=\"https://peerhours.example/sessions/42\""))
        #expect(notice.text.contains("not an emergency service"))
        #expect(notice.text.contains("/email/unsubscribe/") == (kind.category != nil))
    }

    /// Proves times are shown in the recipient's zone with the zone named, and lengths in hours
    /// and minutes.
    @Test func timesInTheRecipientsZone() {
        var london = context(.exchangeAccepted)
        let londonText = renderer.render(london).text
        #expect(londonText.contains("When: Tuesday 8 December 2026, 14:00 GMT"), "\(londonText)")
        #expect(londonText.contains("Length: 1 h 30 min"))
        london.timeZone = TimeZone(identifier: "America/New_York")!
        #expect(renderer.render(london).text.contains("When: Tuesday 8 December 2026, 09:00 GMT-5"))
        #expect(NoticeTimeText.duration(minutes: 45) == "45 min")
        #expect(NoticeTimeText.duration(minutes: 120) == "2 h")
    }

    /// Proves names are escaped in HTML and cannot add a line to the subject (a name is text a
    /// member typed).
    @Test func hostileNamesAreInert() {
        let notice = renderer.render(context(.exchangeProposed, other: "<script>x</script>\r\nBcc: a@b"))
        #expect(!notice.html.contains("<script>"))
        #expect(notice.html.contains("&lt;script&gt;"))
        #expect(!notice.subject.contains("\n") && !notice.subject.contains("\r"))
    }

    /// Proves placeholders are substituted once: a value that looks like a placeholder stays as typed.
    @Test func formatSubstitutesOnce() {
        #expect(NoticeWords.format("{a} and {b}", ["a": "{b}", "b": "B"]) == "{b} and B")
        #expect(NoticeWords.format("{missing} {", [:]) == "{missing} {")
    }

    /// Proves an invitee (no name yet) is greeted without one, and the link's expiry is said.
    @Test func inviteeGreetingAndExpiry() {
        var invitation = context(.invitation, name: nil)
        invitation.linkExpiresAt = Date(timeIntervalSince1970: 1_796_738_400)
        let text = renderer.render(invitation).text
        #expect(text.hasPrefix("Hello,\n"))
        #expect(text.contains("This link works until Tuesday 8 December 2026, 14:00 GMT"))
    }
}
