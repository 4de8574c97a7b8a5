import Foundation
import Ledger
import Logging
import Mail
import Outbox
import ServiceLifecycle

/// Sends what the outboxes hold, at least once: each due row is built into an email, handed to
/// the transport, and only then marked sent — so a crash between the two sends it again, with the
/// same `Message-ID`. A failed attempt is retried with backoff (`DeliveryBackoff`) until the
/// attempts run out; a permanent refusal fails at once. Runs inside `serve` as a service: graceful
/// shutdown ends its wait, and a send under way finishes first.
public struct DeliveryService: Service {
    public struct Options: Sendable {
        /// The wait between passes when nothing was due.
        public var pollIntervalSeconds: Double = 2
        /// Rows read per outbox per pass.
        public var batchSize: Int = 50
        /// Messages sent at once (each on its own connection).
        public var concurrencyMax: Int = 4
        /// How often old rows are pruned and overdue ones given up.
        public var pruneIntervalSeconds: Double = 3_600
        public var backoff = DeliveryBackoff()

        public init() {}
    }

    let outboxes: [any OutboxRepository]
    let builder: NoticeMailBuilder
    let transport: any MailTransport
    let clock: any EpochClock
    public let status: DeliveryStatus
    let options: Options
    let logger: Logger

    public init(
        outboxes: [any OutboxRepository], builder: NoticeMailBuilder, transport: any MailTransport, clock: any EpochClock,
        status: DeliveryStatus, options: Options = Options(), logger: Logger
    ) {
        precondition(options.batchSize > 0 && options.batchSize <= 1_000 && options.concurrencyMax >= 1)
        self.outboxes = outboxes
        self.builder = builder
        self.transport = transport
        self.clock = clock
        self.status = status
        self.options = options
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            var lastPrune = Date.distantPast
            while !Task.isCancelled {
                let now = clock.nowDate()
                if now.timeIntervalSince(lastPrune) >= options.pruneIntervalSeconds {
                    await prune(at: now)
                    lastPrune = now
                }
                let handled = await deliverDue()
                if handled > 0 { continue }
                do {
                    try await Task.sleep(for: .seconds(options.pollIntervalSeconds))
                } catch {
                    return  // cancelled: shutting down
                }
            }
        }
    }

    /// One pass over every outbox: sends what is due now. Answers how many rows it settled or
    /// retried (0: nothing was due). Tests call it directly.
    @discardableResult
    public func deliverDue() async -> Int {
        var handled = 0
        for outbox in outboxes {
            do {
                let due = try await outbox.dueMessages(at: clock.nowDate(), limit: options.batchSize)
                handled += due.count
                await deliver(due, from: outbox)
            } catch {
                logger.warning("outbox read failed", metadata: ["error.type": "\(type(of: error))"])
            }
        }
        return handled
    }

    func deliver(_ messages: [OutboxMessage], from outbox: any OutboxRepository) async {
        let (immediate, summaries) = await sortByTiming(messages, from: outbox)
        var next = immediate.makeIterator()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<options.concurrencyMax {
                guard let message = next.next() else { break }
                group.addTask { await deliver(message, from: outbox) }
            }
            while await group.next() != nil {
                if let message = next.next() { group.addTask { await deliver(message, from: outbox) } }
            }
        }
        for (memberID, group) in summaries.sorted(by: { $0.key < $1.key }) {
            await deliverSummary(group, memberID: memberID, from: outbox)
        }
    }

    /// The messages to send on their own now, and those due in a member's daily summary; those
    /// whose summary is not yet due are deferred to it.
    func sortByTiming(_ messages: [OutboxMessage], from outbox: any OutboxRepository) async
        -> (immediate: [OutboxMessage], summaries: [Int64: [OutboxMessage]])
    {
        var immediate: [OutboxMessage] = []
        var summaries: [Int64: [OutboxMessage]] = [:]
        for message in messages {
            do {
                switch try await builder.timing(of: message, at: clock.nowDate()) {
                case .now: immediate.append(message)
                case .deferUntil(let slot): try await outbox.deferMessage(id: message.id, until: slot)
                case .inSummary(let memberID): summaries[memberID, default: []].append(message)
                }
            } catch {
                logger.warning("notice timing not decided", metadata: ["outbox": "\(message.source.rawValue).\(message.id)",
                                                                       "error.type": "\(type(of: error))"])
            }
        }
        return (immediate, summaries)
    }

    /// One daily summary for `memberID`: sent, then each of its notices settled alike.
    func deliverSummary(_ messages: [OutboxMessage], memberID: Int64, from outbox: any OutboxRepository) async {
        do {
            let now = clock.nowDate()
            guard let mail = try await builder.summary(of: messages, memberID: memberID, at: now) else {
                for message in messages { try await outbox.markSkipped(id: message.id, at: now, reason: "recipient has no address") }
                return
            }
            do {
                try await transport.send(mail)
            } catch {
                try await settleFailure(error, of: messages, in: outbox, metadata: ["summary": "\(memberID)"])
                return
            }
            status.recordSuccess(at: clock.nowDate())
            for message in messages { try await outbox.markSent(id: message.id, at: clock.nowDate()) }
        } catch {
            logger.warning("daily summary not settled", metadata: ["error.type": "\(type(of: error))"])
        }
    }

    /// Builds, sends and settles one row. Every outcome is stored; a store error leaves the row
    /// pending, to be tried again (at least once).
    func deliver(_ message: OutboxMessage, from outbox: any OutboxRepository) async {
        let metadata: Logger.Metadata = ["outbox": "\(message.source.rawValue).\(message.id)", "kind": "\(message.draft.kind.rawValue)"]
        do {
            let now = clock.nowDate()
            switch try await builder.build(message, at: now) {
            case .skip(let reason):
                try await outbox.markSkipped(id: message.id, at: now, reason: reason)
                logger.info("notice skipped", metadata: metadata.merging(["reason": "\(reason)"]) { $1 })
            case .mail(let mail):
                try await send(mail, message, outbox: outbox, metadata: metadata)
            }
        } catch {
            logger.warning("notice not settled", metadata: metadata.merging(["error.type": "\(type(of: error))"]) { $1 })
        }
    }

    func send(_ mail: MailMessage, _ message: OutboxMessage, outbox: any OutboxRepository, metadata: Logger.Metadata) async throws {
        do {
            try await transport.send(mail)
        } catch {
            try await settleFailure(error, of: [message], in: outbox, metadata: metadata)
            return
        }
        let now = clock.nowDate()
        status.recordSuccess(at: now)
        try await outbox.markSent(id: message.id, at: now)
        logger.debug("notice sent", metadata: metadata)
    }

    /// A send that failed: counted, and each of `messages` (one, or a daily summary's) retried
    /// after its backoff or, when its attempts are spent or the refusal is permanent, failed.
    func settleFailure(_ error: any Error, of messages: [OutboxMessage], in outbox: any OutboxRepository,
                       metadata: Logger.Metadata) async throws {
        let failure = (error as? MailDeliveryError) ?? .transient("\(type(of: error))")
        let now = clock.nowDate()
        status.recordFailure(at: now)
        let permanent = if case .permanent = failure { true } else { false }
        for message in messages {
            let retryAt = options.backoff.retryAt(after: message.attempts + 1, messageID: message.id, now: now, permanent: permanent)
            try await outbox.markAttemptFailed(id: message.id, at: now, retryAt: retryAt, error: failure.reason)
            logger.warning(
                retryAt == nil ? "notice failed" : "notice will be retried",
                metadata: metadata.merging(["outbox": "\(message.source.rawValue).\(message.id)", "reason": "\(failure.reason)",
                                            "attempts": "\(message.attempts + 1)"]) { $1 })
        }
    }

    func prune(at now: Date) async {
        for outbox in outboxes {
            do {
                _ = try await outbox.pruneOutbox(
                    expiredBefore: now.addingTimeInterval(-TimeInterval(OutboxLimits.pendingAgeSecondsMax)),
                    sentBefore: now.addingTimeInterval(-TimeInterval(OutboxLimits.sentRetentionSeconds)),
                    failedBefore: now.addingTimeInterval(-TimeInterval(2 * OutboxLimits.sentRetentionSeconds)))
            } catch {
                logger.warning("outbox prune failed", metadata: ["error.type": "\(type(of: error))"])
            }
        }
    }
}
