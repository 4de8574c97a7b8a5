import Exchange
import Foundation
import GRDB
import SQLiteSupport

/// What keyed POSTs created (`KeyedCreation`): one row per member and key hash, written in the
/// transaction of the row it names. The primary key refuses a second creation under one key,
/// whatever raced to it.
extension SQLiteExchangeStore {
    static let keyedCreationsSchema = """
        CREATE TABLE keyed_creations (
            member_id INTEGER NOT NULL,
            key_hash BLOB NOT NULL CHECK (length(key_hash) = 32),
            request_hash BLOB NOT NULL CHECK (length(request_hash) = 32),
            resource TEXT NOT NULL,
            resource_id INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (member_id, key_hash)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX keyed_creations_by_time ON keyed_creations (created_at);
        """

    /// The words of the conflict when a key has created something already.
    static let keyTakenConflict = "this Idempotency-Key has created something already: retry the same request to read it"

    /// Stores `keyed` for the row `resourceID`, inside the caller's transaction (nothing for an
    /// unkeyed insert).
    static func record(_ db: Database, _ keyed: KeyedCreation?, resourceID: Int64) throws {
        guard let keyed else { return }
        try db.cachedStatement(sql: """
            INSERT INTO keyed_creations (member_id, key_hash, request_hash, resource, resource_id, created_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                keyed.memberID.rawValue, keyed.key.keyHash, keyed.key.requestHash, keyed.resource.rawValue, resourceID,
                Stored.seconds(keyed.createdAt),
            ])
    }

    public func keyedCreation(memberID: MemberID, keyHash: Data) async throws -> KeyedCreation? {
        try pointReader.read { db in
            guard let row = try Row.fetchOne(
                db.cachedStatement(sql: """
                    SELECT request_hash, resource, resource_id, created_at FROM keyed_creations
                    WHERE member_id = ? AND key_hash = ?
                    """),
                arguments: [memberID.rawValue, keyHash])
            else { return nil }
            let resourceName: String = row["resource"]
            guard let resource = KeyedResource(rawValue: resourceName) else {
                throw MalformedRow(table: "keyed_creations", column: "resource")
            }
            return KeyedCreation(
                memberID: memberID, key: OperationKey(keyHash: keyHash, requestHash: row["request_hash"]),
                resource: resource, resourceID: row["resource_id"],
                createdAt: Date(timeIntervalSince1970: TimeInterval(row["created_at"] as Int64)))
        }
    }

    public func deleteKeyedCreations(before: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM keyed_creations WHERE created_at < ?", arguments: [Stored.seconds(before)])
        }
    }
}
