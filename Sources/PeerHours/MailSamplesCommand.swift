import ArgumentParser
import Foundation
import Mail
import Notifications

/// `peerhours mail-samples --out DIR`: one `.eml` file of every kind of email PeerHours sends,
/// about made-up people, written through the mail-folder transport — to read what members get,
/// and for `scripts/mail_samples_check.py`, which parses every one.
struct MailSamplesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail-samples",
        abstract: "Write one sample .eml file of every kind of email PeerHours sends (made-up people).")

    @Option(name: .long, help: "The folder to write the samples to (created if missing).")
    var out: String

    func run() async throws {
        let settings = NoticeMailSettings(
            publicOrigin: "https://peerhours.example", from: MailAddress("peerhours@peerhours.example", displayName: "PeerHours"),
            unsubscribePath: { member, category in "/email/unsubscribe/sample-\(member)-\(category.rawValue)" })
        let now = Date()
        let start = now.addingTimeInterval(2 * 86_400)
        let messages = try await NoticeSamples.messages(
            settings: settings, renderer: NoticeRenderer(words: try NoticeWords()), start: start, now: now)
        let transport = MailDirectoryTransport(directory: out)
        for message in messages { try await transport.send(message) }
        say("Wrote \(messages.count) sample emails to \(out).")
    }
}
