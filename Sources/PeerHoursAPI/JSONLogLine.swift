import Logging

/// A log line as one JSON object (`serve --log-format json`): the text line's parts under
/// fixed keys, sorted, the metadata as an object of its own (so that no metadata key can
/// shadow a fixed one), nested metadata as nested arrays and objects. Written by hand: a line is
/// written for every request, and the encoding is small and fixed.
enum JSONLogLine {
    static func line(time: String, level: String, label: String, source: String, message: String, metadata: Logger.Metadata) -> String {
        var line = "{\"label\":"
        appendString(label, to: &line)
        line += ",\"level\":"
        appendString(level, to: &line)
        line += ",\"message\":"
        appendString(message, to: &line)
        line += ",\"metadata\":"
        appendObject(metadata, to: &line)
        line += ",\"source\":"
        appendString(source, to: &line)
        line += ",\"time\":"
        appendString(time, to: &line)
        line += "}\n"
        return line
    }

    static func appendObject(_ metadata: Logger.Metadata, to line: inout String) {
        line += "{"
        for (index, key) in metadata.keys.sorted().enumerated() {
            if index > 0 { line += "," }
            appendString(key, to: &line)
            line += ":"
            appendValue(metadata[key]!, to: &line)
        }
        line += "}"
    }

    static func appendValue(_ value: Logger.MetadataValue, to line: inout String) {
        switch value {
        case .string(let text): appendString(text, to: &line)
        case .stringConvertible(let convertible): appendString(convertible.description, to: &line)
        case .dictionary(let dictionary): appendObject(dictionary, to: &line)
        case .array(let values):
            line += "["
            for (index, element) in values.enumerated() {
                if index > 0 { line += "," }
                appendValue(element, to: &line)
            }
            line += "]"
        }
    }

    /// A JSON string: quote, backslash and control characters escaped (RFC 8259 §7).
    static func appendString(_ text: String, to line: inout String) {
        line += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": line += "\\\""
            case "\\": line += "\\\\"
            case "\n": line += "\\n"
            case "\r": line += "\\r"
            case "\t": line += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                line += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: line.unicodeScalars.append(scalar)
            }
        }
        line += "\""
    }
}
