import ExchangeSQLite
import Foundation
import GRDB
import Ledger
import LedgerSQLite
import MatchingBenchmarkSupport

/// Generated data for the reports benchmark, written straight into the real schemas (created by
/// the stores' own migrations) with bulk inserts in a temporary data directory: one network of
/// `members` members (its community, correction and two clearing accounts for a partner network)
/// and `transfers` ledger transfers spread over the two years before `now` — a welcome grant per
/// member, clearing and group-session payments, and for the rest exchanges (a pending transfer
/// and its post; 1 % left accepted and unconfirmed past their session), half of them on requests.
/// Account counters are the fold of the generated transfers.
struct ReportDataGenerator {
    let members: Int
    let transfers: Int
    let seed: UInt64
    let nowSeconds: Int64

    static let network: Int64 = 1
    static let partner: Int64 = 2
    static let communityAccount: Int64 = 1
    static let clearingAccounts: [Int64] = [3, 4]
    static let kinds = ["coaching", "mentoring", "peer_support", "reflective_practice", "career_guidance"]
    static let spanSeconds: Int64 = 730 * 86_400

    func memberAccount(_ member: Int) -> Int64 { 100 + Int64(member) }

    struct Counters { var debitsPending: Int64 = 0, debitsPosted: Int64 = 0, creditsPending: Int64 = 0, creditsPosted: Int64 = 0 }

    func generate(directory: String) async throws {
        // The real schemas: each store runs its migrations as it opens.
        _ = try await SQLiteLedgerStore.open(directory: directory, options: .init(durability: .normalLosesRecentCommitsOnPowerLoss))
        _ = try SQLiteExchangeStore.open(directory: directory)
        try fill(directory: directory)
    }

    /// The bulk inserts, synchronous: three transactions (directory, transfers with exchanges, accounts).
    private func fill(directory: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let exchange = try DatabaseQueue(path: directory + "/" + SQLiteExchangeStore.fileName, configuration: configuration)
        let ledger = try DatabaseQueue(path: directory + "/" + SQLiteLedgerStore.fileName, configuration: configuration)
        var random = SplitMix64(seed: seed)
        var counters = [Int64: Counters]()
        try exchange.write { db in try self.writeDirectory(db) }
        try ledger.write { db in
            try self.writeTransfers(db, exchangeQueue: exchange, random: &random, counters: &counters)
        }
        try ledger.write { db in try self.writeAccounts(db, counters: counters) }
    }

    private func writeDirectory(_ db: Database) throws {
        let start = nowSeconds - Self.spanSeconds
        try db.execute(sql: """
            INSERT INTO networks (id, slug, name, credit_floor_minutes, ceiling_minutes, welcome_grant_minutes,
                auto_confirm_days, group_session_payment, grace_minutes, community_account_id, correction_account_id, created_at)
            VALUES (1, 'bench-a', 'Bench A', -600, 1200, 120, 7, 'community', 1440, 1, 2, ?),
                   (2, 'bench-b', 'Bench B', -600, NULL, 120, 7, 'community', 1440, 5, 6, ?)
            """, arguments: [start, start])
        let member = try db.makeStatement(sql: """
            INSERT INTO members (id, display_name, profession, organisation, career_stage, languages, is_administrator, created_at)
            VALUES (?, 'Member', 'Nurse', 'Practice', 'mid', '["en"]', 0, ?)
            """)
        let membership = try db.makeStatement(sql: """
            INSERT INTO memberships (member_id, network_id, status, role, ledger_account_id, welcome_transfer_id, invited_at, joined_at)
            VALUES (?, 1, 'active', 'member', ?, ?, ?, ?)
            """)
        for index in 0..<members {
            let joined = start + Int64(index) * (Self.spanSeconds / Int64(members))
            try member.execute(arguments: [index + 1, joined])
            try membership.execute(arguments: [index + 1, memberAccount(index), welcomeTransfer(index), joined, joined])
        }
        let offer = try db.makeStatement(sql: """
            INSERT INTO offers (id, supporter_id, network_id, status, title, kinds, topics, availability, time_zone, modes,
                languages, capacity_hours_per_month, visibility, created_at)
            VALUES (?, ?, 1, 'active', 'Support', ?, '[]', '[]', 'Europe/London', '["video"]', '["en"]', 40, 'network', ?)
            """)
        for index in 0..<offerCount {
            try offer.execute(arguments: [index + 1, index + 1, "[\"\(Self.kinds[index % Self.kinds.count])\"]", start])
        }
    }

    var offerCount: Int { max(1, min(members / 5, 10_000)) }
    func welcomeTransfer(_ member: Int) -> Int64 { 1 + Int64(member) }

    private func writeTransfers(_ db: Database, exchangeQueue: DatabaseQueue, random: inout SplitMix64,
                                counters: inout [Int64: Counters]) throws {
        let insert = try db.makeStatement(sql: """
            INSERT INTO ledger_transfers (id, journal_sequence, network_id, kind, linked, debit_account_id, credit_account_id,
                requested_amount_minutes, pending_id, timeout_seconds, code, reference, reverses_id, amount_minutes, timestamp)
            VALUES (?, ?, 1, ?, 0, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)
            """)
        var nextID: Int64 = 1
        @discardableResult
        func write(_ kind: String, debit: Int64, credit: Int64, pendingID: Int64?, code: String, reference: Int64,
                   minutes: Int64, at seconds: Int64) throws -> Int64 {
            try insert.execute(arguments: [
                nextID, nextID, kind, debit, credit, kind == "post_pending" ? minutes : nil, pendingID,
                kind == "pending" ? 86_400 * 9 : nil, code, reference, minutes, seconds * 1_000_000_000,
            ])
            nextID += 1
            switch kind {
            case "pending":
                counters[debit, default: Counters()].debitsPending += minutes
                counters[credit, default: Counters()].creditsPending += minutes
            default:
                counters[debit, default: Counters()].debitsPosted += minutes
                counters[credit, default: Counters()].creditsPosted += minutes
            }
            return nextID - 1
        }
        let start = nowSeconds - Self.spanSeconds
        for index in 0..<members {  // welcome grants (ids 1…members, as the memberships say)
            try write("single", debit: Self.communityAccount, credit: memberAccount(index), pendingID: nil,
                      code: "welcome_grant", reference: Int64(index + 1), minutes: 120,
                      at: start + Int64(index) * (Self.spanSeconds / Int64(members)))
        }
        let clearing = min(10_000, transfers / 100)
        for index in 0..<clearing {
            try write("single", debit: memberAccount(random.next(upTo: members)), credit: Self.clearingAccounts[index % 2],
                      pendingID: nil, code: "clearing", reference: 0, minutes: 30, at: start + Int64(random.next(upTo: Int(Self.spanSeconds))))
        }
        let group = transfers / 25
        for index in 0..<group {
            try write("single", debit: Self.communityAccount, credit: memberAccount(random.next(upTo: members)), pendingID: nil,
                      code: "group_session", reference: Int64(index + 1), minutes: 90, at: start + Int64(random.next(upTo: Int(Self.spanSeconds))))
        }
        try exchangeQueue.inDatabase { exchangeDB in
            try exchangeDB.inTransaction {
                try writeExchanges(exchangeDB, random: &random, budget: transfers - Int(nextID - 1), write: write)
                return .commit
            }
        }
    }

    private func writeExchanges(
        _ db: Database, random: inout SplitMix64, budget: Int,
        write: (String, Int64, Int64, Int64?, String, Int64, Int64, Int64) throws -> Int64
    ) throws {
        let exchange = try db.makeStatement(sql: """
            INSERT INTO exchanges (id, network_id, offer_id, request_id, requester_id, supporter_id, proposed_by_id,
                scheduled_start, duration_minutes, status, requester_confirmed_minutes, supporter_confirmed_minutes,
                settled_minutes, reserve_transfer_id, settle_transfer_id, created_at, updated_at, version)
            VALUES (?, 1, ?, ?, ?, ?, ?, ?, 60, ?, ?, ?, ?, ?, ?, ?, ?, 1)
            """)
        let request = try db.makeStatement(sql: """
            INSERT INTO requests (id, requester_id, network_id, status, kind, topics, preferred_windows, time_zone, mode, language,
                duration_minutes, exclude_own_organisation, excluded_member_ids, urgency, created_at)
            VALUES (?, ?, 1, 'closed', ?, '[]', '[]', 'Europe/London', 'video', 'en', 60, 0, '[]', 'normal', ?)
            """)
        var remaining = budget
        var id: Int64 = 0
        var requests: Int64 = 0
        while remaining > 0 {
            id += 1
            let offerIndex = random.next(upTo: offerCount)
            var requester = random.next(upTo: members - 1)
            if requester >= offerIndex { requester += 1 }
            let startSeconds = nowSeconds - Self.spanSeconds + Int64(random.next(upTo: Int(Self.spanSeconds - 3 * 3600)))
            var requestID: Int64?
            if random.next(upTo: 2) == 0 {
                requests += 1
                requestID = requests
                try request.execute(arguments: [requests, requester + 1, Self.kinds[random.next(upTo: Self.kinds.count)], startSeconds])
            }
            let unconfirmed = random.next(upTo: 100) == 0 || remaining == 1
            let minutes: Int64 = random.next(upTo: 10) == 0 ? 45 : 60
            let debit = memberAccount(requester)
            let credit = memberAccount(offerIndex)
            let transferID = try write("pending", debit, credit, nil, "exchange", id, 60, startSeconds - 86_400)
            if !unconfirmed {
                _ = try write("post_pending", debit, credit, transferID, "exchange", id, minutes, startSeconds + 3 * 3600)
            }
            try exchange.execute(arguments: [
                id, offerIndex + 1, requestID, requester + 1, offerIndex + 1, requester + 1, startSeconds,
                unconfirmed ? "accepted" : "completed", unconfirmed ? nil : minutes, unconfirmed ? nil : minutes,
                unconfirmed ? nil : minutes, transferID, transferID + 1, startSeconds - 86_400, startSeconds,
            ])
            remaining -= unconfirmed ? 1 : 2
        }
    }

    private func writeAccounts(_ db: Database, counters: [Int64: Counters]) throws {
        let insert = try db.makeStatement(sql: """
            INSERT INTO ledger_accounts (id, network_id, kind, lower_limit_minutes, upper_limit_minutes, reference,
                created_timestamp, closed, debits_pending_minutes, debits_posted_minutes, credits_pending_minutes,
                credits_posted_minutes)
            VALUES (?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?)
            """)
        func account(_ id: Int64, network: Int64, kind: String, lower: Int64, upper: Int64?, reference: Int64) throws {
            let counter = counters[id] ?? Counters()
            try insert.execute(arguments: [id, network, kind, lower, upper, reference, counter.debitsPending,
                                           counter.debitsPosted, counter.creditsPending, counter.creditsPosted])
        }
        try account(1, network: 1, kind: "community", lower: -1_000_000_000, upper: nil, reference: 0)
        try account(2, network: 1, kind: "correction", lower: -1_000_000_000, upper: nil, reference: 0)
        for id in Self.clearingAccounts {
            try account(id, network: 1, kind: "clearing", lower: -1_000_000_000, upper: nil, reference: Self.partner)
        }
        try account(5, network: 2, kind: "community", lower: -1_000_000_000, upper: nil, reference: 0)
        try account(6, network: 2, kind: "correction", lower: -1_000_000_000, upper: nil, reference: 0)
        for index in 0..<members {
            try account(memberAccount(index), network: 1, kind: "member", lower: -600, upper: 1200, reference: Int64(index + 1))
        }
    }
}
