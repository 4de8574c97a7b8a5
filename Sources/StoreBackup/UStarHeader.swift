import Foundation

/// One 512-byte POSIX ustar header for a regular file: what `tar tf` lists and `tar xf`
/// extracts. Only what a backup needs: a short name (no prefix field), mode 0600, owner 0, one
/// modification time, and sizes that fit the 11 octal digits of the size field (below 8 GiB).
struct UStarHeader: Equatable {
    static let blockBytes = 512
    /// The largest size the size field holds (11 octal digits).
    static let sizeBytesMax: Int64 = 0o77777777777

    var name: String
    var sizeBytes: Int64
    var modifiedSeconds: Int64

    func encoded() -> [UInt8] {
        precondition(!name.isEmpty && name.utf8.count <= 100, "a ustar name is 1 to 100 bytes")
        precondition(sizeBytes >= 0 && sizeBytes <= Self.sizeBytesMax, "a ustar size fits 11 octal digits")
        var block = [UInt8](repeating: 0, count: Self.blockBytes)
        Self.put(Array(name.utf8), at: 0, into: &block)
        Self.put(Self.octal(0o600, width: 8), at: 100, into: &block)
        Self.put(Self.octal(0, width: 8), at: 108, into: &block)
        Self.put(Self.octal(0, width: 8), at: 116, into: &block)
        Self.put(Self.octal(sizeBytes, width: 12), at: 124, into: &block)
        Self.put(Self.octal(modifiedSeconds, width: 12), at: 136, into: &block)
        block[156] = UInt8(ascii: "0")
        Self.put(Array("ustar\u{0}00".utf8), at: 257, into: &block)
        Self.put(Array("peerhours".utf8), at: 265, into: &block)
        Self.put(Array("peerhours".utf8), at: 297, into: &block)
        // The checksum is summed with its own field as eight spaces.
        Self.put([UInt8](repeating: UInt8(ascii: " "), count: 8), at: 148, into: &block)
        let sum = block.reduce(0) { $0 + Int64($1) }
        Self.put(Self.octal(sum, width: 7) + [UInt8(ascii: " ")], at: 148, into: &block)
        block[154] = 0
        block[155] = UInt8(ascii: " ")
        return block
    }

    /// Reads a header block; answers nil for an all-zero block (the end of the archive).
    static func decode(_ block: [UInt8]) throws(ArchiveError) -> UStarHeader? {
        guard block.count == blockBytes else { throw .truncated }
        if block.allSatisfy({ $0 == 0 }) { return nil }
        guard Array(block[257..<263]) == Array("ustar\u{0}".utf8) || Array(block[257..<263]) == Array("ustar ".utf8) else {
            throw .notAnArchive("a member header lacks the ustar mark")
        }
        var summed = block
        for index in 148..<156 { summed[index] = UInt8(ascii: " ") }
        let expected = summed.reduce(0) { $0 + Int64($1) }
        guard let stored = parseOctal(block[148..<156]), stored == expected else {
            throw .notAnArchive("a member header's checksum does not match")
        }
        guard block[156] == UInt8(ascii: "0") || block[156] == 0 else {
            throw .unexpectedMember("a member that is not a regular file")
        }
        guard block[345..<500].allSatisfy({ $0 == 0 }) else {
            throw .unexpectedMember("a member with a path prefix")
        }
        let nameBytes = block[0..<100].prefix { $0 != 0 }
        guard let name = String(bytes: nameBytes, encoding: .utf8),
              let size = parseOctal(block[124..<136]),
              let modified = parseOctal(block[136..<148]) else {
            throw .notAnArchive("a member header's fields are not readable")
        }
        return UStarHeader(name: name, sizeBytes: size, modifiedSeconds: modified)
    }

    /// Padding after a member's data up to the next block.
    static func paddingBytes(after sizeBytes: Int64) -> Int {
        let remainder = Int(sizeBytes % Int64(blockBytes))
        return remainder == 0 ? 0 : blockBytes - remainder
    }

    private static func put(_ bytes: [UInt8], at offset: Int, into block: inout [UInt8]) {
        block.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
    }

    /// `width - 1` zero-padded octal digits and a NUL.
    private static func octal(_ value: Int64, width: Int) -> [UInt8] {
        let digits = String(value, radix: 8)
        precondition(digits.count <= width - 1, "\(value) does not fit \(width - 1) octal digits")
        return Array((String(repeating: "0", count: width - 1 - digits.count) + digits).utf8) + [0]
    }

    private static func parseOctal(_ field: ArraySlice<UInt8>) -> Int64? {
        let digits = field.drop { $0 == UInt8(ascii: " ") }.prefix { $0 != 0 && $0 != UInt8(ascii: " ") }
        guard !digits.isEmpty, digits.count <= 11 else { return nil }
        var value: Int64 = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "7") else { return nil }
            value = value * 8 + Int64(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
