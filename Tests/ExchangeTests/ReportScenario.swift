import Exchange
import ExchangePostgres
import ExchangeSQLite
import Foundation
import GRDB
import Ledger
import LedgerSQLite
import MatchingBenchmarkSupport
import PostgresNIO
import PostgresSupport
import TestSupport
import Testing

/// Generated history for report tests, made through the real domain services over SQLite (ledger
/// included, in the same directory as the exchange store): members of one network exchanging
/// over about five months — completed (some for fewer minutes), cancelled, left unconfirmed past
/// their session — group sessions, and hand-made clearing accounts for two partners. When the
/// tests run against PostgreSQL the exchange store is PostgreSQL's (`World`), the ledger stays
/// SQLite's file (the fold reads it), and its accounts and transfers are copied into the
/// database's `ledger` schema, where `PostgresReportStore` reads them as `ledger.<table>`.
struct ReportScenario: Sendable {
    let world: World
    let ledgerPath: String
    let network: Network
    let other: Network
    let coordinator: Actor
    let otherCoordinator: Actor
    let members: [Actor]
    let reports: any ReportStore

    static let kinds = ["coaching", "mentoring", "peer_support", "reflective_practice", "career_guidance"]

    static func make(seed: UInt64, exchanges: Int = 70) async throws -> ReportScenario {
        let ledgerDirectory = try TemporaryDirectory(prefix: "peerhours-report-ledger").path
        let ledgerStore = try await SQLiteLedgerStore.open(
            directory: ledgerDirectory, options: .init(durability: .normalLosesRecentCommitsOnPowerLoss))
        let world = try await World(ledgerStore: ledgerStore)
        let network = try await world.network("reports-a")
        let other = try await world.network("reports-b")
        let coordinator = try await world.member("Cora Coordinator", in: network, role: .coordinator)
        let otherCoordinator = try await world.member("Otto Coordinator", in: other, role: .coordinator)
        var members: [Actor] = []
        var offers: [Offer] = []
        for index in 0..<14 {
            let member = try await world.member("Member \(index)", in: network)
            members.append(member)
            offers.append(try await world.domain.offers.createOffer(member, networkID: network.id, OfferDetails(
                title: "Support \(index)", kinds: [kinds[index % 3]], topics: ["burnout"],
                availability: World.allWeek,
                timeZone: "Europe/London", modes: [.video], languages: ["en"], capacityHoursPerMonth: 40)))
        }
        var random = SplitMix64(seed: seed)
        for _ in 0..<exchanges {
            try await oneExchange(world, network: network, members: members, offers: offers, random: &random)
            world.advance(hours: Int64(random.next(upTo: 72)))
        }
        for round in 0..<3 {
            let facilitator = members[round]
            let session = try await world.domain.groupSessions.createGroupSession(facilitator, GroupSessionDraft(
                networkID: network.id, title: "Circle \(round)", scheduledStart: world.now.addingTimeInterval(3600),
                durationMinutes: 90, participantIDs: [members[round + 3].memberID, members[round + 4].memberID]))
            try await world.joinAll([members[round + 3], members[round + 4]], session)
            world.advance(hours: 3)
            _ = try await world.domain.groupSessions.complete(facilitator, session.id)
        }
        try await clearing(world, network: network, partner: other.id, members: members)
        let ledgerPath = (ledgerDirectory as NSString).appendingPathComponent("ledger.sqlite")
        let reports: any ReportStore
        if let postgres = world.postgres {
            try await copyLedger(from: ledgerPath, into: postgres.database)
            reports = PostgresReportStore(database: postgres.database)
        } else {
            reports = try SQLiteReportStore(exchangePath: world.sqlite.path, ledgerPath: ledgerPath)
        }
        return ReportScenario(
            world: world, ledgerPath: (ledgerDirectory as NSString).appendingPathComponent("ledger.sqlite"),
            network: network, other: other, coordinator: coordinator, otherCoordinator: otherCoordinator,
            members: members, reports: reports)
    }

    /// Proposes, accepts and then completes (80 %), cancels (10 %) or leaves unconfirmed (10 %).
    private static func oneExchange(_ world: World, network: Network, members: [Actor], offers: [Offer],
                                    random: inout SplitMix64) async throws {
        let supporterIndex = random.next(upTo: members.count)
        var requesterIndex = random.next(upTo: members.count - 1)
        if requesterIndex >= supporterIndex { requesterIndex += 1 }
        let requester = members[requesterIndex]
        let supporter = members[supporterIndex]
        let request = random.next(upTo: 2) == 0
            ? try await world.request(requester, in: network, kind: kinds[random.next(upTo: kinds.count)])
            : nil
        let proposed: PeerExchange
        do {
            proposed = try await world.propose(requester, offer: offers[supporterIndex], request: request, minutes: 60)
        } catch ExchangeError.refused(.insufficientCredit, _) {
            return  // the requester is at the floor: nothing is proposed
        }
        do {
            _ = try await world.domain.exchanges.accept(supporter, proposed.id)
        } catch let error as ExchangeError where error.ledgerCode != nil {
            return  // the requester is at the floor: the proposal stays proposed
        }
        world.advance(hours: 26)
        let outcome = random.next(upTo: 10)
        if outcome < 8 {
            let minutes: Int64 = outcome == 0 ? 45 : 60
            _ = try await world.domain.exchanges.confirm(requester, proposed.id, minutesGiven: minutes)
            _ = try await world.domain.exchanges.confirm(supporter, proposed.id, minutesGiven: minutes)
        } else if outcome == 8 {
            _ = try await world.domain.exchanges.cancel(requester, proposed.id)
        }
    }

    static let clearingAccountIDs: [Int64] = [9_000_001, 9_000_002, 9_000_003]

    /// Two clearing accounts for partner `reports-b`, paid into by five members, and one for an
    /// unknown partner (777) paid into by two: the first position is shown, the second withheld.
    private static func clearing(_ world: World, network: Network, partner partnerID: NetworkID,
                                 members: [Actor]) async throws {
        let partner = partnerID.rawValue
        _ = try await world.ledger.createAccounts([
            NewAccount(id: AccountID(clearingAccountIDs[0]), networkID: network.id, kind: .clearing,
                       lowerLimitMinutes: -1_000_000, reference: partner),
            NewAccount(id: AccountID(clearingAccountIDs[1]), networkID: network.id, kind: .clearing,
                       lowerLimitMinutes: -1_000_000, reference: partner),
            NewAccount(id: AccountID(clearingAccountIDs[2]), networkID: network.id, kind: .clearing,
                       lowerLimitMinutes: -1_000_000, reference: 777),
        ])
        var commands: [TransferCommand] = []
        for index in 0..<7 {
            let membership = try #require(try await world.store.membership(memberID: members[index].memberID, networkID: network.id))
            let credit = index < 5 ? clearingAccountIDs[index % 2] : clearingAccountIDs[2]
            commands.append(TransferCommand(
                id: TransferID(9_100_000 + Int64(index)), networkID: network.id,
                kind: .single(debit: membership.ledgerAccountID, credit: AccountID(credit), amountMinutes: 10),
                code: .clearing))
        }
        _ = try await world.ledger.submit(commands)
    }

    static let accountColumns = [
        "id", "network_id", "kind", "lower_limit_minutes", "upper_limit_minutes", "reference", "created_timestamp", "closed",
        "debits_pending_minutes", "debits_posted_minutes", "credits_pending_minutes", "credits_posted_minutes",
    ]
    static let transferColumns = [
        "id", "journal_sequence", "network_id", "kind", "linked", "debit_account_id", "credit_account_id",
        "requested_amount_minutes", "pending_id", "timeout_seconds", "code", "reference", "reverses_id", "amount_minutes",
        "timestamp",
    ]

    /// Copies the SQLite ledger's accounts and transfers, column for column, into the `ledger`
    /// schema of the PostgreSQL database (the tables made as SQLite's when no ledger store made them).
    static func copyLedger(from ledgerPath: String, into pool: PostgresPool) async throws {
        let textColumns: Set<String> = ["kind", "code"]
        @Sendable func create(_ table: String, _ columns: [String]) -> String {
            let list = columns.map { "\($0) \(textColumns.contains($0) ? "TEXT" : "BIGINT")" }.joined(separator: ", ")
            return "CREATE TABLE IF NOT EXISTS ledger.\(table) (\(list))"
        }
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: ledgerPath, configuration: configuration)
        let tables = [("ledger_accounts", accountColumns), ("ledger_transfers", transferColumns)]
        let rows = try await queue.read { db in
            try tables.map { table, columns in
                try Row.fetchAll(db, sql: "SELECT \(columns.joined(separator: ", ")) FROM \(table)").map { row in
                    columns.indices.map { index in row[index] as DatabaseValue }
                }
            }
        }
        let logger = Logger(label: "peerhours.tests")
        try await pool.transaction { connection in
            try await connection.query("CREATE SCHEMA IF NOT EXISTS ledger", logger: logger)
            for (index, (table, columns)) in tables.enumerated() {
                try await connection.query(PostgresQuery(unsafeSQL: create(table, columns)), logger: logger)
                let placeholders = columns.indices.map { "$\($0 + 1)" }.joined(separator: ", ")
                let sql = "INSERT INTO ledger.\(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders))"
                for values in rows[index] {
                    var binds = PostgresBindings()
                    for value in values {
                        switch value.storage {
                        case .int64(let number): binds.append(number)
                        case .string(let text): binds.append(text)
                        case .null: binds.appendNull()
                        default: preconditionFailure("the ledger stores integers and text")
                        }
                    }
                    try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
                }
            }
        }
    }

    func remove() {
        world.remove()
        try? FileManager.default.removeItem(atPath: (ledgerPath as NSString).deletingLastPathComponent)
    }
}
