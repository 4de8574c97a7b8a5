import Crypto
import Foundation

/// Bearer, invitation and bootstrap tokens: 256 bits from the system CSPRNG, base64url without
/// padding (43 characters). Only their SHA-256 is ever stored.
public enum SecretToken {
    public static let byteCount = 32
    public static let encodedLength = 43

    /// A new token. `SystemRandomNumberGenerator` reads the kernel CSPRNG (getrandom/arc4random).
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return base64URLEncoded(bytes)
    }

    /// The stored form of a token.
    public static func hash(_ token: String) -> Data {
        Data(SHA256.hash(data: Data(token.utf8)))
    }

    /// Whether a presented string can be a token at all (checked before any lookup).
    public static func isWellFormed(_ token: String) -> Bool {
        token.utf8.count == encodedLength
            && token.utf8.allSatisfy { byte in
                (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F
            }
    }

    static func base64URLEncoded(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
