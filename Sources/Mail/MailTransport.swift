/// Where composed messages go: a folder of `.eml` files (`MailDirectoryTransport`) or an SMTP
/// server (`SMTPTransport`). Sending the same message twice (same `Message-ID`) is allowed:
/// delivery is at least once.
public protocol MailTransport: Sendable {
    /// Returns once the message is accepted (written and synced, or the server's 250 after DATA).
    /// Throws `MailDeliveryError`.
    func send(_ message: MailMessage) async throws
    /// "mail-dir" or "smtp", for logs and `/health`.
    var name: String { get }
}

/// Why a message was not accepted. `permanent` is not retried (a 5xx for the recipient, an
/// address that cannot be written); `transient` is (a 4xx, a refused or dropped connection, a timeout).
public enum MailDeliveryError: Error, Sendable, Hashable {
    case transient(String)
    case permanent(String)

    /// Without personal data: safe for logs and the outbox's `lastError`.
    public var reason: String {
        switch self {
        case .transient(let reason), .permanent(let reason): reason
        }
    }
}
