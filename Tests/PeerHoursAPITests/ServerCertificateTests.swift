import Foundation
import NIOSSL
import Testing
@testable import PeerHoursAPI

@Suite struct ServerCertificateTests {
    static func override(_ certificate: ServerCertificate) throws -> NIOSSLCertificate {
        let chain = try #require(certificate.handshakeOverride().certificateChain)
        guard case .certificate(let leaf) = try #require(chain.first) else {
            Issue.record("the handshake is given a file, not the loaded certificate")
            throw CancellationError()
        }
        return leaf
    }

    // Proves a reload of a valid new pair is what the next handshake presents, and a reload of a
    // broken pair throws and leaves the pair in use as it was.
    @Test func reloadSwapsOnlyValidPairs() throws {
        let (settings, directory) = try TLSCredentialsTests.files(certificate: TLSTestPEMs.firstCertificate, key: TLSTestPEMs.firstKey)
        defer { directory.remove() }
        let first = try NIOSSLCertificate(bytes: Array(TLSTestPEMs.firstCertificate.utf8), format: .pem)
        let second = try NIOSSLCertificate(bytes: Array(TLSTestPEMs.secondCertificate.utf8), format: .pem)
        let certificate = try ServerCertificate(loading: settings)
        #expect(try Self.override(certificate) == first)

        try Data(TLSTestPEMs.secondCertificate.utf8).write(to: URL(fileURLWithPath: settings.certificatePath))
        try Data(TLSTestPEMs.secondKey.utf8).write(to: URL(fileURLWithPath: settings.keyPath))
        try certificate.reload()
        #expect(try Self.override(certificate) == second)
        #expect(certificate.credentials.chain == [second])

        // The new certificate with the old key: refused, the second pair stays.
        try Data(TLSTestPEMs.firstKey.utf8).write(to: URL(fileURLWithPath: settings.keyPath))
        #expect(throws: TLSCredentialError.keyDoesNotMatchCertificate(certificatePath: settings.certificatePath, keyPath: settings.keyPath)) {
            try certificate.reload()
        }
        try Data("-----BEGIN CERTIFICATE-----\ntruncated".utf8).write(to: URL(fileURLWithPath: settings.certificatePath))
        #expect(throws: TLSCredentialError.invalidCertificate(path: settings.certificatePath)) { try certificate.reload() }
        #expect(try Self.override(certificate) == second)
    }

    // Proves the server's TLS refuses anything older than TLS 1.2 and asks for the current pair at each handshake.
    @Test func serverConfiguration() throws {
        let credentials = try TLSCredentials.make(
            certificatePEM: Array(TLSTestPEMs.firstCertificate.utf8), keyPEM: Array(TLSTestPEMs.firstKey.utf8),
            certificatePath: "first.crt", keyPath: "first.key")
        let configuration = ServerCertificate(settings: TLSSettings(certificatePath: "first.crt", keyPath: "first.key"), credentials: credentials)
            .tlsConfiguration
        #expect(configuration.minimumTLSVersion == .tlsv12)
        #expect(configuration.sslContextCallback != nil)
    }
}
