/// One labelled input as the `field` partial draws it: label, hint under it, its message when
/// wrong (both linked to the input by `aria-describedby`), and the value the person typed.
/// (Templates read stored properties only — Mustache reflects with `Mirror` — so what they show
/// is computed in `init`.)
struct FormField: Sendable {
    var id: String
    var name: String
    var label: String
    var hint: String?
    var value: String
    var error: String?
    /// `text`, `email`, `password`
    var type: String
    var autocomplete: String
    /// Drawn as a `<textarea>` instead of an `<input>`.
    var multiline: Bool
    var hintID: String
    var errorID: String
    /// The hint's and the message's ids, for `aria-describedby`; nil when there is neither.
    var describedBy: String?

    static func id(for name: String) -> String { "field-" + name }

    /// A field whose label and hint are the catalogue's `<key>Label` and `<key>Hint` (when present).
    init(_ name: String, words: Words, key: String, value: String = "", errors: FormErrors, type: String = "text",
         autocomplete: String = "off", multiline: Bool = false) {
        id = Self.id(for: name)
        self.name = name
        label = words[key + "Label"]
        hint = words.messages[key + "Hint"]
        self.value = type == "password" ? "" : value
        error = errors.message(for: name)
        self.type = type
        self.autocomplete = autocomplete
        self.multiline = multiline
        hintID = id + "-hint"
        errorID = id + "-error"
        describedBy = Self.describedBy(hint: hint == nil ? nil : hintID, error: error == nil ? nil : errorID)
    }

    static func describedBy(hint: String?, error: String?) -> String? {
        let ids = [hint, error].compactMap { $0 }
        return ids.isEmpty ? nil : ids.joined(separator: " ")
    }
}

/// A set of radio buttons or checkboxes with a legend, as the `radios` and `checkboxes` partials
/// draw it (a checkbox posts `<name>[]=<value>`, so its field decodes as an array).
struct OptionGroup: Sendable {
    struct Option: Sendable {
        var id: String
        var value: String
        var label: String
        var checked: Bool
    }

    var name: String
    var legend: String
    var hint: String?
    var error: String?
    var options: [Option]
    var hintID: String
    var errorID: String
    var describedBy: String?

    /// `options` are (value, label) pairs; the first option's id is the field's own
    /// (`field-<name>`), where the error summary links.
    init(_ name: String, legend: String, hint: String?, options: [(value: String, label: String)], checked: Set<String>,
         errors: FormErrors) {
        self.name = name
        self.legend = legend
        self.hint = hint
        error = errors.message(for: name)
        self.options = options.enumerated().map { index, option in
            Option(id: index == 0 ? FormField.id(for: name) : FormField.id(for: name) + "-" + option.value,
                   value: option.value, label: option.label, checked: checked.contains(option.value))
        }
        hintID = FormField.id(for: name) + "-hint"
        errorID = FormField.id(for: name) + "-error"
        describedBy = FormField.describedBy(hint: hint == nil ? nil : hintID, error: error == nil ? nil : errorID)
    }

    /// Legend, hint and labels from the catalogue: `<key>Legend`, `<key>Hint`, `<key>Option_<value>`.
    init(_ name: String, words: Words, key: String, values: [String], selected: String?, errors: FormErrors) {
        self.init(name, legend: words[key + "Legend"], hint: words.messages[key + "Hint"],
                  options: values.map { ($0, words[key + "Option_" + $0]) }, checked: selected.map { [$0] } ?? [], errors: errors)
    }
}
