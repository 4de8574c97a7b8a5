import Notifications
import Outbox

/// What the administrators' email page reads: each store's outbox and how delivery is going.
public struct MailOversight: Sendable {
    public var outboxes: [OutboxSource: any OutboxRepository]
    public var status: DeliveryStatus

    public init(outboxes: [OutboxSource: any OutboxRepository], status: DeliveryStatus) {
        self.outboxes = outboxes
        self.status = status
    }
}
