/// A labelled `<select>`, as the `select` partial draws it.
struct SelectField: Sendable {
    struct Option: Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    var id: String
    var name: String
    var label: String
    var hint: String?
    var error: String?
    var options: [Option]
    var hintID: String
    var errorID: String
    var describedBy: String?

    init(_ name: String, label: String, hint: String?, options: [(value: String, label: String)], selected: String?,
         errors: FormErrors) {
        id = FormField.id(for: name)
        self.name = name
        self.label = label
        self.hint = hint
        error = errors.message(for: name)
        self.options = options.map { Option(value: $0.value, label: $0.label, selected: $0.value == selected) }
        hintID = id + "-hint"
        errorID = id + "-error"
        describedBy = FormField.describedBy(hint: hint == nil ? nil : hintID, error: error == nil ? nil : errorID)
    }
}
