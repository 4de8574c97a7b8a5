import Crypto
import Foundation
import Testing
@testable import PeerHoursAPI

/// The idempotency key derivation against what it replaces: swift-crypto's `HKDF`.
@Suite struct IdempotencyCipherTests {
    // Proves the key derived by two HMACs is HKDF-SHA256's, so responses stored before this
    // change still open, over generated keys, members and request hashes.
    @Test func idempotencyKeyIsHKDF() {
        var random = SystemRandomNumberGenerator()
        for index in 0..<500 {
            let key = String((0..<Int.random(in: 1...64, using: &random)).map { _ in
                Character(Unicode.Scalar(UInt8.random(in: 33...126, using: &random)))
            })
            let hash = Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &random) })
            let member = Int64.random(in: 1...Int64.max, using: &random)
            let fast = IdempotencyCipher.symmetricKey(key: key, memberID: member, requestHash: hash)
            let hkdf = HKDF<SHA256>.deriveKey(
                inputKeyMaterial: SymmetricKey(data: Data(key.utf8)), salt: hash,
                info: Data("peerhours idempotency v1 member \(member)".utf8), outputByteCount: 32)
            #expect(fast == hkdf, "case \(index)")
        }
    }

    // Proves the HMAC the derivation uses is HMAC-SHA256: RFC 4231's second test vector, and
    // swift-crypto's HMAC over generated keys of 0 to 64 bytes and messages of 0 to 200.
    @Test func hmacIsHMACSHA256() {
        let vector = Array("Jefe".utf8).withUnsafeBytes { key in
            Array("what do ya want for nothing?".utf8).withUnsafeBytes { IdempotencyCipher.hmacSHA256(key: key, message: $0) }
        }
        #expect(vector.map { String(format: "%02x", $0) }.joined()
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        var random = SystemRandomNumberGenerator()
        for index in 0..<2_000 {
            let key = (0..<Int.random(in: 0...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            let message = (0..<Int.random(in: 0...200, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            let fast = key.withUnsafeBytes { k in message.withUnsafeBytes { IdempotencyCipher.hmacSHA256(key: k, message: $0) } }
            let reference = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))
            #expect(Array(fast) == Array(reference), "case \(index)")
        }
    }
}
