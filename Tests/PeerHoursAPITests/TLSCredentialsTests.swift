import Foundation
import Testing
import TestSupport
@testable import PeerHoursAPI

@Suite struct TLSCredentialsTests {
    /// Writes the PEMs as `cert.pem` and `key.pem` in a new temporary directory.
    static func files(certificate: String?, key: String?) throws -> (TLSSettings, TemporaryDirectory) {
        let directory = try TemporaryDirectory(prefix: "tls-tests")
        let settings = TLSSettings(
            certificatePath: directory.url.appendingPathComponent("cert.pem").path,
            keyPath: directory.url.appendingPathComponent("key.pem").path)
        if let certificate { try Data(certificate.utf8).write(to: URL(fileURLWithPath: settings.certificatePath)) }
        if let key { try Data(key.utf8).write(to: URL(fileURLWithPath: settings.keyPath)) }
        return (settings, directory)
    }

    // Proves a certificate and its own key load, and the summary logged names the serial and expiry.
    @Test func matchingPairLoads() throws {
        let (settings, directory) = try Self.files(certificate: TLSTestPEMs.firstCertificate, key: TLSTestPEMs.firstKey)
        defer { directory.remove() }
        let credentials = try TLSCredentials.load(settings)
        #expect(credentials.chain.count == 1)
        #expect(credentials.summary == "serial \(TLSTestPEMs.firstSerial), valid until 2126-11-09T06:19:44Z")
        #expect(!credentials.hasExpired())
    }

    /// Each way a certificate and key can be unusable.
    enum Fault: String, CaseIterable, Sendable {
        case missingCertificate, missingKey, noCertificate, invalidCertificate, noKey, invalidKey, encryptedKey, mismatch

        var files: (certificate: String?, key: String?) {
            let damagedCertificate = "-----BEGIN CERTIFICATE-----\nAAAAdamaged\n-----END CERTIFICATE-----\n"
            let damagedKey = "-----BEGIN PRIVATE KEY-----\nAAAAdamaged\n-----END PRIVATE KEY-----\n"
            return switch self {
            case .missingCertificate: (nil, TLSTestPEMs.firstKey)
            case .missingKey: (TLSTestPEMs.firstCertificate, nil)
            case .noCertificate: ("not a certificate", TLSTestPEMs.firstKey)
            case .invalidCertificate: (damagedCertificate, TLSTestPEMs.firstKey)
            case .noKey: (TLSTestPEMs.firstCertificate, TLSTestPEMs.firstCertificate)
            case .invalidKey: (TLSTestPEMs.firstCertificate, damagedKey)
            case .encryptedKey: (TLSTestPEMs.firstCertificate, TLSTestPEMs.encryptedFirstKey)
            case .mismatch: (TLSTestPEMs.firstCertificate, TLSTestPEMs.secondKey)
            }
        }

        func error(_ settings: TLSSettings) -> TLSCredentialError {
            let certificatePath = settings.certificatePath, keyPath = settings.keyPath
            return switch self {
            case .missingCertificate: .missingFile(role: "certificate", path: certificatePath)
            case .missingKey: .missingFile(role: "key", path: keyPath)
            case .noCertificate: .noCertificate(path: certificatePath)
            case .invalidCertificate: .invalidCertificate(path: certificatePath)
            case .noKey: .noPrivateKey(path: keyPath)
            case .invalidKey: .invalidPrivateKey(path: keyPath)
            case .encryptedKey: .encryptedPrivateKey(path: keyPath)
            case .mismatch: .keyDoesNotMatchCertificate(certificatePath: certificatePath, keyPath: keyPath)
            }
        }
    }

    // Proves each way a pair can be unusable is refused with the error naming the file and the fault.
    @Test(arguments: Fault.allCases)
    func unusablePairIsRefused(_ fault: Fault) throws {
        let (settings, directory) = try Self.files(certificate: fault.files.certificate, key: fault.files.key)
        defer { directory.remove() }
        #expect(throws: fault.error(settings)) { try TLSCredentials.load(settings) }
    }

    // Proves a directory given as a file and a file over the size limit are refused before parsing.
    @Test func unreadableAndOversizedFilesAreRefused() throws {
        let (settings, directory) = try Self.files(certificate: nil, key: TLSTestPEMs.firstKey)
        defer { directory.remove() }
        try FileManager.default.createDirectory(atPath: settings.certificatePath, withIntermediateDirectories: false)
        #expect(throws: TLSCredentialError.unreadableFile(role: "certificate", path: settings.certificatePath)) {
            try TLSCredentials.load(settings)
        }
        try FileManager.default.removeItem(atPath: settings.certificatePath)
        let oversized = TLSTestPEMs.firstCertificate + "\n" + String(repeating: "#", count: TLSCredentials.fileBytesMax)
        try Data(oversized.utf8).write(to: URL(fileURLWithPath: settings.certificatePath))
        #expect(throws: TLSCredentialError.fileTooLarge(
            role: "certificate", path: settings.certificatePath, limitBytes: TLSCredentials.fileBytesMax)) {
            try TLSCredentials.load(settings)
        }
    }
}
