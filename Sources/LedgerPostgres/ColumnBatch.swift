import NIOCore
import PostgresNIO

/// One bound value of a row the ledger writes.
enum BindValue {
    case int(Int64)
    case optionalInt(Int64?)
    case text(String)
    case bytes([UInt8])
}

/// The rows of one table as one array per column, the form `unnest($1::BIGINT[], …)` reads.
/// A statement built on it has the same text and the same number of binds whatever the row
/// count, so it is prepared once per connection and never planned again, where a multi-row
/// `VALUES` list was a new statement, with thousands of binds, for every batch size.
struct ColumnBatch {
    enum Kind {
        case int, optionalInt, text, bytes
    }

    let kinds: [Kind]
    /// Where column `c` lives: an index into the array of its kind.
    private let slots: [Int]
    private var ints: [[Int64]]
    private var optionalInts: [[Int64?]]
    private var texts: [[String]]
    private var byteStrings: [[ByteBuffer]]
    private(set) var count = 0

    init(_ kinds: [Kind]) {
        self.kinds = kinds
        var counters: [Kind: Int] = [:]
        slots = kinds.map { kind in
            defer { counters[kind, default: 0] += 1 }
            return counters[kind, default: 0]
        }
        ints = Array(repeating: [], count: counters[.int] ?? 0)
        optionalInts = Array(repeating: [], count: counters[.optionalInt] ?? 0)
        texts = Array(repeating: [], count: counters[.text] ?? 0)
        byteStrings = Array(repeating: [], count: counters[.bytes] ?? 0)
    }

    /// Appends one row: one value per column, each of its column's kind.
    mutating func append(_ row: [BindValue]) {
        precondition(row.count == kinds.count, "a row has one value per column")
        for (column, value) in row.enumerated() {
            let slot = slots[column]
            switch (kinds[column], value) {
            case (.int, .int(let value)): ints[slot].append(value)
            case (.optionalInt, .optionalInt(let value)): optionalInts[slot].append(value)
            case (.text, .text(let value)): texts[slot].append(value)
            case (.bytes, .bytes(let value)): byteStrings[slot].append(ByteBuffer(bytes: value))
            default: preconditionFailure("column \(column) is \(kinds[column]), given \(value)")
            }
        }
        count += 1
    }

    /// Binds the columns in order, one array each (empty arrays when there are no rows).
    func append(to bindings: inout PostgresBindings) {
        for (column, kind) in kinds.enumerated() {
            let slot = slots[column]
            switch kind {
            case .int: bindings.append(ints[slot])
            case .optionalInt: bindings.append(NullableInt64Array(optionalInts[slot]))
            case .text: bindings.append(texts[slot])
            case .bytes: bindings.append(byteStrings[slot])
            }
        }
    }

    /// `unnest($first::T1[], $first+1::T2[], …)` for these columns.
    static func unnest(_ kinds: [Kind], firstBind: Int) -> String {
        let types = kinds.enumerated().map { column, kind in
            let type = switch kind {
            case .int, .optionalInt: "BIGINT"
            case .text: "TEXT"
            case .bytes: "BYTEA"
            }
            return "$\(firstBind + column)::\(type)[]"
        }
        return "unnest(" + types.joined(separator: ", ") + ")"
    }
}

/// A BIGINT[] that may hold NULLs, in PostgreSQL's binary array format. PostgresNIO's own
/// array encoding has no element NULL, and a nullable column (a transfer's pending id, an
/// account's upper limit) needs one.
struct NullableInt64Array: PostgresNonThrowingEncodable {
    static var psqlType: PostgresDataType { .int8Array }
    static var psqlFormat: PostgresFormat { .binary }

    let elements: [Int64?]

    init(_ elements: [Int64?]) {
        self.elements = elements
    }

    func encode<JSONEncoder: PostgresJSONEncoder>(
        into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        // Header: dimensions, whether any element is NULL, the element type; then per
        // dimension its length and lower bound; then each element's length (−1: NULL) and bytes.
        buffer.writeInteger(elements.isEmpty ? 0 : 1, as: Int32.self)
        buffer.writeInteger(elements.contains(nil) ? 1 : 0, as: Int32.self)
        buffer.writeInteger(PostgresDataType.int8.rawValue, as: UInt32.self)
        guard !elements.isEmpty else { return }
        buffer.writeInteger(Int32(elements.count), as: Int32.self)
        buffer.writeInteger(1, as: Int32.self)
        for element in elements {
            if let element {
                buffer.writeInteger(8, as: Int32.self)
                buffer.writeInteger(element, as: Int64.self)
            } else {
                buffer.writeInteger(-1, as: Int32.self)
            }
        }
    }
}
