import GRDB

/// One search over a listing table (offers, requests), built a filter at a time: each filter
/// adds its clause and its arguments together, so the two can never drift apart. Offers keep
/// their kinds, languages and modes as JSON arrays, requests one of each in a column; both keep
/// topics as a JSON array and index titles and topics for words (`<table>_text`, FTS5).
struct ListingSearchSQL {
    let table: String
    let alias: String
    private var clauses: [String] = []
    private var arguments: StatementArguments = []

    init(table: String, alias: String) {
        self.table = table
        self.alias = alias
    }

    /// A clause of the listing's own columns (written with the alias) and its arguments.
    mutating func require(_ clause: String, _ values: StatementArguments = []) {
        clauses.append(clause)
        arguments += values
    }

    /// The JSON array column holds `value`; no clause when there is no value.
    mutating func contains(_ column: String, _ value: String?) {
        guard let value else { return }
        require("EXISTS (SELECT 1 FROM json_each(\(alias).\(column)) WHERE value = ?)", [value])
    }

    /// The column is `value`; no clause when there is no value.
    mutating func equals(_ column: String, _ value: String?) {
        guard let value else { return }
        require("\(alias).\(column) = ?", [value])
    }

    /// Every word, as a prefix, is in the listing's full-text index; no clause without words.
    mutating func matches(_ words: [String]) {
        guard !words.isEmpty else { return }
        require("\(alias).id IN (SELECT rowid FROM \(table)_text WHERE \(table)_text MATCH ?)", [Stored.ftsQuery(words)])
    }

    /// The listings meeting every clause, in id order, at most `limit`.
    func fetch<Item>(_ db: Database, limit: Int, decode: (Row) throws -> Item) throws -> [Item] {
        let sql = "SELECT \(alias).* FROM \(table) \(alias) WHERE \(clauses.joined(separator: " AND ")) ORDER BY \(alias).id LIMIT ?"
        return try Row.fetchAll(db, sql: sql, arguments: arguments + [limit]).map(decode)
    }
}
