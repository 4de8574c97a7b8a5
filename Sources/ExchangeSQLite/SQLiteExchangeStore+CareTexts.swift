import Exchange
import Foundation
import GRDB
import Ledger
import SQLiteSupport

/// Each network's signposting list and privacy notice (`NetworkCareTextRepository`): a row per
/// network whose coordinators saved them, the signposts as a JSON array.
extension SQLiteExchangeStore {
    static let networkCareTextsSchema = """
        CREATE TABLE network_care_texts (
            network_id INTEGER PRIMARY KEY REFERENCES networks (id),
            signposts TEXT NOT NULL,
            privacy_notice TEXT,
            updated_at INTEGER NOT NULL
        ) STRICT;
        """

    public func networkCareTexts(_ networkID: NetworkID) async throws -> NetworkCareTexts? {
        try await pool.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM network_care_texts WHERE network_id = ?"),
                             arguments: [networkID.rawValue]).map(Self.networkCareTexts)
        }
    }

    public func setNetworkCareTexts(_ networkID: NetworkID, _ texts: NetworkCareTexts, audit: [AuditEvent]) async throws {
        let updatedAt = texts.updatedAt ?? Date()
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO network_care_texts (network_id, signposts, privacy_notice, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (network_id) DO UPDATE SET signposts = excluded.signposts,
                    privacy_notice = excluded.privacy_notice, updated_at = excluded.updated_at
                """, arguments: [networkID.rawValue, Stored.json(texts.signposts), texts.privacyNotice,
                                 Stored.seconds(updatedAt)])
            try Self.appendAudit(db, audit)
        }
    }

    static func networkCareTexts(_ row: Row) throws -> NetworkCareTexts {
        let read = RowReader(row: row, table: "network_care_texts")
        guard let signposts = try? JSONDecoder().decode([Signpost].self, from: Data(try read.string("signposts").utf8)) else {
            throw MalformedRow(table: "network_care_texts", column: "signposts")
        }
        return NetworkCareTexts(signposts: signposts, privacyNotice: try read.optionalString("privacy_notice"),
                                updatedAt: try read.date("updated_at"))
    }
}
