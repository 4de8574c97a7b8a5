import Foundation
import Testing
import TestSupport
@testable import Mail

@Suite struct SMTPConfigurationTests {
    /// Proves the URL forms: schemes, default and explicit ports, STARTTLS required by the query
    /// or by credentials, IPv6 literals.
    @Test func urls() throws {
        let plain = try SMTPConfiguration.parse(url: "smtp://mail.nhs.example", environment: [:])
        #expect(plain == SMTPConfiguration(host: "mail.nhs.example", port: 587, security: .startTLSWhenOffered))
        let required = try SMTPConfiguration.parse(url: "smtp://127.0.0.1:2525?starttls=required", environment: [:])
        #expect(required.port == 2525 && required.security == .startTLSRequired)
        let implicit = try SMTPConfiguration.parse(url: "smtps://relay.example", environment: [:])
        #expect(implicit.port == 465 && implicit.security == .implicitTLS)
        let six = try SMTPConfiguration.parse(url: "smtp://[::1]:25", environment: [:])
        #expect(six.host == "::1" && six.port == 25)
        let credentialed = try SMTPConfiguration.parse(
            url: "smtp://relay.example", environment: ["PEERHOURS_SMTP_USERNAME": "peerhours", "PEERHOURS_SMTP_PASSWORD": "s3cret"])
        #expect(credentialed.security == .startTLSRequired)
        #expect(credentialed.credentials == SMTPCredentials(username: "peerhours", password: "s3cret"))
        #expect(!"\(credentialed)".contains("s3cret"), "the password never shows in a description")
        let roots = try SMTPConfiguration.parse(url: "smtps://relay.example:1465", environment: ["PEERHOURS_SMTP_CA_FILE": "/etc/ca.pem"])
        #expect(roots.additionalTrustRootsFile == "/etc/ca.pem" && roots.port == 1465)
    }

    /// Proves a URL with a user name or password is refused, and the error names the variables to
    /// use instead without repeating the secret.
    @Test(arguments: ["smtp://user:hunter2@relay.example", "smtps://user@relay.example", "smtp://:hunter2@relay.example:25"])
    func userInfoRefused(url: String) {
        #expect(throws: SMTPConfigurationError.credentialsInURL) { try SMTPConfiguration.parse(url: url, environment: [:]) }
        let message = SMTPConfigurationError.credentialsInURL.description
        #expect(message.contains("PEERHOURS_SMTP_PASSWORD") && !message.contains("hunter2"))
    }

    /// Proves malformed URLs are refused with the matching error.
    @Test(arguments: [
        ("http://relay.example", SMTPConfigurationError.unsupportedScheme), ("relay.example", .invalidURL),
        ("smtp://", .invalidURL), ("smtp://relay.example/path", .invalidURL), ("smtp://relay.example:0", .invalidPort),
        ("smtp://relay.example?starttls=maybe", .unsupportedQuery), ("smtps://relay.example?starttls=required", .unsupportedQuery),
    ])
    func malformedURLs(url: String, expected: SMTPConfigurationError) {
        #expect(throws: expected) { try SMTPConfiguration.parse(url: url, environment: [:]) }
    }

    /// Proves the environment's rules: both variables or neither, one password source, the
    /// password file's first line.
    @Test func credentialsFromEnvironment() throws {
        let url = "smtp://relay.example"
        #expect(throws: SMTPConfigurationError.passwordWithoutUsername) {
            try SMTPConfiguration.parse(url: url, environment: ["PEERHOURS_SMTP_PASSWORD": "x"])
        }
        #expect(throws: SMTPConfigurationError.usernameWithoutPassword) {
            try SMTPConfiguration.parse(url: url, environment: ["PEERHOURS_SMTP_USERNAME": "x"])
        }
        let temporary = try TemporaryDirectory(prefix: "smtp-config")
        defer { temporary.remove() }
        let file = temporary.file("password")
        try Data("from-file\nignored\n".utf8).write(to: URL(fileURLWithPath: file))
        let both = ["PEERHOURS_SMTP_USERNAME": "u", "PEERHOURS_SMTP_PASSWORD": "x", "PEERHOURS_SMTP_PASSWORD_FILE": file]
        #expect(throws: SMTPConfigurationError.passwordTwice) { try SMTPConfiguration.parse(url: url, environment: both) }
        let fromFile = try SMTPConfiguration.parse(url: url, environment: ["PEERHOURS_SMTP_USERNAME": "u", "PEERHOURS_SMTP_PASSWORD_FILE": file])
        #expect(fromFile.credentials?.password == "from-file")
        #expect(throws: SMTPConfigurationError.unreadablePasswordFile) {
            try SMTPConfiguration.parse(url: url, environment: ["PEERHOURS_SMTP_USERNAME": "u", "PEERHOURS_SMTP_PASSWORD_FILE": file + ".missing"])
        }
    }

    /// Proves a trust-roots file that holds no certificate stops the transport at start-up.
    @Test func unreadableTrustRootsRefused() throws {
        let temporary = try TemporaryDirectory(prefix: "smtp-config")
        defer { temporary.remove() }
        let file = temporary.file("ca.pem")
        try Data("not a certificate".utf8).write(to: URL(fileURLWithPath: file))
        let configuration = SMTPConfiguration(host: "relay.example", port: 465, security: .implicitTLS, additionalTrustRootsFile: file)
        #expect(throws: SMTPConfigurationError.unreadableTrustRoots) {
            try SMTPTransport(configuration: configuration, localName: "peerhours.example")
        }
    }
}
