import Exchange
import Foundation
import Ledger
import Logging
import PostgresNIO

extension PostgresExchangeStore {
    public func insertNetwork(_ draft: NetworkDraft, at: Date) async throws -> Network {
        let logger = logger
        return try await write(conflict: "the slug \(draft.slug) is taken") { connection in
            let community = try await Self.allocate(connection, "account", count: 2, logger: logger)
            let policy = draft.policy
            let createdAt = PostgresStored.seconds(at)
            guard let id = try await connection.scalar("""
                INSERT INTO networks (slug, name, credit_floor_minutes, ceiling_minutes, welcome_grant_minutes,
                    auto_confirm_days, group_session_payment, grace_minutes, community_account_id,
                    correction_account_id, created_at)
                VALUES (\(draft.slug), \(draft.name), \(policy.creditFloorMinutes), \(policy.ceilingMinutes),
                    \(policy.welcomeGrantMinutes), \(Int64(policy.autoConfirmDays)), \(policy.groupSessionPayment.rawValue),
                    \(policy.graceMinutes), \(community), \(community + 1), \(createdAt))
                RETURNING id
                """, as: Int64.self, logger: logger)
            else { throw PostgresMalformedRow(table: "networks", column: "id") }
            return Network(id: NetworkID(id), slug: draft.slug, name: draft.name, policy: policy,
                           communityAccountID: AccountID(community), correctionAccountID: AccountID(community + 1),
                           createdAt: Date(timeIntervalSince1970: TimeInterval(createdAt)))
        }
    }

    public func network(_ id: NetworkID) async throws -> Network? {
        let logger = logger
        return try await read { connection in
            try await connection.fetchOne("SELECT * FROM networks WHERE id = \(id.rawValue)", logger: logger).map(Self.network)
        }
    }

    public func network(slug: String) async throws -> Network? {
        let logger = logger
        return try await read { connection in
            try await connection.fetchOne("SELECT * FROM networks WHERE slug = \(slug)", logger: logger).map(Self.network)
        }
    }

    public func networks(only: [NetworkID]?, afterID: NetworkID?, limit: Int) async throws -> [Network] {
        let logger = logger
        let after = afterID?.rawValue ?? 0
        let limit = Int64(limit)
        return try await read { connection in
            let rows: [PostgresRow]
            if let only {
                let ids = only.map(\.rawValue)
                rows = try await connection.fetchAll(
                    "SELECT * FROM networks WHERE id > \(after) AND id = ANY(\(ids)) ORDER BY id LIMIT \(limit)", logger: logger)
            } else {
                rows = try await connection.fetchAll(
                    "SELECT * FROM networks WHERE id > \(after) ORDER BY id LIMIT \(limit)", logger: logger)
            }
            return try rows.map(Self.network)
        }
    }

    public func updateNetworkPolicy(_ id: NetworkID, _ policy: NetworkPolicy, audit: [AuditEvent]) async throws -> Network? {
        let logger = logger
        return try await write(conflict: "the network changed") { connection in
            let row = try await connection.fetchOne("""
                UPDATE networks SET credit_floor_minutes = \(policy.creditFloorMinutes), ceiling_minutes = \(policy.ceilingMinutes),
                    welcome_grant_minutes = \(policy.welcomeGrantMinutes), auto_confirm_days = \(Int64(policy.autoConfirmDays)),
                    group_session_payment = \(policy.groupSessionPayment.rawValue), grace_minutes = \(policy.graceMinutes)
                WHERE id = \(id.rawValue)
                RETURNING *
                """, logger: logger)
            guard let row else { return nil }
            try await Self.appendAudit(connection, audit, logger: logger)
            return try Self.network(row)
        }
    }

    static func network(_ row: PostgresRow) throws -> Network {
        let read = PostgresRowReader(row, table: "networks")
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
