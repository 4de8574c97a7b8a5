import Exchange
import Foundation
import Ledger
import Logging
import PostgresNIO

extension PostgresExchangeStore {
    public func insertRequest(requesterID: MemberID, networkID: NetworkID, details: RequestDetails,
                              at: Date, keyed: KeyedCreation?) async throws -> SupportRequest {
        let logger = logger
        let createdAt = PostgresStored.seconds(at)
        return try await write(conflict: Self.keyTakenConflict) { connection in
            guard let id = try await connection.scalar("""
                INSERT INTO requests (requester_id, network_id, status, kind, topics, preferred_windows, time_zone, mode,
                    language, duration_minutes, exclude_own_organisation, excluded_member_ids, urgency, description, created_at,
                    area, preferred_profession, preferred_career_stage)
                VALUES (\(requesterID.rawValue), \(networkID.rawValue), 'open', \(details.kind), \(PostgresStored.json(details.topics)),
                    \(PostgresStored.json(details.preferredWindows)), \(details.timeZone), \(details.mode.rawValue),
                    \(details.language), \(details.durationMinutes), \(PostgresStored.flag(details.excludeOwnOrganisation)),
                    \(PostgresStored.json(details.excludedMemberIDs.map(\.rawValue))), \(details.urgency.rawValue),
                    \(details.description), \(createdAt), \(details.area), \(details.preferredProfession),
                    \(details.preferredCareerStage?.rawValue))
                RETURNING id
                """, as: Int64.self, logger: logger)
            else { throw PostgresMalformedRow(table: "requests", column: "id") }
            try await Self.record(connection, keyed, resourceID: id, logger: logger)
            return SupportRequest(id: RequestID(id), requesterID: requesterID, networkID: networkID, details: details,
                                  status: .open, createdAt: Date(timeIntervalSince1970: TimeInterval(createdAt)))
        }
    }

    public func request(_ id: RequestID) async throws -> SupportRequest? {
        let logger = logger
        return try await read { connection in
            try await connection.fetchOne("SELECT * FROM requests WHERE id = \(id.rawValue)", logger: logger).map(Self.request)
        }
    }

    /// `ended_at` follows the status (the `requests_ended` trigger), as on SQLite.
    public func updateRequestStatus(_ id: RequestID, to status: RequestStatus) async throws {
        let logger = logger
        try await write { connection in
            _ = try await connection.query("UPDATE requests SET status = \(status.rawValue) WHERE id = \(id.rawValue)", logger: logger)
        }
    }

    public func requests(requesterID: MemberID, afterID: RequestID?, limit: Int) async throws -> [SupportRequest] {
        let logger = logger
        let after = afterID?.rawValue ?? 0
        let limit = Int64(limit)
        return try await read { connection in
            try await connection.fetchAll("""
                SELECT * FROM requests WHERE requester_id = \(requesterID.rawValue) AND id > \(after) ORDER BY id LIMIT \(limit)
                """, logger: logger).map(Self.request)
        }
    }

    public func searchRequests(_ search: RequestSearch) async throws -> [SupportRequest] {
        var query = PostgresListingSearch(table: "requests", alias: "r", searchVector: "to_tsvector('simple', r.topics)")
        query.require("r.status = 'open'")
        query.require("r.network_id = ANY(\(query.bind(search.networkIDs.map(\.rawValue))))")
        query.require("r.id > \(query.bind(search.afterID?.rawValue ?? 0))")
        let searcher = query.bind(search.searcherID.rawValue)
        query.require("r.requester_id <> \(searcher)")
        query.require("NOT (r.excluded_member_ids::jsonb @> jsonb_build_array(\(searcher)::bigint))")
        query.require("""
            NOT (r.exclude_own_organisation = 1
                 AND (SELECT organisation FROM members WHERE id = r.requester_id) = \(query.bind(search.searcherOrganisation)))
            """)
        query.equals("kind", search.kind)
        query.contains("topics", search.topic)
        query.equals("language", search.language)
        query.equals("mode", search.mode?.rawValue)
        query.matches(search.words)
        let statement = query.query(limit: search.limit)
        let logger = logger
        return try await read { connection in try await connection.fetchAll(statement, logger: logger).map(Self.request) }
    }

    static func request(_ row: PostgresRow) throws -> SupportRequest {
        let read = PostgresRowReader(row, table: "requests")
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
