import Testing
@testable import PeerHoursAPI

@Suite struct BearerTokenParsingTests {
    // Proves the fast path reads every Authorization header as the general parser does: the
    // usual `Bearer <token>`, other cases of the scheme, extra and Unicode spaces, tabs, empty
    // tokens, other schemes, non-ASCII — fixed cases and 20,000 generated ones.
    @Test func fastPathAgreesWithTheParser() {
        let fixed = ["Bearer abc", "bearer abc", "BEARER abc", "Bearer  abc", "Bearer abc ", " Bearer abc", "Bearer\tabc",
                     "Bearer ", "Bearer", "Basic abc", "Bearer a b", "Bearer é", "Bearer \u{00A0}abc", "Bearerabc", "",
                     "Bearer ~!#$%&'()*+,-./:;<=>?@[]^_`{|}"]
        for header in fixed {
            #expect(AuthenticationMiddleware.bearerToken(header) == AuthenticationMiddleware.parsedBearerToken(header), "\(header)")
        }
        var random = SystemRandomNumberGenerator()
        let pieces = ["Bearer", "bearer", "Basic", " ", "  ", "\t", "\u{00A0}", "tok", "x", "é", "=", "~", "\u{7F}", ""]
        for _ in 0..<20_000 {
            let header = (0..<Int.random(in: 1...5, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            #expect(AuthenticationMiddleware.bearerToken(header) == AuthenticationMiddleware.parsedBearerToken(header), "\(header)")
        }
        #expect(AuthenticationMiddleware.bearerToken(nil) == nil)
    }
}
