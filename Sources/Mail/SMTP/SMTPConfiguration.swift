import Foundation

/// Where and how to reach the SMTP server: `smtp://host[:port][?starttls=required]` (default
/// port 587, STARTTLS when offered and required with credentials) or `smtps://host[:port]`
/// (implicit TLS, default 465). Credentials come only from the environment, never the URL, so a
/// password is never on a command line or in a process list.
public struct SMTPConfiguration: Sendable, Hashable {
    public enum Security: Sendable, Hashable {
        /// STARTTLS when the server offers it, plain otherwise (only without credentials).
        case startTLSWhenOffered
        /// STARTTLS or no delivery.
        case startTLSRequired
        /// TLS from the first byte (smtps).
        case implicitTLS
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var credentials: SMTPCredentials?
    /// A PEM file of extra trust roots (`PEERHOURS_SMTP_CA_FILE`), beside the system's.
    public var additionalTrustRootsFile: String?

    /// With credentials, `.startTLSWhenOffered` becomes `.startTLSRequired`: a password never
    /// travels in plain text.
    public init(host: String, port: Int, security: Security, credentials: SMTPCredentials? = nil, additionalTrustRootsFile: String? = nil) {
        precondition((1...65_535).contains(port), "a TCP port")
        self.host = host
        self.port = port
        self.security = credentials == nil || security == .implicitTLS ? security : .startTLSRequired
        self.credentials = credentials
        self.additionalTrustRootsFile = additionalTrustRootsFile
    }

    public static let usernameVariable = "PEERHOURS_SMTP_USERNAME"
    public static let passwordVariable = "PEERHOURS_SMTP_PASSWORD"
    public static let passwordFileVariable = "PEERHOURS_SMTP_PASSWORD_FILE"
    public static let trustRootsFileVariable = "PEERHOURS_SMTP_CA_FILE"
    public static let passwordFileOctetsMax = 4_096

    /// Reads the URL and the environment (`ProcessInfo.processInfo.environment` in the service).
    public static func parse(url text: String, environment: [String: String]) throws(SMTPConfigurationError) -> SMTPConfiguration {
        guard text.utf8.count <= 2_048, let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw .invalidURL
        }
        guard components.user == nil && components.password == nil else { throw .credentialsInURL }
        guard var host = components.host, !host.isEmpty else { throw .invalidURL }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard components.path.isEmpty || components.path == "/", components.fragment == nil else { throw .invalidURL }
        var security: Security
        switch scheme {
        case "smtp": security = .startTLSWhenOffered
        case "smtps": security = .implicitTLS
        default: throw .unsupportedScheme
        }
        for item in components.queryItems ?? [] {
            guard item.name == "starttls", item.value == "required", scheme == "smtp" else { throw .unsupportedQuery }
            security = .startTLSRequired
        }
        let port = components.port ?? (scheme == "smtps" ? 465 : 587)
        guard (1...65_535).contains(port) else { throw .invalidPort }
        let credentials = try SMTPCredentials.fromEnvironment(environment)
        let trustRoots = environment[trustRootsFileVariable].flatMap { $0.isEmpty ? nil : $0 }
        return SMTPConfiguration(host: host, port: port, security: security, credentials: credentials, additionalTrustRootsFile: trustRoots)
    }
}

/// A user name and password for AUTH. Its description never shows the password.
public struct SMTPCredentials: Sendable, Hashable, CustomStringConvertible {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    public var description: String { "SMTPCredentials(username: \(username), password: <redacted>)" }

    /// Both variables or neither; the password from `PEERHOURS_SMTP_PASSWORD` or the first line
    /// of `PEERHOURS_SMTP_PASSWORD_FILE`, not both.
    static func fromEnvironment(_ environment: [String: String]) throws(SMTPConfigurationError) -> SMTPCredentials? {
        let username = environment[SMTPConfiguration.usernameVariable].flatMap { $0.isEmpty ? nil : $0 }
        let password = environment[SMTPConfiguration.passwordVariable].flatMap { $0.isEmpty ? nil : $0 }
        let passwordFile = environment[SMTPConfiguration.passwordFileVariable].flatMap { $0.isEmpty ? nil : $0 }
        guard password == nil || passwordFile == nil else { throw .passwordTwice }
        var secret = password
        if let passwordFile { secret = try readPasswordFile(passwordFile) }
        switch (username, secret) {
        case (nil, nil): return nil
        case (let username?, let secret?):
            guard !username.contains(where: { $0.isNewline }), !secret.contains(where: { $0.isNewline }),
                  username.utf8.count <= 255, secret.utf8.count <= 255 else {
                throw .invalidCredentials
            }
            return SMTPCredentials(username: username, password: secret)
        case (nil, _?): throw .passwordWithoutUsername
        case (_?, nil): throw .usernameWithoutPassword
        }
    }

    private static func readPasswordFile(_ path: String) throws(SMTPConfigurationError) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .unreadablePasswordFile }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: SMTPConfiguration.passwordFileOctetsMax + 1)) ?? Data()
        guard data.count <= SMTPConfiguration.passwordFileOctetsMax, let text = String(data: data, encoding: .utf8) else {
            throw .unreadablePasswordFile
        }
        let firstLine = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let password = firstLine.hasSuffix("\r") ? String(firstLine.dropLast()) : String(firstLine)
        guard !password.isEmpty else { throw .unreadablePasswordFile }
        return password
    }
}

/// Why the SMTP settings cannot be used; the descriptions name the variable to fix, never a value.
public enum SMTPConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidURL
    case unsupportedScheme
    case unsupportedQuery
    case invalidPort
    case credentialsInURL
    case passwordWithoutUsername
    case usernameWithoutPassword
    case passwordTwice
    case invalidCredentials
    case unreadablePasswordFile
    case unreadableTrustRoots

    public var description: String {
        switch self {
        case .invalidURL: "the SMTP URL is not smtp://host[:port] or smtps://host[:port]"
        case .unsupportedScheme: "the SMTP URL's scheme must be smtp or smtps"
        case .unsupportedQuery: "the only query an SMTP URL may have is ?starttls=required (with smtp://)"
        case .invalidPort: "the SMTP URL's port is not 1–65535"
        case .credentialsInURL:
            "the SMTP URL must not hold a user name or password: set \(SMTPConfiguration.usernameVariable) and \(SMTPConfiguration.passwordVariable) (or \(SMTPConfiguration.passwordFileVariable)) instead"
        case .passwordWithoutUsername: "\(SMTPConfiguration.passwordVariable) is set without \(SMTPConfiguration.usernameVariable)"
        case .usernameWithoutPassword: "\(SMTPConfiguration.usernameVariable) is set without a password"
        case .passwordTwice: "set \(SMTPConfiguration.passwordVariable) or \(SMTPConfiguration.passwordFileVariable), not both"
        case .invalidCredentials: "the SMTP user name or password holds a line break or is over 255 octets"
        case .unreadablePasswordFile: "\(SMTPConfiguration.passwordFileVariable) names a file that cannot be read, is empty or is over 4 KB"
        case .unreadableTrustRoots: "\(SMTPConfiguration.trustRootsFileVariable) names a file that holds no readable PEM certificate"
        }
    }
}
