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
}
