/// Interns strings of one kind (kinds, languages, topics …) as small integers, so the index
/// compares integers. Built with the index and read-only afterwards.
struct Vocabulary: Sendable {
    private(set) var identifiers: [String: Int32] = [:]

    mutating func intern(_ text: String) -> Int32 {
        if let existing = identifiers[text] { return existing }
        let identifier = Int32(identifiers.count)
        identifiers[text] = identifier
        return identifier
    }

    /// The identifier of a known string; nil for one no offer used (it can match nothing).
    func lookup(_ text: String) -> Int32? { identifiers[text] }
}
