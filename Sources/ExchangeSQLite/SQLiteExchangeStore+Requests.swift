import Exchange
import Foundation
import GRDB
import Ledger
import SQLiteSupport

extension SQLiteExchangeStore {
    public func insertRequest(requesterID: MemberID, networkID: NetworkID, details: RequestDetails,
                              at: Date, keyed: KeyedCreation?) async throws -> SupportRequest {
        try await write(conflict: Self.keyTakenConflict) { db in
            try db.execute(sql: """
                INSERT INTO requests (requester_id, network_id, status, kind, topics, preferred_windows, time_zone, mode,
                    language, duration_minutes, exclude_own_organisation, excluded_member_ids, urgency, description, created_at, area,
                    preferred_profession, preferred_career_stage)
                VALUES (?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [
                    requesterID.rawValue, networkID.rawValue, details.kind, Stored.json(details.topics),
                    Stored.json(details.preferredWindows), details.timeZone, details.mode.rawValue, details.language,
                    details.durationMinutes, details.excludeOwnOrganisation ? 1 : 0,
                    Stored.json(details.excludedMemberIDs.map(\.rawValue)), details.urgency.rawValue, details.description,
                    Stored.seconds(at), details.area, details.preferredProfession, details.preferredCareerStage?.rawValue,
                ])
            let id = db.lastInsertedRowID
            try db.execute(sql: "INSERT INTO requests_text (rowid, topics) VALUES (?, ?)",
                           arguments: [id, Stored.ftsTopics(details.topics)])
            try Self.record(db, keyed, resourceID: id)
            return SupportRequest(id: RequestID(id), requesterID: requesterID, networkID: networkID, details: details,
                                  status: .open, createdAt: Date(timeIntervalSince1970: TimeInterval(Stored.seconds(at))))
        }
    }

    public func request(_ id: RequestID) async throws -> SupportRequest? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM requests WHERE id = ?", arguments: [id.rawValue]).map(Self.request)
        }
    }

    public func updateRequestStatus(_ id: RequestID, to status: RequestStatus) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE requests SET status = ? WHERE id = ?", arguments: [status.rawValue, id.rawValue])
        }
    }

    /// The home page's: kept in `requestsOfRequesterCache` (decoding a request's JSON columns
    /// costs more than reading it), else one statement on the point reader.
    public func requests(requesterID: MemberID, afterID: RequestID?, limit: Int) async throws -> [SupportRequest] {
        let key = OwnListKey(memberID: requesterID, afterID: afterID?.rawValue ?? 0, limit: limit)
        return try await requestsOfRequesterCache.value(for: key) {
            try pointReader.read { db in
                try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM requests WHERE requester_id = ? AND id > ? ORDER BY id LIMIT ?"),
                                 arguments: [key.memberID.rawValue, key.afterID, key.limit]).map(Self.request)
            }
        }
    }

    public func searchRequests(_ search: RequestSearch) async throws -> [SupportRequest] {
        var query = ListingSearchSQL(table: "requests", alias: "r")
        query.require("r.status = 'open'")
        query.require("r.network_id IN (SELECT value FROM json_each(?))", [Stored.json(search.networkIDs.map(\.rawValue))])
        query.require("r.id > ?", [search.afterID?.rawValue ?? 0])
        query.require("r.requester_id <> ?", [search.searcherID.rawValue])
        query.require("NOT EXISTS (SELECT 1 FROM json_each(r.excluded_member_ids) WHERE value = ?)", [search.searcherID.rawValue])
        query.require("NOT (r.exclude_own_organisation = 1 AND (SELECT organisation FROM members WHERE id = r.requester_id) = ?)",
                      [search.searcherOrganisation])
        query.equals("kind", search.kind)
        query.contains("topics", search.topic)
        query.equals("language", search.language)
        query.equals("mode", search.mode?.rawValue)
        query.matches(search.words)
        let bound = query
        return try await pool.read { db in try bound.fetch(db, limit: search.limit, decode: Self.request) }
    }

    static func request(_ row: Row) throws -> SupportRequest {
        let read = RowReader(row: row, table: "requests")
        let details = RequestDetails(
            kind: try read.string("kind"), topics: try read.json("topics"), preferredWindows: try read.json("preferred_windows"),
            timeZone: try read.string("time_zone"), mode: try read.enumeration("mode"), language: try read.string("language"),
            durationMinutes: try read.int64("duration_minutes"),
            excludeOwnOrganisation: try read.bool("exclude_own_organisation"),
            excludedMemberIDs: try read.json("excluded_member_ids", as: [Int64].self).map { MemberID($0) },
            urgency: try read.enumeration("urgency"), description: try read.optionalString("description"),
            area: try read.optionalString("area"), preferredProfession: try read.optionalString("preferred_profession"),
            preferredCareerStage: try read.optionalString("preferred_career_stage").flatMap(CareerStage.init(rawValue:)))
        return SupportRequest(id: RequestID(try read.int64("id")), requesterID: MemberID(try read.int64("requester_id")),
                              networkID: NetworkID(try read.int64("network_id")), details: details,
                              status: try read.enumeration("status"), createdAt: try read.date("created_at"))
    }
}
