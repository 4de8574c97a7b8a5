/// Why a certificate chain and key cannot be served; each says which file and what to do.
/// Paths are the operator's own; no file content is ever quoted.
public enum TLSCredentialError: Error, Equatable, CustomStringConvertible {
    case missingFile(role: String, path: String)
    case unreadableFile(role: String, path: String)
    case fileTooLarge(role: String, path: String, limitBytes: Int)
    case noCertificate(path: String)
    case invalidCertificate(path: String)
    case noPrivateKey(path: String)
    case encryptedPrivateKey(path: String)
    case invalidPrivateKey(path: String)
    case keyDoesNotMatchCertificate(certificatePath: String, keyPath: String)

    public var description: String {
        switch self {
        case .missingFile(let role, let path):
            "the TLS \(role) file \(path) does not exist"
        case .unreadableFile(let role, let path):
            "the TLS \(role) file \(path) cannot be read (check its permissions; is it a directory?)"
        case .fileTooLarge(let role, let path, let limitBytes):
            "the TLS \(role) file \(path) is larger than \(limitBytes) bytes: is it the right file?"
        case .noCertificate(let path):
            "\(path) holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)"
        case .invalidCertificate(let path):
            "\(path) holds a PEM certificate that cannot be read (damaged or not X.509)"
        case .noPrivateKey(let path):
            "\(path) holds no PEM private key (expected -----BEGIN PRIVATE KEY-----, RSA or EC)"
        case .encryptedPrivateKey(let path):
            "the private key in \(path) is encrypted; give the server an unencrypted copy readable only by it (openssl pkey -in KEY -out PLAIN)"
        case .invalidPrivateKey(let path):
            "\(path) holds a PEM private key that cannot be read (damaged, or a type TLS cannot use)"
        case .keyDoesNotMatchCertificate(let certificatePath, let keyPath):
            "the private key in \(keyPath) does not belong to the certificate in \(certificatePath)"
        }
    }
}
