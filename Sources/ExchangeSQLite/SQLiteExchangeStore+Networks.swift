import Exchange
import Foundation
import GRDB
import Ledger
import SQLiteSupport

extension SQLiteExchangeStore {
    public func insertNetwork(_ draft: NetworkDraft, at: Date) async throws -> Network {
        try await write(conflict: "the slug \(draft.slug) is taken") { db in
            let community = try Self.allocate(db, "account", count: 2)
            let policy = draft.policy
            try db.execute(sql: """
                INSERT INTO networks (slug, name, credit_floor_minutes, ceiling_minutes, welcome_grant_minutes,
                    auto_confirm_days, group_session_payment, grace_minutes, community_account_id,
                    correction_account_id, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [
                    draft.slug, draft.name, policy.creditFloorMinutes, policy.ceilingMinutes, policy.welcomeGrantMinutes,
                    policy.autoConfirmDays, policy.groupSessionPayment.rawValue, policy.graceMinutes, community,
                    community + 1, Stored.seconds(at),
                ])
            return Network(id: NetworkID(db.lastInsertedRowID), slug: draft.slug, name: draft.name, policy: policy,
                           communityAccountID: AccountID(community), correctionAccountID: AccountID(community + 1),
                           createdAt: Date(timeIntervalSince1970: TimeInterval(Stored.seconds(at))))
        }
    }

    public func network(_ id: NetworkID) async throws -> Network? {
        try await networkCache.value(for: id) {
            try await pool.read { db in
                try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM networks WHERE id = ?"), arguments: [id.rawValue])
                    .map(Self.network)
            }
        }
    }

    public func network(slug: String) async throws -> Network? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM networks WHERE slug = ?", arguments: [slug]).map(Self.network)
        }
    }

    public func networks(only: [NetworkID]?, afterID: NetworkID?, limit: Int) async throws -> [Network] {
        try await pool.read { db in
            let filter = only.map { ids in "AND id IN (SELECT value FROM json_each(?))" } ?? ""
            var arguments: StatementArguments = [afterID?.rawValue ?? 0]
            if let only { arguments += [Stored.json(only.map(\.rawValue))] }
            arguments += [limit]
            return try Row.fetchAll(db, sql: "SELECT * FROM networks WHERE id > ? \(filter) ORDER BY id LIMIT ?",
                                    arguments: arguments).map(Self.network)
        }
    }

    public func updateNetworkPolicy(_ id: NetworkID, _ policy: NetworkPolicy, audit: [AuditEvent]) async throws -> Network? {
        try await write(conflict: "the network changed") { db in
            try db.execute(sql: """
                UPDATE networks SET credit_floor_minutes = ?, ceiling_minutes = ?, welcome_grant_minutes = ?,
                    auto_confirm_days = ?, group_session_payment = ?, grace_minutes = ?
                WHERE id = ?
                """, arguments: [
                    policy.creditFloorMinutes, policy.ceilingMinutes, policy.welcomeGrantMinutes, policy.autoConfirmDays,
                    policy.groupSessionPayment.rawValue, policy.graceMinutes, id.rawValue,
                ])
            if db.changesCount == 1 { try Self.appendAudit(db, audit) }
            return try Row.fetchOne(db, sql: "SELECT * FROM networks WHERE id = ?", arguments: [id.rawValue]).map(Self.network)
        }
    }

    static func network(_ row: Row) throws -> Network {
        let read = RowReader(row: row, table: "networks")
        let policy = NetworkPolicy(
            creditFloorMinutes: try read.int64("credit_floor_minutes"), ceilingMinutes: try read.optionalInt64("ceiling_minutes"),
            welcomeGrantMinutes: try read.int64("welcome_grant_minutes"), autoConfirmDays: try read.int("auto_confirm_days"),
            groupSessionPayment: try read.enumeration("group_session_payment"), graceMinutes: try read.int64("grace_minutes"))
        return Network(
            id: NetworkID(try read.int64("id")), slug: try read.string("slug"), name: try read.string("name"), policy: policy,
            communityAccountID: AccountID(try read.int64("community_account_id")),
            correctionAccountID: AccountID(try read.int64("correction_account_id")), createdAt: try read.date("created_at"))
    }
}
