import Exchange
import Foundation
import GRDB
import Ledger
import SQLiteSupport

extension SQLiteExchangeStore {
    public func insertOffer(supporterID: MemberID, networkID: NetworkID, details: OfferDetails, at: Date,
                            keyed: KeyedCreation?) async throws -> Offer {
        try await write(conflict: Self.keyTakenConflict) { db in
            try db.execute(sql: """
                INSERT INTO offers (supporter_id, network_id, status, title, kinds, topics, availability, time_zone, modes,
                    area, languages, capacity_hours_per_month, visibility, created_at)
                VALUES (?, ?, 'active', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [supporterID.rawValue, networkID.rawValue] + Self.detailArguments(details) + [Stored.seconds(at)])
            let id = db.lastInsertedRowID
            try Self.indexOffer(db, id: id, details: details)
            try Self.record(db, keyed, resourceID: id)
            return Offer(id: OfferID(id), supporterID: supporterID, networkID: networkID, details: details, status: .active,
                         createdAt: Date(timeIntervalSince1970: TimeInterval(Stored.seconds(at))))
        }
    }

    public func offer(_ id: OfferID) async throws -> Offer? {
        try await offerCache.value(for: id) {
            try await pool.read { db in
                try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM offers WHERE id = ?"), arguments: [id.rawValue])
                    .map(Self.offer)
            }
        }
    }

    public func updateOffer(_ offer: Offer) async throws {
        try await writer.write { db in
            try db.execute(sql: """
                UPDATE offers SET title = ?, kinds = ?, topics = ?, availability = ?, time_zone = ?, modes = ?, area = ?,
                    languages = ?, capacity_hours_per_month = ?, visibility = ?, status = ? WHERE id = ?
                """, arguments: Self.detailArguments(offer.details) + [offer.status.rawValue, offer.id.rawValue])
            try Self.indexOffer(db, id: offer.id.rawValue, details: offer.details)
        }
    }

    /// The home page's: kept in `offersOfSupporterCache` (decoding an offer's JSON columns costs
    /// more than reading it), else one statement on the point reader.
    public func offers(supporterID: MemberID, afterID: OfferID?, limit: Int) async throws -> [Offer] {
        let key = OwnListKey(memberID: supporterID, afterID: afterID?.rawValue ?? 0, limit: limit)
        return try await offersOfSupporterCache.value(for: key) {
            try pointReader.read { db in
                try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM offers WHERE supporter_id = ? AND id > ? ORDER BY id LIMIT ?"),
                                 arguments: [key.memberID.rawValue, key.afterID, key.limit]).map(Self.offer)
            }
        }
    }

    public func searchOffers(_ search: OfferSearch) async throws -> [Offer] {
        var query = ListingSearchSQL(table: "offers", alias: "o")
        var visible = ["o.network_id IN (SELECT value FROM json_each(?))"]
        var visibleArguments: StatementArguments = [Stored.json(search.networkIDs.map(\.rawValue))]
        for partner in search.partners {
            visible.append("""
                (o.network_id = ? AND o.visibility = 'partners'
                    AND EXISTS (SELECT 1 FROM json_each(o.kinds) k WHERE k.value IN (SELECT value FROM json_each(?))))
                """)
            visibleArguments += [partner.networkID.rawValue, Stored.json(partner.kinds)]
        }
        query.require("o.status = 'active'")
        query.require("(\(visible.joined(separator: " OR ")))", visibleArguments)
        query.require("o.id > ?", [search.afterID?.rawValue ?? 0])
        if let supporterID = search.supporterID { query.require("o.supporter_id = ?", [supporterID.rawValue]) }
        query.contains("kinds", search.kind)
        query.contains("topics", search.topic)
        query.contains("languages", search.language)
        query.contains("modes", search.mode?.rawValue)
        query.matches(search.words)
        let bound = query
        return try await pool.read { db in try bound.fetch(db, limit: search.limit, decode: Self.offer) }
    }

    private static func detailArguments(_ details: OfferDetails) -> StatementArguments {
        [
            details.title, Stored.json(details.kinds), Stored.json(details.topics), Stored.json(details.availability),
            details.timeZone, Stored.json(details.modes.map(\.rawValue)), details.area, Stored.json(details.languages),
            details.capacityHoursPerMonth, details.visibility.rawValue,
        ]
    }

    private static func indexOffer(_ db: Database, id: Int64, details: OfferDetails) throws {
        try db.execute(sql: "DELETE FROM offers_text WHERE rowid = ?", arguments: [id])
        try db.execute(sql: "INSERT INTO offers_text (rowid, title, topics) VALUES (?, ?, ?)",
                       arguments: [id, details.title, Stored.ftsTopics(details.topics)])
    }

    static func offer(_ row: Row) throws -> Offer {
        let read = RowReader(row: row, table: "offers")
        let modes = try read.json("modes", as: [String].self).map { name in
            guard let mode = SessionMode(rawValue: name) else { throw MalformedRow(table: "offers", column: "modes") }
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
