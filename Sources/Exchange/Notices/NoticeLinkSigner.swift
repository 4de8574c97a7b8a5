import Crypto
import Foundation
import Ledger
import Outbox

/// One-click unsubscribe links (RFC 8058) that work without signing in: the link names the member
/// and the category and carries an HMAC-SHA256 of them under the server's notice key
/// (`notices.key` in the data directory), so nobody can forge one for someone else and nothing
/// needs storing. A link stays good until the key changes; following it twice does no harm.
public struct NoticeLinkSigner: Sendable {
    /// The token's format version, its first byte.
    static let version: UInt8 = 1
    /// Separates these MACs from any other use of the key.
    static let purpose = Data("peerhours.unsubscribe".utf8) + Data([0])
    static let macByteCount = 32
    /// Longer tokens are refused before decoding: version, id, the longest category and the MAC
    /// fit in far less.
    public static let tokenLengthMax = 128
    public static let pathPrefix = "/email/unsubscribe/"

    private let key: SymmetricKey

    public init(key: SymmetricKey) {
        precondition(key.bitCount >= 256, "the notice key is at least 256 bits")
        self.key = key
    }

    /// "/email/unsubscribe/<token>", relative to the public origin.
    public func unsubscribePath(memberID: MemberID, category: NoticeCategory) -> String {
        Self.pathPrefix + token(memberID: memberID, category: category)
    }

    /// base64url (no padding) of version, the member id (8 bytes, big-endian), the category's
    /// raw value and the MAC of those.
    public func token(memberID: MemberID, category: NoticeCategory) -> String {
        let payload = Self.payload(memberID: memberID, category: category)
        let mac = HMAC<SHA256>.authenticationCode(for: Self.purpose + payload, using: key)
        return Base64URL.encode(payload + Data(mac))
    }

    /// The member and category a token names, when this key signed it; nil for anything else
    /// (malformed, tampered, another key, an unknown category). The MAC is compared in constant time.
    public func verify(_ token: String) -> (memberID: MemberID, category: NoticeCategory)? {
        guard token.utf8.count <= Self.tokenLengthMax, let bytes = Base64URL.decode(token),
              bytes.count > 1 + 8 + Self.macByteCount, bytes.first == Self.version
        else { return nil }
        let payload = bytes.prefix(bytes.count - Self.macByteCount)
        let mac = bytes.suffix(Self.macByteCount)
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Self.purpose + payload, using: key) else { return nil }
        let idBytes = payload.dropFirst(1).prefix(8)
        let rawID = idBytes.reduce(Int64(0)) { ($0 << 8) | Int64($1) }
        guard rawID > 0, let name = String(data: payload.dropFirst(9), encoding: .utf8),
              let category = NoticeCategory(rawValue: name)
        else { return nil }
        return (MemberID(rawID), category)
    }

    static func payload(memberID: MemberID, category: NoticeCategory) -> Data {
        var data = Data([version])
        withUnsafeBytes(of: memberID.rawValue.bigEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: Data(category.rawValue.utf8))
        return data
    }
}

/// base64url without padding (RFC 4648 §5), as links and tokens carry it.
enum Base64URL {
    static func encode(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// nil for any character outside the alphabet (padding included) or a length no encoding has.
    static func decode(_ text: String) -> Data? {
        guard text.utf8.allSatisfy({ isAlphabet($0) }), text.utf8.count % 4 != 1 else { return nil }
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        standard += String(repeating: "=", count: (4 - standard.utf8.count % 4) % 4)
        return Data(base64Encoded: standard)
    }

    static func isAlphabet(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
            || byte == 0x2D || byte == 0x5F
    }
}
