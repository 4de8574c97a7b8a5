import Exchange
import Foundation
import Ledger
import OpenAPIRuntime

/// Reports and CSV exports: the domain's `ReportService` authorises (coordinators of the network
/// and administrators; a member 403, anyone else 404), suppresses and audits.
extension APIHandlers {
    func getNetworkReport(_ input: Operations.GetNetworkReport.Input) async throws -> Operations.GetNetworkReport.Output {
        let actor = try RequestScope.required.requireActor()
        let report = try await exchange.reports.report(
            actor, networkID: NetworkID(input.path.networkID), from: input.query.from, to: input.query.to)
        return .ok(.init(body: .json(ReportMapping.report(report))))
    }

    func exportNetworkReportTable(_ input: Operations.ExportNetworkReportTable.Input) async throws
        -> Operations.ExportNetworkReportTable.Output
    {
        let actor = try RequestScope.required.requireActor()
        guard let name = ReportTableName(rawValue: input.path.table.rawValue) else {
            preconditionFailure("the spec's table names are the domain's")
        }
        let table = try await exchange.reports.export(
            actor, networkID: NetworkID(input.path.networkID), table: name, from: input.query.from, to: input.query.to)
        let data = try ReportCSV.encode(table)
        return .ok(.init(body: .csv(HTTPBody(data))))
    }
}

enum ReportMapping {
    typealias Schemas = Components.Schemas

    static func figure(_ figure: ReportFigure) -> Schemas.ReportFigure {
        .init(value: figure.value, suppressed: figure.suppressed)
    }

    static func report(_ report: NetworkReport) -> Schemas.NetworkReport {
        let distribution = report.balanceDistribution
        return .init(
            networkID: report.networkID.rawValue, networkSlug: report.networkSlug,
            from: report.period.from, to: report.period.to,
            generatedAt: Date(timeIntervalSince1970: TimeInterval(report.generatedAtSeconds)),
            totals: .init(
                withheld: report.totals.withheld, members: figure(report.totals.members),
                activeMembers: figure(report.totals.activeMembers), minutes: figure(report.totals.minutes),
                transfers: figure(report.totals.transfers)),
            activeMembers: report.activeMembers.map { .init(windowDays: Int32($0.windowDays), members: figure($0.members)) },
            hoursByKindAndMonth: report.hoursByKindAndMonth.map {
                .init(month: $0.month, kind: $0.kind, minutes: figure($0.minutes), transfers: figure($0.transfers))
            },
            giversAndReceivers: report.giversAndReceivers.map {
                .init(month: $0.month, role: $0.role == .giver ? .giver : .receiver, members: figure($0.members))
            },
            balanceDistribution: .init(
                members: figure(distribution.members),
                buckets: distribution.buckets.map {
                    .init(lowerMinutes: $0.lowerMinutes, upperMinutes: $0.upperMinutes, members: figure($0.members))
                },
                atFloor: figure(distribution.atFloor), atCeiling: figure(distribution.atCeiling)),
            dormantMembers: .init(
                windowDays: Int32(report.dormantMembers.windowDays), members: figure(report.dormantMembers.members)),
            unconfirmedExchanges: .init(
                exchanges: figure(report.unconfirmedExchanges.exchanges), minutes: figure(report.unconfirmedExchanges.minutes)),
            crossNetworkPositions: report.crossNetworkPositions.map {
                .init(partnerNetworkID: $0.partnerNetworkID.rawValue, partnerSlug: $0.partnerSlug,
                      postedMinutes: figure($0.postedMinutes), pendingMinutes: figure($0.pendingMinutes))
            },
            urgentRequests: .init(
                requests: figure(report.urgentRequests.requests),
                medianMinutesToAcknowledge: report.urgentRequests.medianMinutesToAcknowledge.map(figure),
                p90MinutesToAcknowledge: report.urgentRequests.p90MinutesToAcknowledge.map(figure)))
    }
}
