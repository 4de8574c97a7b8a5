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
    /// — computed here directly: swift-crypto's generic `HKDF`, and then its generic `HMAC`, cost
    /// several times as much per request (`IdempotencyCipherTests` checks the key is HKDF's).
    static func symmetricKey(key: String, memberID: Int64, requestHash: Data) -> SymmetricKey {
        var key = key
        let pseudoRandomKey = key.withUTF8 { keyBytes in
            requestHash.withUnsafeBytes { salt in hmacSHA256(key: salt, message: UnsafeRawBufferPointer(keyBytes)) }
        }
        var info = Array("peerhours idempotency v1 member \(memberID)".utf8)
        info.append(1)
        let derived = pseudoRandomKey.withUnsafeBytes { prk in
            info.withUnsafeBytes { hmacSHA256(key: prk, message: $0) }
        }
        return SymmetricKey(data: derived)
    }

    /// HMAC-SHA256 (RFC 2104) with a key of at most one block (64 bytes): both keys here are 32.
    static func hmacSHA256(key: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer) -> SHA256.Digest {
        precondition(key.count <= 64, "a key longer than a block would be hashed first")
        var innerPad = [UInt8](repeating: 0x36, count: 64)
        var outerPad = [UInt8](repeating: 0x5c, count: 64)
        for (index, byte) in key.enumerated() {
            innerPad[index] ^= byte
            outerPad[index] ^= byte
        }
        var inner = SHA256()
        innerPad.withUnsafeBytes { inner.update(bufferPointer: $0) }
        inner.update(bufferPointer: message)
        let innerDigest = inner.finalize()
        var outer = SHA256()
        outerPad.withUnsafeBytes { outer.update(bufferPointer: $0) }
        innerDigest.withUnsafeBytes { outer.update(bufferPointer: $0) }
        return outer.finalize()
    }
}
