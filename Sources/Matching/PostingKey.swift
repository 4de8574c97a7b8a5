/// A posting list's key in the offer index. `nil`/-1 is a wildcard, so the same table holds
/// (network, kind, language) — the candidates proper — and the three lists that leave one
/// dimension open, which `explain` uses to find offers failing only that dimension.
struct PostingKey: Sendable, Hashable {
    static let any: Int32 = -1

    let networkID: Int64?
    let kindID: Int32
    let languageID: Int32
}

/// A topic posting list's key: offers of a network that include a kind and carry a topic.
/// Topics are scored, not filtered, so these lists do not bound the candidates; they let the
/// search visit the offers sharing a topic first, which raises the bar for the rest early.
struct TopicPostingKey: Sendable, Hashable {
    let networkID: Int64
    let kindID: Int32
    let topicID: Int32
}
