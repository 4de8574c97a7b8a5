import Foundation
import Mail

/// The transport `serve` was told to use: the mail folder, or an SMTP server whose credentials
/// and extra trust roots come from the environment (`SMTPConfiguration.parse`).
func mailTransport(_ transport: MailConfiguration.Transport) throws -> any MailTransport {
    switch transport {
    case .directory(let path):
        return MailDirectoryTransport(directory: path)
    case .smtp(let url):
        let configuration = try SMTPConfiguration.parse(url: url, environment: ProcessInfo.processInfo.environment)
        return try SMTPTransport(configuration: configuration, localName: SMTPTransport.defaultLocalName())
    }
}
