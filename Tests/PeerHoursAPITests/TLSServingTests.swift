import AppTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PeerHoursWeb
import Testing
@testable import PeerHoursAPI

@Suite struct TLSServingTests {
    static let hsts = HTTPField.Name("Strict-Transport-Security")!

    // Proves the application with a certificate serves HTTPS (through its own TLS channel, as
    // `serve --tls-certificate` runs it): /health answers, every response says HSTS, and the sign-in
    // page's cookie carries Secure.
    @Test func servesHTTPSWithHSTSAndSecureCookies() async throws {
        let fixture = try await AppFixture()
        let (settings, directory) = try TLSCredentialsTests.files(certificate: TLSTestPEMs.firstCertificate, key: TLSTestPEMs.firstKey)
        defer { directory.remove() }
        var configuration = fixture.configuration
        configuration.tls = settings
        let application = try await buildApplication(configuration, dependencies: fixture.dependencies(), logger: Logger(label: "tls-tests"))
        try await application.test(.ahc(.https)) { client in
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .ok)
            #expect(health.headers[Self.hsts] == "max-age=31536000")
            let missing = try await client.execute(uri: "/no-such-page", method: .get, headers: [.accept: "text/html"])
            #expect(missing.status == .notFound)
            #expect(missing.headers[Self.hsts] == "max-age=31536000")
            let signIn = try await client.execute(uri: "/sign-in", method: .get)
            let cookies = signIn.headers[values: .setCookie]
            #expect(cookies.contains { $0.hasPrefix("peerhours_form=") && $0.contains("; Secure") }, "\(cookies)")
        }
    }

    // Proves plain HTTP says no HSTS, and `--behind-tls` (secure cookies: a proxy serves HTTPS) does.
    @Test(arguments: [false, true])
    func hstsFollowsBehindTLS(behindTLS: Bool) async throws {
        let fixture = try await AppFixture(web: WebConfiguration(secureCookies: behindTLS))
        try await fixture.application().test(.router) { client in
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .ok)
            #expect(health.headers[Self.hsts] == (behindTLS ? "max-age=31536000" : nil))
        }
    }
}
