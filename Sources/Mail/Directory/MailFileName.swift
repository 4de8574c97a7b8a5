/// The file a message is written to, named after its Message-ID so that a resend overwrites
/// the same file. Only `[A-Za-z0-9._@+-]` survive; the name never starts with a dot and holds no
/// slash, so it cannot leave the folder. A name that had to change carries a hash of the whole
/// Message-ID, so two different ids cannot meet in one file.
public enum MailFileName {
    public static let stemOctetsMax = 120

    public static func forMessageID(_ messageID: String) -> String {
        var inner = Substring(messageID)
        if inner.hasPrefix("<") && inner.hasSuffix(">") && inner.count >= 2 { inner = inner.dropFirst().dropLast() }
        var stem = String(String.UnicodeScalarView(inner.unicodeScalars.map { isKept($0) ? $0 : "_" }))
        var changed = stem != String(inner) || stem.isEmpty
        if stem.hasPrefix(".") || stem.isEmpty {
            stem = "_" + stem
            changed = true
        }
        if stem.utf8.count > stemOctetsMax {
            stem = String(stem.prefix(stemOctetsMax))
            changed = true
        }
        if changed { stem += "-" + hexDigest(messageID) }
        return stem + ".eml"
    }

    private static func isKept(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "@", "+", "-": true
        default: false
        }
    }

    /// FNV-1a, 64 bits: to tell names apart, not to keep a secret.
    static func hexDigest(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for octet in text.utf8 {
            hash ^= UInt64(octet)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
