import Mustache

/// A view model turned, once per render, into what Mustache reads fastest: every struct or class
/// a dictionary of its stored properties, every array an array of such, every optional unwrapped
/// (nil leaves its key out). Mustache otherwise reflects with a new `Mirror` for every tag it
/// looks up — and it looks each name up from the innermost context outwards — which made the
/// reflection most of a page's cost. Values that read themselves (`MustacheParent`, such as the
/// words) and plain values are kept as they are, so templates see exactly what they saw before.
enum RenderTree {
    static func build(_ value: Any) -> Any? {
        // Concrete types first: a cast to a protocol (`MustacheParent`) searches the runtime's
        // conformance tables, a cast to a concrete type compares metadata.
        if value is String || value is Bool || value is Int || value is Int64 || value is Double || value is MustacheParent {
            return value
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            guard let wrapped = mirror.children.first?.value else { return nil }
            return build(wrapped)
        case .struct, .class:
            var fields: [String: Any] = [:]
            fields.reserveCapacity(Int(mirror.children.count))
            for child in mirror.children {
                if let label = child.label, let built = build(child.value) { fields[label] = built }
            }
            return fields
        case .collection:
            return mirror.children.compactMap { build($0.value) }
        default:
            return value
        }
    }
}
