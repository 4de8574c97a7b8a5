import Crypto

/// A SHA-256 digest in the journal's hash chain.
public struct JournalHash: Sendable, Hashable, CustomStringConvertible {
    public static let byteCount = 32
    public let bytes: [UInt8]

    /// Nil unless exactly 32 bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.byteCount else { return nil }
        self.bytes = bytes
    }

    public static let zero = JournalHash(bytes: [UInt8](repeating: 0, count: byteCount))!

    /// SHA-256 over the previous hash and the entry's canonical bytes.
    public static func of(_ event: LedgerEvent, sequence: Int64, previous: JournalHash) -> JournalHash {
        var encoder = CanonicalEncoder()
        encoder.append(bytes: previous.bytes)
        encoder.append(sequence)
        encoder.append(event)
        let digest = SHA256.hash(data: encoder.bytes)
        return JournalHash(bytes: Array(digest))!
    }

    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public var description: String { hex }
}
