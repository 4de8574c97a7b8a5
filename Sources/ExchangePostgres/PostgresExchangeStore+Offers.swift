import Exchange
import Foundation
import Ledger
import Logging
import PostgresNIO

extension PostgresExchangeStore {
    public func insertOffer(supporterID: MemberID, networkID: NetworkID, details: OfferDetails, at: Date,
                            keyed: KeyedCreation?) async throws -> Offer {
        let logger = logger
        let createdAt = PostgresStored.seconds(at)
        return try await write(conflict: Self.keyTakenConflict) { connection in
            guard let id = try await connection.scalar("""
                INSERT INTO offers (supporter_id, network_id, status, title, kinds, topics, availability, time_zone, modes,
                    area, languages, capacity_hours_per_month, visibility, created_at)
                VALUES (\(supporterID.rawValue), \(networkID.rawValue), 'active', \(details.title),
                    \(PostgresStored.json(details.kinds)), \(PostgresStored.json(details.topics)),
                    \(PostgresStored.json(details.availability)), \(details.timeZone),
                    \(PostgresStored.json(details.modes.map(\.rawValue))), \(details.area),
                    \(PostgresStored.json(details.languages)), \(Int64(details.capacityHoursPerMonth)),
                    \(details.visibility.rawValue), \(createdAt))
                RETURNING id
                """, as: Int64.self, logger: logger)
            else { throw PostgresMalformedRow(table: "offers", column: "id") }
            try await Self.record(connection, keyed, resourceID: id, logger: logger)
            return Offer(id: OfferID(id), supporterID: supporterID, networkID: networkID, details: details, status: .active,
                         createdAt: Date(timeIntervalSince1970: TimeInterval(createdAt)))
        }
    }

    public func offer(_ id: OfferID) async throws -> Offer? {
        let logger = logger
        return try await read { connection in
            try await connection.fetchOne("SELECT * FROM offers WHERE id = \(id.rawValue)", logger: logger).map(Self.offer)
        }
    }

    /// The full-text index follows the row (an index over its own columns): nothing else to write.
    public func updateOffer(_ offer: Offer) async throws {
        let logger = logger
        let details = offer.details
        try await write { connection in
            _ = try await connection.query("""
                UPDATE offers SET title = \(details.title), kinds = \(PostgresStored.json(details.kinds)),
                    topics = \(PostgresStored.json(details.topics)), availability = \(PostgresStored.json(details.availability)),
                    time_zone = \(details.timeZone), modes = \(PostgresStored.json(details.modes.map(\.rawValue))),
                    area = \(details.area), languages = \(PostgresStored.json(details.languages)),
                    capacity_hours_per_month = \(Int64(details.capacityHoursPerMonth)), visibility = \(details.visibility.rawValue),
                    status = \(offer.status.rawValue)
                WHERE id = \(offer.id.rawValue)
                """, logger: logger)
        }
    }

    public func offers(supporterID: MemberID, afterID: OfferID?, limit: Int) async throws -> [Offer] {
        let logger = logger
        let after = afterID?.rawValue ?? 0
        let limit = Int64(limit)
        return try await read { connection in
            try await connection.fetchAll("""
                SELECT * FROM offers WHERE supporter_id = \(supporterID.rawValue) AND id > \(after) ORDER BY id LIMIT \(limit)
                """, logger: logger).map(Self.offer)
        }
    }

    public func searchOffers(_ search: OfferSearch) async throws -> [Offer] {
        var query = PostgresListingSearch(table: "offers", alias: "o", searchVector: Self.offerWords("o"))
        var visible = ["o.network_id = ANY(\(query.bind(search.networkIDs.map(\.rawValue))))"]
        for partner in search.partners {
            let network = query.bind(partner.networkID.rawValue)
            let kinds = query.bind(partner.kinds)
            visible.append("(o.network_id = \(network) AND o.visibility = 'partners' AND o.kinds::jsonb ?| \(kinds)::text[])")
        }
        query.require("o.status = 'active'")
        query.require("(\(visible.joined(separator: " OR ")))")
        query.require("o.id > \(query.bind(search.afterID?.rawValue ?? 0))")
        if let supporterID = search.supporterID { query.require("o.supporter_id = \(query.bind(supporterID.rawValue))") }
        query.contains("kinds", search.kind)
        query.contains("topics", search.topic)
        query.contains("languages", search.language)
        query.contains("modes", search.mode?.rawValue)
        query.matches(search.words)
        let statement = query.query(limit: search.limit)
        let logger = logger
        return try await read { connection in try await connection.fetchAll(statement, logger: logger).map(Self.offer) }
    }

    /// `ExchangeSchema.offersSearchVector` over the alias `alias`, so the search uses its index.
    static func offerWords(_ alias: String) -> String {
        "to_tsvector('simple', \(alias).title || ' ' || \(alias).topics)"
    }

    static func offer(_ row: PostgresRow) throws -> Offer {
        let read = PostgresRowReader(row, table: "offers")
        let modes = try read.json("modes", as: [String].self).map { name in
            guard let mode = SessionMode(rawValue: name) else { throw PostgresMalformedRow(table: "offers", column: "modes") }
            return mode
        }
        let details = OfferDetails(
            title: try read.string("title"), kinds: try read.json("kinds"), topics: try read.json("topics"),
            availability: try read.json("availability"), timeZone: try read.string("time_zone"), modes: modes,
            area: try read.optionalString("area"), languages: try read.json("languages"),
            capacityHoursPerMonth: try read.int("capacity_hours_per_month"), visibility: try read.enumeration("visibility"))
        return Offer(id: OfferID(try read.int64("id")), supporterID: MemberID(try read.int64("supporter_id")),
                     networkID: NetworkID(try read.int64("network_id")), details: details,
                     status: try read.enumeration("status"), createdAt: try read.date("created_at"))
    }
}
