import Foundation
import Ledger
import Logging

/// How long a network keeps what its members wrote for one exchange or request once it has
/// ended: request descriptions and exchange messages (and, after issue 21's merge, urgent notes)
/// are deleted that many days after the end (issue 21). The housekeeping job calls `sweep`.
public final class RetentionService: Sendable {
    let context: ServiceContext
    let networks: any NetworkRepository
    let retention: any RetentionRepository
    let urgent: any UrgentRequestRepository

    /// A network without a stored period keeps things this long.
    public static let defaultDays = 90
    public static let daysRange = 7...3650
    /// Rows deleted per transaction, and transactions per network per sweep: a sweep is bounded,
    /// and what it leaves the next one takes.
    public static let batchSize = 500
    public static let batchesPerNetworkMax = 20
    /// Networks looked at per sweep.
    public static let networksMax = 10_000

    init(context: ServiceContext, networks: any NetworkRepository, retention: any RetentionRepository,
         urgent: any UrgentRequestRepository) {
        self.context = context
        self.networks = networks
        self.retention = retention
        self.urgent = urgent
    }

    /// The network's period: its coordinators and administrators.
    public func settings(_ actor: Actor, networkID: NetworkID) async throws -> RetentionSettings {
        try await requireNetwork(actor, networkID)
        return RetentionSettings(days: try await retention.retentionDays(networkID: networkID) ?? Self.defaultDays)
    }

    /// Coordinators (and administrators) set the period, 7...3650 days; audited
    /// `network.retention_updated` with the new number of days.
    public func update(_ actor: Actor, networkID: NetworkID, _ settings: RetentionSettings) async throws -> RetentionSettings {
        try await requireNetwork(actor, networkID)
        guard Self.daysRange.contains(settings.days) else {
            throw ExchangeError.invalid("days", "must be between \(Self.daysRange.lowerBound) and \(Self.daysRange.upperBound)")
        }
        let audit = context.auditEvent(actor, .retentionUpdated, network: networkID, detail: "\(settings.days) days")
        try await retention.setRetentionDays(networkID: networkID, days: settings.days, audit: [audit], at: context.now())
        context.logger.info("retention updated", metadata: ["network": "\(networkID)", "days": "\(settings.days)"])
        return settings
    }

    private func requireNetwork(_ actor: Actor, _ networkID: NetworkID) async throws {
        try await context.access.requireCoordinatorOrAdministrator(actor, of: networkID)
        guard try await networks.network(networkID) != nil else { throw ExchangeError.notFound("network \(networkID)") }
    }

    /// Deletes, in every network, what ended more than its period before `now`, in bounded batches.
    public func sweep(now: Date) async throws -> RetentionReport {
        var report = RetentionReport()
        var after: NetworkID?
        var seen = 0
        repeat {
            let page = try await retention.retentionPeriods(afterNetworkID: after, limit: 100)
            for (networkID, days) in page {
                let cutoff = now.addingTimeInterval(-TimeInterval(days ?? Self.defaultDays) * 86_400)
                report.add(try await sweep(networkID, before: cutoff))
            }
            seen += page.count
            after = page.count == 100 && seen < Self.networksMax ? page.last?.0 : nil
        } while after != nil
        if report.total > 0 {
            context.logger.info("retention sweep", metadata: [
                "descriptions": "\(report.requestDescriptions)", "messages": "\(report.exchangeMessages)",
                "urgentNotes": "\(report.urgentNotes)",
            ])
        }
        return report
    }

    private func sweep(_ networkID: NetworkID, before cutoff: Date) async throws -> RetentionReport {
        var report = RetentionReport()
        report.requestDescriptions = try await drain {
            try await retention.deleteRequestDescriptions(networkID: networkID, endedBefore: cutoff, limit: Self.batchSize)
        }
        report.exchangeMessages = try await drain {
            try await retention.deleteExchangeMessages(networkID: networkID, endedBefore: cutoff, limit: Self.batchSize)
        }
        report.urgentNotes = try await drain {
            try await urgent.clearUrgentNotes(networkID: networkID, endedBefore: cutoff, limit: Self.batchSize)
        }
        return report
    }

    /// Runs `batch` until it deletes nothing, at most `batchesPerNetworkMax` times; the total.
    private func drain(_ batch: () async throws -> Int) async throws -> Int {
        var total = 0
        for _ in 0..<Self.batchesPerNetworkMax {
            let deleted = try await batch()
            total += deleted
            if deleted == 0 { break }
        }
        return total
    }
}

/// A network's retention period, in days.
public struct RetentionSettings: Sendable, Hashable, Codable {
    public var days: Int

    public init(days: Int) {
        self.days = days
    }
}

/// What one retention sweep deleted.
public struct RetentionReport: Sendable, Hashable, Codable {
    public var requestDescriptions = 0
    public var exchangeMessages = 0
    public var urgentNotes = 0

    public init() {}

    public var total: Int { requestDescriptions + exchangeMessages + urgentNotes }

    mutating func add(_ other: RetentionReport) {
        requestDescriptions += other.requestDescriptions
        exchangeMessages += other.exchangeMessages
        urgentNotes += other.urgentNotes
    }
}
