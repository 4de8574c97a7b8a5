import NIOSSL
import Synchronization

/// The certificate new TLS handshakes present, swapped whole when it is reloaded.
///
/// Every handshake asks for the current credentials (`TLSConfiguration.sslContextCallback`, run
/// once per client hello), so a reload changes what the next handshake sees while connections
/// already established keep the session they negotiated. A reload that cannot read a valid pair
/// changes nothing.
public final class ServerCertificate: Sendable {
    public let settings: TLSSettings
    private let current: Mutex<TLSCredentials>

    public init(settings: TLSSettings, credentials: TLSCredentials) {
        self.settings = settings
        self.current = Mutex(credentials)
    }

    /// Reads the files named in `settings` (`TLSCredentials.load`).
    public convenience init(loading settings: TLSSettings) throws(TLSCredentialError) {
        self.init(settings: settings, credentials: try TLSCredentials.load(settings))
    }

    public var credentials: TLSCredentials { current.withLock { $0 } }

    /// Reads the files again; the new pair is served from the next handshake only if both read
    /// and match, otherwise the error is thrown and the pair in use stays.
    @discardableResult
    public func reload() throws(TLSCredentialError) -> TLSCredentials {
        let loaded = try TLSCredentials.load(settings)
        replace(with: loaded)
        return loaded
    }

    public func replace(with credentials: TLSCredentials) {
        current.withLock { $0 = credentials }
    }

    /// The server's TLS: 1.2 at least (NIOSSL's default ciphers), the current credentials given
    /// to each handshake. ALPN's protocols (h2, http/1.1) are added by the HTTP/2 channel.
    public var tlsConfiguration: TLSConfiguration {
        let initial = credentials
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: initial.chain.map { .certificate($0) }, privateKey: .privateKey(initial.privateKey))
        configuration.minimumTLSVersion = .tlsv12
        configuration.sslContextCallback = { [self] _, promise in
            promise.succeed(self.handshakeOverride())
        }
        return configuration
    }

    /// What one handshake presents: the credentials current when its client hello arrived.
    func handshakeOverride() -> NIOSSLContextConfigurationOverride {
        let credentials = credentials
        var override = NIOSSLContextConfigurationOverride()
        override.certificateChain = credentials.chain.map { .certificate($0) }
        override.privateKey = .privateKey(credentials.privateKey)
        return override
    }
}
