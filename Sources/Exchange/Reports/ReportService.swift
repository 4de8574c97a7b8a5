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

    /// The whole report (every section) as JSON would carry it.
    public func report(_ actor: Actor, networkID: NetworkID, from: String?, to: String?) async throws -> NetworkReport {
        let (builder, network, period) = try await open(actor, networkID: networkID, from: from, to: to)
        let report = try await builder.report(networkID: network.id, slug: network.slug, period: period, now: context.now())
        try await context.audit(actor, .reportViewed, network: networkID, detail: "period \(period.from)..\(period.to)")
        return report
    }

    /// One table of the report, for a CSV download.
    public func export(_ actor: Actor, networkID: NetworkID, table: ReportTableName,
                       from: String?, to: String?) async throws -> ReportTable {
        let (builder, network, period) = try await open(actor, networkID: networkID, from: from, to: to)
        let result = try await builder.table(table, networkID: network.id, period: period, now: context.now())
        try await context.audit(actor, .reportExported, network: networkID,
                                detail: "\(table.rawValue), period \(period.from)..\(period.to)")
        return result
    }

    /// Authorises first (so nothing about the period is answered to anyone else), then validates.
    private func open(_ actor: Actor, networkID: NetworkID, from: String?, to: String?) async throws
        -> (ReportBuilder, Network, ReportPeriod)
    {
        try await context.access.requireCoordinatorOrAdministrator(actor, of: networkID)
        guard let network = try await networks.network(networkID) else {
            throw ExchangeError.notFound("network \(networkID)")
        }
        let period = try ReportPeriod.parse(from: from, to: to, now: context.now())
        guard let store else { throw ExchangeError.invalidState("reports are not available on this server") }
        return (ReportBuilder(store: store), network, period)
    }
}
