import Exchange
import Foundation
import Logging
import PostgresNIO

/// What keyed POSTs created (`KeyedCreation`): one row per member and key hash, written in the
/// transaction of the row it names. The primary key refuses a second creation under one key,
/// whatever raced to it, on any instance.
extension PostgresExchangeStore {
    /// The words of the conflict when a key has created something already.
    static let keyTakenConflict = "this Idempotency-Key has created something already: retry the same request to read it"

    /// Stores `keyed` for the row `resourceID`, inside the caller's transaction (nothing for an
    /// unkeyed insert).
    static func record(_ connection: PostgresConnection, _ keyed: KeyedCreation?, resourceID: Int64, logger: Logger)
        async throws
    {
        guard let keyed else { return }
        try await connection.query("""
            INSERT INTO keyed_creations (member_id, key_hash, request_hash, resource, resource_id, created_at)
            VALUES (\(keyed.memberID.rawValue), \(keyed.key.keyHash), \(keyed.key.requestHash), \(keyed.resource.rawValue),
                    \(resourceID), \(PostgresStored.seconds(keyed.createdAt)))
            """, logger: logger)
    }

    public func keyedCreation(memberID: MemberID, keyHash: Data) async throws -> KeyedCreation? {
        let logger = logger
        return try await read { connection in
            guard let row = try await connection.fetchOne("""
                SELECT request_hash, resource, resource_id, created_at FROM keyed_creations
                WHERE member_id = \(memberID.rawValue) AND key_hash = \(keyHash)
                """, logger: logger)
            else { return nil }
            let read = PostgresRowReader(row, table: "keyed_creations")
            return KeyedCreation(
                memberID: memberID, key: OperationKey(keyHash: keyHash, requestHash: try read.data("request_hash")),
                resource: try read.enumeration("resource"), resourceID: try read.int64("resource_id"),
                createdAt: try read.date("created_at"))
        }
    }

    public func deleteKeyedCreations(before: Date) async throws {
        let logger = logger
        try await write { connection in
            _ = try await connection.query(
                "DELETE FROM keyed_creations WHERE created_at < \(PostgresStored.seconds(before))", logger: logger)
        }
    }
}
