import Crypto

/// What `peerhours serve` decides about the pages; tests build the same pages with other values.
public struct WebConfiguration: Sendable {
    /// Cookies carry `Secure`: the server is reached over TLS (directly or behind a proxy that
    /// terminates it). Off for a plain-HTTP server on loopback, where a browser would drop them.
    public var secureCookies: Bool
    /// The origin the pages are served from (`https://peerhours.example.nhs.uk`). When set, a
    /// POST's `Origin` must equal it; when nil, the `Origin`'s host and port must be the request's
    /// own `Host`.
    public var publicOrigin: String?
    /// Folders of further message catalogues (`<locale>.json`), read after the shipped ones; a
    /// catalogue of a locale already loaded replaces its words key by key.
    public var additionalCatalogueDirectories: [String]
    /// The outboxes and delivery status the administrators' email page shows (`/administer/email`);
    /// nil when the server sends no email.
    public var mail: MailOversight?
    /// The mail folder when email is written to one (`--mail-dir`): erasure deletes its messages to the member.
    public var mailDirectory: String?
    /// The key of unsubscribe links (`NoticeLinkSigner`): `serve` passes the data directory's
    /// (`NoticeKeyFile`), so links sent before a restart keep working; without one, a fresh key
    /// per start (links signed by another start are refused).
    public var noticeKey: SymmetricKey

    public init(secureCookies: Bool = false, publicOrigin: String? = nil, additionalCatalogueDirectories: [String] = [],
                noticeKey: SymmetricKey? = nil) {
        self.secureCookies = secureCookies
        self.publicOrigin = publicOrigin
        self.additionalCatalogueDirectories = additionalCatalogueDirectories
        self.noticeKey = noticeKey ?? SymmetricKey(size: .bits256)
    }
}
