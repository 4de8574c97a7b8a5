import ArgumentParser
import Foundation
import Mail

/// `peerhours mail-check (--smtp URL | --mail-dir DIR) --from ADDR --to ADDR [--count N]
/// [--timeout-seconds S]`: sends N sample messages the way the service sends notices (non-ASCII
/// subject and names, text, HTML and a calendar invitation) to prove a site's mail settings.
/// Exit 0 when all were accepted, 75 (EX_TEMPFAIL) at the first transient failure, 69
/// (EX_UNAVAILABLE) at a permanent one, 64 for unusable settings. One line per message, without
/// addresses. SMTP credentials come from the environment (docs/MAIL.md).
struct MailCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail-check",
        abstract: "Send sample notices through SMTP or into a folder of .eml files, to check the mail settings."
    )

    @Option(name: .long, help: "smtp://host[:port][?starttls=required] or smtps://host[:port]; credentials from PEERHOURS_SMTP_USERNAME and PEERHOURS_SMTP_PASSWORD(_FILE).")
    var smtp: String?

    @Option(name: .customLong("mail-dir"), help: "A folder to write the messages into as .eml files (created 0700).")
    var mailDirectory: String?

    @Option(name: .long, help: "The sender's address.")
    var from: String

    @Option(name: .long, help: "The recipient's address.")
    var to: String

    @Option(name: .long, help: "How many messages to send (1–100).")
    var count: Int = 1

    @Option(name: .customLong("timeout-seconds"), help: "The bound on each SMTP step (1–600; default: 10 s to connect, 30 s a command, 60 s for the message).")
    var timeoutSeconds: Int?

    @Option(name: .customLong("local-name"), help: "The domain name EHLO announces (default: this host's name, or localhost).")
    var localName: String?

    func validate() throws {
        guard (smtp == nil) != (mailDirectory == nil) else { throw ValidationError("give exactly one of --smtp and --mail-dir") }
        guard (1...100).contains(count) else { throw ValidationError("--count must be 1–100") }
        if let timeoutSeconds, !(1...600).contains(timeoutSeconds) { throw ValidationError("--timeout-seconds must be 1–600") }
    }

    func run() async throws {
        let transport = try makeTransport()
        let runID = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        for index in 1...count {
            let message = MailCheckSample.message(
                index: index, count: count, from: from, to: to, messageID: "<mail-check.\(runID).\(index)@\(domain(of: from))>")
            let started = ContinuousClock.now
            do {
                try await transport.send(message)
                let elapsed = ContinuousClock.now - started
                print("message \(index)/\(count): accepted by \(transport.name) in \(Int((elapsed / .milliseconds(1)).rounded())) ms")
            } catch let error as MailDeliveryError {
                switch error {
                case .transient(let reason):
                    print("message \(index)/\(count): transient failure: \(reason)")
                    throw ExitCode(75)
                case .permanent(let reason):
                    print("message \(index)/\(count): permanent failure: \(reason)")
                    throw ExitCode(69)
                }
            }
        }
    }

    private func makeTransport() throws -> any MailTransport {
        if let mailDirectory { return MailDirectoryTransport(directory: mailDirectory) }
        do {
            let configuration = try SMTPConfiguration.parse(url: smtp ?? "", environment: ProcessInfo.processInfo.environment)
            let timeouts = timeoutSeconds.map { SMTPTimeouts.uniform(.seconds($0)) } ?? SMTPTimeouts()
            return try SMTPTransport(configuration: configuration, localName: ehloName(), timeouts: timeouts)
        } catch {
            printError("mail-check: \(error)")
            throw ExitCode(64)
        }
    }

    private func ehloName() -> String {
        guard let localName else { return SMTPTransport.defaultLocalName() }
        return SMTPTransport.defaultLocalName(hostName: localName)
    }

    private func domain(of address: String) -> String {
        let domain = address.split(separator: "@").last.map(String.init) ?? ""
        return domain.isEmpty || domain == address ? "peerhours.invalid" : domain
    }
}

/// The sample notice: what a booking confirmation looks like, with the characters that catch
/// encoders out (Welsh, Irish and Polish names, a dash, an emoji, a line starting with a dot).
enum MailCheckSample {
    static func message(index: Int, count: Int, from: String, to: String, messageID: String) -> MailMessage {
        let start = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 3_600).rounded(.up) * 3_600 + 86_400)
        let text = """
            This is PeerHours' mail check, message \(index) of \(count).
            Siân and Zoë's session — Tuesday, 45 minutes. ✓
            .A line that starts with a full stop.

            Nothing needs doing: this message only proves that mail reaches you.
            """
        let html = """
            <!doctype html><html lang="en-GB"><body><p>This is PeerHours' mail check, message \(index) of \(count).</p>\
            <p>Siân and Zoë's session — Tuesday, 45 minutes. ✓</p><p>Nothing needs doing.</p></body></html>
            """
        return MailMessage(
            from: MailAddress(from, displayName: "PeerHours — Gwasanaeth Cymorth"),
            to: MailAddress(to, displayName: "Siân Ó Ceallaigh-Łukasiewicz"),
            subject: "PeerHours mail check \(index)/\(count): Siân and Zoë's session — confirmed ✓",
            messageID: messageID, date: Date(), textBody: text, htmlBody: html,
            calendar: CalendarAttachment(method: "REQUEST", text: calendar(uid: messageID, start: start)))
    }

    private static func calendar(uid: String, start: Date) -> String {
        let stamp = Date()
        return [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//PeerHours//mail-check//EN", "METHOD:REQUEST",
            "BEGIN:VEVENT", "UID:" + uid.trimmingCharacters(in: CharacterSet(charactersIn: "<>")),
            "DTSTAMP:" + utc(stamp), "DTSTART:" + utc(start), "DTEND:" + utc(start.addingTimeInterval(2_700)),
            "SUMMARY:PeerHours mail check", "SEQUENCE:0", "STATUS:CONFIRMED",
            "END:VEVENT", "END:VCALENDAR",
        ].joined(separator: "\r\n") + "\r\n"
    }

    private static func utc(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }
}
