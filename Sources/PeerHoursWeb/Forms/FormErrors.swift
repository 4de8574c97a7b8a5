/// A form's mistakes, each for one field, in the order the fields appear: the error summary at
/// the top lists them, linking to the fields; each field shows its own.
struct FormErrors: Sendable {
    struct Item: Sendable {
        var field: String
        var message: String
    }

    private(set) var items: [Item] = []

    var isEmpty: Bool { items.isEmpty }

    /// Keeps the first message per field.
    mutating func add(_ field: String, _ message: String) {
        guard self.message(for: field) == nil else { return }
        items.append(Item(field: field, message: message))
    }

    func message(for field: String) -> String? { items.first { $0.field == field }?.message }

    /// The error summary's entries, in the order of `fieldOrder` (fields not named there last).
    func summary(fieldOrder: [String]) -> [SummaryItem] {
        let ranked = items.sorted { (fieldOrder.firstIndex(of: $0.field) ?? .max) < (fieldOrder.firstIndex(of: $1.field) ?? .max) }
        return ranked.map { SummaryItem(href: "#" + FormField.id(for: $0.field), message: $0.message) }
    }

    struct SummaryItem: Sendable {
        var href: String
        var message: String
    }
}
