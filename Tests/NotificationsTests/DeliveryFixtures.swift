import Foundation
import GRDB
import Mail
import Notifications
import Outbox
import SQLiteSupport
import Synchronization
import TestSupport

/// A transport that keeps what it is given and fails as told: the next `failures` sends throw
/// `failure`, later ones succeed.
final class RecordingTransport: MailTransport {
    let name = "recording"
    private let state = Mutex<(sent: [MailMessage], failures: [MailDeliveryError])>((sent: [], failures: []))

    func failNext(_ failures: [MailDeliveryError]) {
        state.withLock { $0.failures = failures }
    }

    var sent: [MailMessage] { state.withLock { $0.sent } }

    func send(_ message: MailMessage) async throws {
        try state.withLock {
            if !$0.failures.isEmpty { throw $0.failures.removeFirst() }
            $0.sent.append(message)
        }
    }
}

/// Members 1…9 with addresses "member<id>@example.org" and names "Member <id>"; member 13 has no
/// address (erased); networks by id "Network <id>"; every member chose `frequencies` or the default.
struct FixedDirectory: NoticeDirectory {
    var frequencies: [NoticeCategory: NoticeFrequency] = [:]

    func recipient(memberID: Int64) async throws -> NoticeRecipientFacts? {
        guard memberID != 13 else { return nil }
        return NoticeRecipientFacts(
            email: "member\(memberID)@example.org", name: "Member \(memberID)",
            timeZone: TimeZone(identifier: "Europe/London")!, languageTag: "en-GB")
    }

    func memberName(_ memberID: Int64) async throws -> String? { memberID == 13 ? nil : "Member \(memberID)" }
    func networkName(_ networkID: Int64) async throws -> String? { "Network \(networkID)" }
    func frequency(memberID: Int64, category: NoticeCategory) async throws -> NoticeFrequency {
        frequencies[category] ?? category.defaultFrequency
    }
}

/// An outbox table in a database of its own, with a way to write drafts as a store would.
struct OutboxFixture {
    let directory: TemporaryDirectory
    let queue: DatabaseQueue
    let outbox: SQLiteOutbox

    init() throws {
        directory = try TemporaryDirectory()
        queue = try DatabaseQueue(path: directory.file("outbox.sqlite"))
        try queue.write { db in try db.execute(sql: SQLiteOutboxTable.createStatements) }
        outbox = SQLiteOutbox(writer: queue, source: .exchange)
    }

    @discardableResult
    func write(_ drafts: [OutboxDraft], at now: Date) throws -> Int {
        try queue.write { db in try SQLiteOutboxTable.insert(db, drafts, at: now) }
    }

    func rows() throws -> [Row] {
        try queue.read { db in try Row.fetchAll(db, sql: "SELECT * FROM outbox ORDER BY id") }
    }
}

func deliveryService(
    _ fixture: OutboxFixture, transport: RecordingTransport, clock: ManualClock, directory: FixedDirectory = FixedDirectory(),
    status: DeliveryStatus = DeliveryStatus(transport: "recording")
) throws -> DeliveryService {
    let builder = NoticeMailBuilder(
        directory: directory, renderer: NoticeRenderer(words: try NoticeWords()),
        settings: NoticeMailSettings(
            publicOrigin: "https://peerhours.example/", from: MailAddress("peerhours@peerhours.example", displayName: "PeerHours"),
            unsubscribePath: { member, category in "/email/unsubscribe/\(member).\(category.rawValue)" }))
    var options = DeliveryService.Options()
    options.backoff = DeliveryBackoff(firstDelaySeconds: 10, delaySecondsMax: 40, attemptsMax: 3)
    return DeliveryService(
        outboxes: [fixture.outbox], builder: builder, transport: transport, clock: clock, status: status, options: options,
        logger: .init(label: "test"))
}
