import Foundation
import NIOSSL

/// A certificate chain and the private key of its first certificate, read from PEM and checked
/// to belong together: what a TLS handshake presents.
public struct TLSCredentials: Sendable {
    public let chain: [NIOSSLCertificate]
    public let privateKey: NIOSSLPrivateKey

    /// A PEM file larger than this is not a certificate chain or a key (a chain of ten 4096-bit
    /// certificates is about 20 KiB).
    public static let fileBytesMax = 1 << 20
    /// More certificates than this in one chain is a mistake (a bundle of roots, say).
    public static let chainLengthMax = 10

    /// Reads and checks both files; the error names the file at fault.
    public static func load(_ settings: TLSSettings) throws(TLSCredentialError) -> TLSCredentials {
        let certificatePEM = try readFile(settings.certificatePath, role: "certificate")
        let keyPEM = try readFile(settings.keyPath, role: "key")
        return try make(
            certificatePEM: certificatePEM, keyPEM: keyPEM,
            certificatePath: settings.certificatePath, keyPath: settings.keyPath)
    }

    /// Parses and checks PEM bytes; the paths only name the sources in errors.
    public static func make(
        certificatePEM: [UInt8], keyPEM: [UInt8], certificatePath: String, keyPath: String
    ) throws(TLSCredentialError) -> TLSCredentials {
        let chain = try parseChain(certificatePEM, path: certificatePath)
        let privateKey = try parsePrivateKey(keyPEM, path: keyPath)
        // BoringSSL refuses a key that is not the first certificate's as it builds a context.
        do {
            _ = try NIOSSLContext(configuration: .makeServerConfiguration(
                certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(privateKey)))
        } catch {
            throw .keyDoesNotMatchCertificate(certificatePath: certificatePath, keyPath: keyPath)
        }
        return TLSCredentials(chain: chain, privateKey: privateKey)
    }

    /// The server certificate's serial (hex) and expiry, for logs: nothing in them is personal.
    public var summary: String {
        let leaf = chain[0]
        let serial = leaf.serialNumber.map { String($0, radix: 16, uppercase: true).leftPadded(to: 2) }.joined()
        let expiry = Date(timeIntervalSince1970: TimeInterval(leaf.notValidAfter))
        return "serial \(serial), valid until \(expiry.formatted(.iso8601))"
    }

    /// Whether the server certificate's validity has ended at `now`.
    public func hasExpired(at now: Date = Date()) -> Bool {
        Date(timeIntervalSince1970: TimeInterval(chain[0].notValidAfter)) < now
    }

    private static func readFile(_ path: String, role: String) throws(TLSCredentialError) -> [UInt8] {
        guard FileManager.default.fileExists(atPath: path) else { throw .missingFile(role: role, path: path) }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .unreadableFile(role: role, path: path) }
        defer { try? handle.close() }
        let data: Data?
        do { data = try handle.read(upToCount: fileBytesMax + 1) } catch { throw .unreadableFile(role: role, path: path) }
        let bytes = [UInt8](data ?? Data())
        guard bytes.count <= fileBytesMax else { throw .fileTooLarge(role: role, path: path, limitBytes: fileBytesMax) }
        return bytes
    }

    private static func parseChain(_ pem: [UInt8], path: String) throws(TLSCredentialError) -> [NIOSSLCertificate] {
        guard contains(pem, marker: "-----BEGIN CERTIFICATE-----") else { throw .noCertificate(path: path) }
        let chain: [NIOSSLCertificate]
        do { chain = try NIOSSLCertificate.fromPEMBytes(pem) } catch { throw .invalidCertificate(path: path) }
        guard !chain.isEmpty, chain.count <= chainLengthMax else { throw .invalidCertificate(path: path) }
        return chain
    }

    private static func parsePrivateKey(_ pem: [UInt8], path: String) throws(TLSCredentialError) -> NIOSSLPrivateKey {
        if contains(pem, marker: "ENCRYPTED") { throw .encryptedPrivateKey(path: path) }
        guard contains(pem, marker: "PRIVATE KEY-----") else { throw .noPrivateKey(path: path) }
        do {
            // No passphrase is ever given: an encrypted key fails here rather than prompting.
            return try NIOSSLPrivateKey(bytes: pem, format: .pem, passphraseCallback: { (_: NIOSSLPassphraseSetter<[UInt8]>) in })
        } catch {
            throw .invalidPrivateKey(path: path)
        }
    }

    private static func contains(_ bytes: [UInt8], marker: String) -> Bool {
        Data(bytes).range(of: Data(marker.utf8)) != nil
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
