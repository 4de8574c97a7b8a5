import Foundation
import Identity
import Testing

// Proves tokens carry 256 bits in 43 base64url characters, differ on every call, and hash to
// 32 bytes; malformed strings are recognised before any lookup.
@Suite struct SecretTokenTests {
    @Test func tokensAreWellFormedAndDistinct() {
        let tokens = (0..<200).map { _ in SecretToken.generate() }
        #expect(Set(tokens).count == tokens.count)
        for token in tokens {
            #expect(token.count == 43)
            #expect(SecretToken.isWellFormed(token))
            #expect(SecretToken.hash(token).count == 32)
        }
    }

    @Test(arguments: ["", "short", String(repeating: "a", count: 44), String(repeating: "+", count: 43)])
    func rejectsMalformedTokens(token: String) {
        #expect(!SecretToken.isWellFormed(token))
    }
}

// Proves production hashing really uses bcrypt cost 12, and that verification works both ways.
@Suite struct PasswordHasherTests {
    @Test func productionCostIsTwelve() async {
        let hasher = PasswordHasher(cost: .production)
        let hash = await hasher.hash("violet-harbour-lantern-42")
        #expect(hash.hasPrefix("$2b$12$") || hash.hasPrefix("$2a$12$") || hash.hasPrefix("$2y$12$"))
        #expect(await hasher.verify("violet-harbour-lantern-42", againstHash: hash))
        #expect(!(await hasher.verify("violet-harbour-lantern-43", againstHash: hash)))
    }

    // Proves characters beyond bcrypt's 72-byte input still count (the SHA-256 pre-hash).
    @Test func longPasswordsDifferBeyondSeventyTwoBytes() async {
        let hasher = PasswordHasher(cost: .reducedForTestsOnly(4))
        let prefix = String(repeating: "x", count: 100)
        let hash = await hasher.hash(prefix + "A")
        #expect(!(await hasher.verify(prefix + "B", againstHash: hash)))
    }
}
