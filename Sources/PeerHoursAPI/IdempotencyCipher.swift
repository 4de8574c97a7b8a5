import Crypto
import Foundation

/// Stored responses may carry personal data or a one-time token (an invitation), so they are
/// sealed (AES-GCM) with a key derived from the client's Idempotency-Key and the request hash.
/// The database holds only the key's SHA-256: the file alone does not open them.
enum IdempotencyCipher {
    static func keyHash(memberID: Int64, key: String) -> Data {
        Data(SHA256.hash(data: Data("\(memberID):\(key)".utf8)))
    }

    /// Method, path with query, and body: a different request under the same key is refused.
    static func requestHash(method: String, pathAndQuery: String, body: some Sequence<UInt8>) -> Data {
        var hasher = SHA256()
        hasher.update(data: Data("\(method)\n\(pathAndQuery)\n".utf8))
        hasher.update(data: Data(body))
        return Data(hasher.finalize())
    }

    static func seal(_ body: Data, key: String, memberID: Int64, requestHash: Data) throws -> Data {
        let sealed = try AES.GCM.seal(body, using: symmetricKey(key: key, memberID: memberID, requestHash: requestHash))
        guard let combined = sealed.combined else { throw CryptoKitError.incorrectParameterSize }
        return combined
    }

    static func open(_ sealed: Data, key: String, memberID: Int64, requestHash: Data) throws -> Data {
        try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: symmetricKey(key: key, memberID: memberID, requestHash: requestHash))
    }

    /// HKDF-SHA256 (RFC 5869) of the Idempotency-Key, salted with the request hash, 32 bytes.
    /// With one output block HKDF is two HMACs — PRK = HMAC(salt, key), OKM = HMAC(PRK, info ‖ 0x01)
    /// — computed here directly: swift-crypto's generic `HKDF` cost several times as much per
    /// request (`IdempotencyCipherTests` checks both give the same key).
    static func symmetricKey(key: String, memberID: Int64, requestHash: Data) -> SymmetricKey {
        let pseudoRandomKey = HMAC<SHA256>.authenticationCode(for: Data(key.utf8), using: SymmetricKey(data: requestHash))
        var info = Data("peerhours idempotency v1 member \(memberID)".utf8)
        info.append(1)
        return SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: info, using: SymmetricKey(data: Data(pseudoRandomKey)))))
    }
}
