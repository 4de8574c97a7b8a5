import Foundation

/// The rules of EXCHANGE.md, each with a message a person can act on. Pure functions.
enum Validate {
    static func text(_ value: String, field: String, length: ClosedRange<Int>) throws(ExchangeError) {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        let count = value.count
        if length.lowerBound > 0 && trimmed.isEmpty {
            throw ExchangeError.invalid(field, "must not be empty")
        }
        guard length.contains(count) else {
            throw ExchangeError.invalid(field, "must be \(length.lowerBound)–\(length.upperBound) characters; it has \(count)")
        }
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" }) else {
            throw ExchangeError.invalid(field, "must not contain control characters")
        }
    }

    static func optionalText(_ value: String?, field: String, lengthMax: Int) throws(ExchangeError) {
        guard let value else { return }
        try text(value, field: field, length: 0...lengthMax)
    }

    static func range<Value: Comparable>(_ value: Value, field: String, _ range: ClosedRange<Value>) throws(ExchangeError) {
        guard range.contains(value) else {
            throw ExchangeError.invalid(field, "must be between \(range.lowerBound) and \(range.upperBound); it is \(value)")
        }
    }

    static func count<Item>(_ items: [Item], field: String, _ range: ClosedRange<Int>) throws(ExchangeError) {
        guard range.contains(items.count) else {
            throw ExchangeError.invalid(field, "must have \(range.lowerBound)–\(range.upperBound) entries; it has \(items.count)")
        }
    }

    static func distinct<Item: Hashable>(_ items: [Item], field: String) throws(ExchangeError) {
        guard Set(items).count == items.count else {
            throw ExchangeError.invalid(field, "must not repeat an entry")
        }
    }

    /// Checks `value` against a pattern of the form "characters in `allowed`, `length` long".
    static func pattern(_ value: String, field: String, length: ClosedRange<Int>, allowed: (Unicode.Scalar) -> Bool,
                        rule: String) throws(ExchangeError) {
        guard length.contains(value.unicodeScalars.count), value.unicodeScalars.allSatisfy(allowed) else {
            throw ExchangeError.invalid(field, "must be \(rule); got \"\(value.prefix(60))\"")
        }
    }

    static func isLowerLetter(_ scalar: Unicode.Scalar) -> Bool { scalar >= "a" && scalar <= "z" }
    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar >= "0" && scalar <= "9" }

    /// `^[a-z0-9-]{3,40}$`
    static func slug(_ value: String, field: String = "slug") throws(ExchangeError) {
        try pattern(value, field: field, length: 3...40, allowed: { isLowerLetter($0) || isDigit($0) || $0 == "-" },
                    rule: "3–40 characters of a–z, 0–9 and -")
    }

    /// `^[a-z0-9-]{2,30}$`
    static func topic(_ value: String, field: String) throws(ExchangeError) {
        try pattern(value, field: field, length: 2...30, allowed: { isLowerLetter($0) || isDigit($0) || $0 == "-" },
                    rule: "2–30 characters of a–z, 0–9 and -")
    }

    static func topics(_ values: [String], field: String = "topics") throws(ExchangeError) {
        try count(values, field: field, 0...10)
        for (index, value) in values.enumerated() { try topic(value, field: "\(field)[\(index)]") }
        try distinct(values, field: field)
    }

    /// `^[a-z_]{3,40}$`
    static func supportKindName(_ value: String, field: String = "kind") throws(ExchangeError) {
        try pattern(value, field: field, length: 3...40, allowed: { isLowerLetter($0) || $0 == "_" },
                    rule: "3–40 characters of a–z and _")
    }

    /// `^[a-z]{2,3}(-[A-Z]{2})?$`
    static func language(_ value: String, field: String) throws(ExchangeError) {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        let primaryValid = parts.first.map { (2...3).contains($0.unicodeScalars.count) && $0.unicodeScalars.allSatisfy(isLowerLetter) } ?? false
        let regionValid = parts.count == 1
            || (parts.count == 2 && parts[1].unicodeScalars.count == 2 && parts[1].unicodeScalars.allSatisfy { $0 >= "A" && $0 <= "Z" })
        guard primaryValid && regionValid else {
            throw ExchangeError.invalid(field, "must be a language code such as en, cy or pt-BR; got \"\(value.prefix(20))\"")
        }
    }

    static func languages(_ values: [String], field: String = "languages") throws(ExchangeError) {
        try count(values, field: field, 1...10)
        for (index, value) in values.enumerated() { try language(value, field: "\(field)[\(index)]") }
        try distinct(values, field: field)
    }

    static func timeZone(_ value: String, field: String = "timeZone") throws(ExchangeError) {
        guard value.utf8.count <= 64, value.contains("/") || value == "UTC", TimeZone(identifier: value) != nil else {
            throw ExchangeError.invalid(field, "must be an IANA time zone such as Europe/London; got \"\(value.prefix(64))\"")
        }
    }

    static func windows(_ values: [AvailabilityWindow], field: String, _ allowed: ClosedRange<Int>) throws(ExchangeError) {
        try count(values, field: field, allowed)
        for (index, window) in values.enumerated() {
            let name = "\(field)[\(index)]"
            try range(window.weekday, field: "\(name).weekday", 1...7)
            try range(window.startMinute, field: "\(name).startMinute", 0...1439)
            try range(window.endMinute, field: "\(name).endMinute", 1...1440)
            guard window.startMinute < window.endMinute else {
                throw ExchangeError.invalid(name, "must start before it ends")
            }
        }
    }
}
