import PostgresNIO

/// One search over a listing table (offers, requests), built a filter at a time as on SQLite
/// (`ListingSearchSQL`): each filter adds its clause and its binds together, numbered `$n` in
/// order, so the two never drift apart. Lists are JSON arrays in TEXT columns, read with
/// `jsonb_array_elements_text(x::jsonb)` where SQLite used `json_each`; words match the GIN
/// index over the same expression (`ExchangeSchema.offersSearchVector`), where SQLite used FTS5.
struct PostgresListingSearch {
    let table: String
    let alias: String
    /// The expression of the table's full-text index, written with the alias.
    let searchVector: String
    private var clauses: [String] = []
    private var bindings = PostgresBindings()

    init(table: String, alias: String, searchVector: String) {
        self.table = table
        self.alias = alias
        self.searchVector = searchVector
    }

    /// Binds `value` and answers its placeholder.
    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String {
        bindings.append(value)
        return "$\(bindings.count)"
    }

    /// A clause of the listing's own columns (written with the alias; binds made with `bind`).
    mutating func require(_ clause: String) {
        clauses.append(clause)
    }

    /// The JSON array column holds `value`; no clause when there is no value.
    mutating func contains(_ column: String, _ value: String?) {
        guard let value else { return }
        let placeholder = bind(value)
        require("EXISTS (SELECT 1 FROM jsonb_array_elements_text(\(alias).\(column)::jsonb) AS item WHERE item = \(placeholder))")
    }

    /// The column is `value`; no clause when there is no value.
    mutating func equals(_ column: String, _ value: String?) {
        guard let value else { return }
        require("\(alias).\(column) = \(bind(value))")
    }

    /// Every word, as a prefix, is among the listing's indexed words; no clause without words.
    mutating func matches(_ words: [String]) {
        let query = PostgresStored.prefixQuery(words)
        guard !words.isEmpty else { return }
        guard !query.isEmpty else {
            // Words with no letter or digit match nothing (FTS5 finds no such token either).
            require("FALSE")
            return
        }
        require("\(searchVector) @@ to_tsquery('simple', \(bind(query)))")
    }

    /// The listings meeting every clause, in id order, at most `limit`.
    func query(limit: Int) -> PostgresQuery {
        var search = self
        let limitPlaceholder = search.bind(Int64(limit))
        let sql = """
            SELECT \(alias).* FROM \(table) \(alias) WHERE \(clauses.joined(separator: " AND "))
            ORDER BY \(alias).id LIMIT \(limitPlaceholder)
            """
        return PostgresQuery(unsafeSQL: sql, binds: search.bindings)
    }
}
