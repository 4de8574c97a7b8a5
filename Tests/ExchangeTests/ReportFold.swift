import Exchange
import ExchangeSQLite
import Foundation
import GRDB
import Ledger

/// The report figures recomputed the slow, obvious way: every ledger transfer and account read
/// row by row and folded in Swift, exchanges and memberships read through the domain store. It
/// shares no SQL with `SQLiteReportStore` or `PostgresReportStore`.
struct ReportFold {
    struct TransferRow {
        var networkID: Int64, kind: String, code: String, reference: Int64
        var debit: Int64, credit: Int64, minutes: Int64, timestampSeconds: Int64, timestampNanoseconds: Int64
    }

    struct AccountRow {
        var id: Int64, networkID: Int64, kind: String, lower: Int64, upper: Int64?, reference: Int64
        var debitsPending: Int64, creditsPending: Int64
    }

    let transfers: [TransferRow]
    let accounts: [AccountRow]
    let networkID: NetworkID
    let store: any ExchangeStore
    let memberIDs: [MemberID]

    init(ledgerPath: String, networkID: NetworkID, store: any ExchangeStore, memberIDs: [MemberID]) throws {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: ledgerPath, configuration: configuration)
        transfers = try queue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT network_id, kind, code, reference, debit_account_id, credit_account_id, amount_minutes, timestamp
                FROM ledger_transfers
                """).map { row in
                let nanoseconds: Int64 = row[7]
                return TransferRow(networkID: row[0], kind: row[1], code: row[2], reference: row[3], debit: row[4],
                                   credit: row[5], minutes: row[6], timestampSeconds: nanoseconds / 1_000_000_000,
                                   timestampNanoseconds: nanoseconds)
            }
        }
        accounts = try queue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, network_id, kind, lower_limit_minutes, upper_limit_minutes, reference,
                       debits_pending_minutes, credits_pending_minutes FROM ledger_accounts
                """).map { row in
                AccountRow(id: row[0], networkID: row[1], kind: row[2], lower: row[3], upper: row[4], reference: row[5],
                           debitsPending: row[6], creditsPending: row[7])
            }
        }
        self.networkID = networkID
        self.store = store
        self.memberIDs = memberIDs
    }

    var memberAccounts: Set<Int64> {
        Set(accounts.filter { $0.networkID == networkID.rawValue && $0.kind == "member" }.map(\.id))
    }

    /// Posted exchange and group-session movements of the network in `[start, end)` seconds.
    func moves(_ start: Int64, _ end: Int64) -> [TransferRow] {
        transfers.filter {
            $0.networkID == networkID.rawValue && ["single", "post_pending"].contains($0.kind)
                && ["exchange", "group_session"].contains($0.code)
                && $0.timestampNanoseconds >= start * 1_000_000_000 && $0.timestampNanoseconds < end * 1_000_000_000
        }
    }

    func active(_ start: Int64, _ end: Int64) -> Set<Int64> {
        Set(moves(start, end).flatMap { [$0.debit, $0.credit] }).intersection(memberAccounts)
    }

    func kind(of move: TransferRow) async throws -> String {
        if move.code == "group_session" { return "group_session" }
        let exchange = try await store.exchange(ExchangeID(move.reference))!
        if let requestID = exchange.requestID { return try await store.request(requestID)!.details.kind }
        return try await store.offer(exchange.offerID)!.details.kinds[0]
    }

    func hours(_ start: Int64, _ end: Int64) async throws -> Set<RawHoursCell> {
        var cells: [String: (minutes: Int64, transfers: Int, people: Set<Int64>)] = [:]
        for move in moves(start, end) {
            let key = ReportPeriod.month(move.timestampSeconds) + "|" + (try await kind(of: move))
            var cell = cells[key] ?? (0, 0, [])
            cell.minutes += move.minutes
            cell.transfers += 1
            cell.people.formUnion(Set([move.debit, move.credit]).intersection(memberAccounts))
            cells[key] = cell
        }
        return Set(cells.map { key, cell in
            let parts = key.split(separator: "|").map(String.init)
            return RawHoursCell(month: parts[0], kind: parts[1], minutes: cell.minutes, transfers: cell.transfers,
                                people: cell.people.count)
        })
    }

    func roles(_ start: Int64, _ end: Int64) -> Set<RawRoleCount> {
        var result: Set<RawRoleCount> = []
        let moves = moves(start, end)
        let months = Set(moves.map { ReportPeriod.month($0.timestampSeconds) })
        for month in months.map(Optional.some) + [nil] {
            let inMonth = moves.filter { month == nil || ReportPeriod.month($0.timestampSeconds) == month }
            result.insert(RawRoleCount(month: month, role: .giver,
                                       people: Set(inMonth.map(\.credit)).intersection(memberAccounts).count))
            result.insert(RawRoleCount(month: month, role: .receiver,
                                       people: Set(inMonth.map(\.debit)).intersection(memberAccounts).count))
        }
        return result.filter { $0.people > 0 }
    }

    /// Posted balances folded from every posted transfer (any code), limits and pending from the accounts.
    func balances(edges: [Int64]) -> RawBalanceDistribution {
        var posted: [Int64: Int64] = [:]
        for transfer in transfers where ["single", "post_pending"].contains(transfer.kind) {
            posted[transfer.credit, default: 0] += transfer.minutes
            posted[transfer.debit, default: 0] -= transfer.minutes
        }
        var counts = Array(repeating: 0, count: edges.count + 1)
        var atFloor = 0
        var atCeiling = 0
        for account in accounts where account.networkID == networkID.rawValue && account.kind == "member" {
            let balance = posted[account.id] ?? 0
            counts[edges.firstIndex(where: { balance < $0 }) ?? edges.count] += 1
            if balance - account.debitsPending <= account.lower { atFloor += 1 }
            if let upper = account.upper, balance + account.creditsPending >= upper { atCeiling += 1 }
        }
        return RawBalanceDistribution(bucketCounts: counts, atFloor: atFloor, atCeiling: atCeiling)
    }

    func dormant(_ start: Int64, _ end: Int64) async throws -> Int {
        let active = active(start, end)
        let memberships = try await store.memberships(in: networkID, afterMemberID: nil, limit: 10_000)
        return memberships.filter { membership in
            guard membership.status == .active, let joined = membership.joinedAt else { return false }
            return Int64(joined.timeIntervalSince1970) < start && !active.contains(membership.ledgerAccountID.rawValue)
        }.count
    }

    func unconfirmed(_ start: Int64, _ end: Int64, now: Int64) async throws -> RawUnconfirmed {
        var exchanges: [ExchangeID: PeerExchange] = [:]
        for member in memberIDs {
            for exchange in try await store.exchanges(involving: member, afterID: nil, limit: 10_000) {
                exchanges[exchange.id] = exchange
            }
        }
        let overdue = exchanges.values.filter { exchange in
            let end_ = Int64(exchange.scheduledStart.timeIntervalSince1970) + exchange.durationMinutes * 60
            return exchange.networkIDs.contains(networkID) && exchange.status == .accepted
                && end_ >= start && end_ < min(end, now)
        }
        return RawUnconfirmed(
            exchanges: overdue.count, minutes: overdue.map(\.durationMinutes).reduce(0, +),
            people: Set(overdue.flatMap { [$0.requesterID, $0.supporterID] }).count)
    }

    func positions(slugs: [Int64: String]) -> Set<RawPosition> {
        let clearing = accounts.filter { $0.networkID == networkID.rawValue && $0.kind == "clearing" }
        let byPartner = Dictionary(grouping: clearing, by: \.reference)
        return Set(byPartner.map { partner, accounts in
            let ids = Set(accounts.map(\.id))
            var posted: Int64 = 0
            var pending: Int64 = 0
            var people: Set<Int64> = []
            for transfer in transfers where ids.contains(transfer.credit) || ids.contains(transfer.debit) {
                let sign: Int64 = ids.contains(transfer.credit) ? 1 : -1
                if ["single", "post_pending"].contains(transfer.kind) { posted += sign * transfer.minutes }
                people.formUnion(Set([transfer.credit, transfer.debit]).intersection(memberAccounts))
            }
            pending = accounts.map { $0.creditsPending - $0.debitsPending }.reduce(0, +)
            return RawPosition(partnerNetworkID: NetworkID(partner), partnerSlug: slugs[partner], postedMinutes: posted,
                               pendingMinutes: pending, clearingAccounts: accounts.count, people: people.count)
        })
    }
}
