import Foundation
import Ledger

/// Reports and exports for a network: its coordinators and administrators only (a member of the
/// network 403, anyone else 404, as everywhere). Every read goes into the network's audit trail
/// (`report.viewed`, `report.exported` with the table and period in `detail`).
public final class ReportService: Sendable {
    let context: ServiceContext
    let networks: any NetworkRepository
    let store: (any ReportStore)?

    init(context: ServiceContext, networks: any NetworkRepository, store: (any ReportStore)?) {
        self.context = context
        self.networks = networks
        self.store = store
    }

    /// The whole report (every section) as JSON would carry it, over days `YYYY-MM-DD`.
    public func report(_ actor: Actor, networkID: NetworkID, from: String?, to: String?) async throws -> NetworkReport {
        try await report(actor, networkID: networkID) { now throws(ExchangeError) in try ReportPeriod.parse(from: from, to: to, now: now) }
    }

    /// The same over whole months `YYYY-MM` (`ReportPeriod.parse(fromMonth:toMonth:now:)`), as
    /// the coordinators' report page asks for it.
    public func report(_ actor: Actor, networkID: NetworkID, fromMonth: String?, toMonth: String?) async throws -> NetworkReport {
        try await report(actor, networkID: networkID) { now throws(ExchangeError) in
            try ReportPeriod.parse(fromMonth: fromMonth, toMonth: toMonth, now: now)
        }
    }

    /// One table of the report, for a CSV download, over days `YYYY-MM-DD`.
    public func export(_ actor: Actor, networkID: NetworkID, table: ReportTableName,
                       from: String?, to: String?) async throws -> ReportTable {
        try await export(actor, networkID: networkID, table: table) { now throws(ExchangeError) in
            try ReportPeriod.parse(from: from, to: to, now: now)
        }
    }

    /// One table over whole months `YYYY-MM`, for the report page's downloads.
    public func export(_ actor: Actor, networkID: NetworkID, table: ReportTableName,
                       fromMonth: String?, toMonth: String?) async throws -> ReportTable {
        try await export(actor, networkID: networkID, table: table) { now throws(ExchangeError) in
            try ReportPeriod.parse(fromMonth: fromMonth, toMonth: toMonth, now: now)
        }
    }

    private func report(_ actor: Actor, networkID: NetworkID,
                        period parse: (Date) throws(ExchangeError) -> ReportPeriod) async throws -> NetworkReport {
        let (builder, network, period) = try await open(actor, networkID: networkID, period: parse)
        let report = try await builder.report(networkID: network.id, slug: network.slug, period: period, now: context.now())
        try await context.audit(actor, .reportViewed, network: networkID, detail: "period \(period.from)..\(period.to)")
        return report
    }

    private func export(_ actor: Actor, networkID: NetworkID, table: ReportTableName,
                        period parse: (Date) throws(ExchangeError) -> ReportPeriod) async throws -> ReportTable {
        let (builder, network, period) = try await open(actor, networkID: networkID, period: parse)
        let result = try await builder.table(table, networkID: network.id, period: period, now: context.now())
        try await context.audit(actor, .reportExported, network: networkID,
                                detail: "\(table.rawValue), period \(period.from)..\(period.to)")
        return result
    }

    /// Authorises first (so nothing about the period is answered to anyone else), then validates.
    private func open(_ actor: Actor, networkID: NetworkID, period parse: (Date) throws(ExchangeError) -> ReportPeriod)
        async throws -> (ReportBuilder, Network, ReportPeriod)
    {
        try await context.access.requireCoordinatorOrAdministrator(actor, of: networkID)
        guard let network = try await networks.network(networkID) else {
            throw ExchangeError.notFound("network \(networkID)")
        }
        let period = try parse(context.now())
        guard let store else { throw ExchangeError.invalidState("reports are not available on this server") }
        return (ReportBuilder(store: store), network, period)
    }
}
