/// A set of checkboxes with a legend, as the `checkboxes` partial draws it. Each box posts
/// `<name>[]=<value>`, so the form's field decodes as an array.
struct CheckboxGroup: Sendable {
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
}

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
