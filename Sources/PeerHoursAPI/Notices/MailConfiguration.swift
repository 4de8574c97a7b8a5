import Foundation
import Mail
import Notifications
import Outbox

/// How `serve` sends email: the transport, the sender, and the delivery service's pace.
public struct MailConfiguration: Sendable {
    public enum Transport: Sendable, Hashable {
        /// Each message as an `.eml` file in this folder (the embedded default: `<data>/mail`).
        case directory(String)
        /// An SMTP server: `smtp://host[:port]` (STARTTLS) or `smtps://host[:port]`; credentials
        /// from the environment (`SMTPConfiguration`).
        case smtp(url: String)
    }

    public var transport: Transport
    public var from: MailAddress
    public var delivery: DeliveryService.Options

    public init(transport: Transport, from: MailAddress = MailAddress("peerhours@localhost", displayName: "PeerHours"),
                delivery: DeliveryService.Options = DeliveryService.Options()) {
        self.transport = transport
        self.from = from
        self.delivery = delivery
    }
}

/// What delivery reads from the stores: each database's outbox, and the people and choices it
/// resolves when it sends.
public struct MailDependencies: Sendable {
    public var outboxes: [OutboxSource: any OutboxRepository]
    public var directory: any NoticeDirectory

    public init(outboxes: [OutboxSource: any OutboxRepository], directory: any NoticeDirectory) {
        self.outboxes = outboxes
        self.directory = directory
    }
}
