/// `serve --tls-certificate PEM --tls-key PEM`: the files the server's certificate chain and
/// private key are read from, at start and again on SIGHUP (docs/TLS.md).
public struct TLSSettings: Sendable, Equatable {
    /// PEM: the server's certificate first, then any intermediates, in order.
    public var certificatePath: String
    /// PEM: the certificate's private key, unencrypted (PKCS#8, RSA or EC).
    public var keyPath: String

    public init(certificatePath: String, keyPath: String) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
    }
}
