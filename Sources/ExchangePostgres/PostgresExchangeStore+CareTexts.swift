import Exchange
import Foundation
import Ledger
import PostgresNIO
import PostgresSupport

/// Each network's signposting list and privacy notice (`NetworkCareTextRepository`): a row per
/// network whose coordinators saved them, the signposts as the same JSON text as SQLite's.
extension PostgresExchangeStore {
    public func networkCareTexts(_ networkID: NetworkID) async throws -> NetworkCareTexts? {
        try await restRows("SELECT * FROM network_care_texts WHERE network_id = \(networkID.rawValue)")
            .first.map(Self.networkCareTexts)
    }

    public func setNetworkCareTexts(_ networkID: NetworkID, _ texts: NetworkCareTexts, audit: [AuditEvent]) async throws {
        let updatedAt = RestSQL.seconds(texts.updatedAt ?? Date())
        let signposts = RestSQL.json(texts.signposts)
        let privacyNotice = texts.privacyNotice
        try await restWrite { connection, logger in
            try await Self.restChanged(connection, """
                INSERT INTO network_care_texts (network_id, signposts, privacy_notice, updated_at)
                VALUES (\(networkID.rawValue), \(signposts), \(privacyNotice), \(updatedAt))
                ON CONFLICT (network_id) DO UPDATE SET signposts = EXCLUDED.signposts,
                    privacy_notice = EXCLUDED.privacy_notice, updated_at = EXCLUDED.updated_at
                RETURNING network_id
                """, logger: logger)
            try await Self.appendAudit(connection, audit, logger: logger)
        }
    }

    static func networkCareTexts(_ row: PostgresRow) throws -> NetworkCareTexts {
        let read = RestReader(row, table: "network_care_texts")
        guard let signposts = try? JSONDecoder().decode([Signpost].self, from: Data(try read.string("signposts").utf8)) else {
            throw RestMalformedRow(table: "network_care_texts", column: "signposts")
        }
        return NetworkCareTexts(signposts: signposts, privacyNotice: try read.optionalString("privacy_notice"),
                                updatedAt: try read.date("updated_at"))
    }
}
