import Exchange
import Foundation
import Identity

/// The one document a member's access request is answered with (UK GDPR article 15): the
/// identity part (their login) and the exchange domain's `AccessExport`, side by side at the top
/// level, with a short `about` text per section. The API's `GET /members/me/data-export` and
/// the web page `/account/data-export` both answer `MemberDataExport.assemble`'s document, as
/// `json(_:)` encodes it. Here, under both front ends, because it reads Identity and Exchange.
public struct MemberDataExport: Sendable, Hashable, Encodable {
    /// Names this document's shape, for whoever reads it later.
    public static let format = "peerhours-data-export/1"

    public var identity: MemberDataExportIdentity?
    public var exchange: AccessExport

    /// The export of `memberID` as `actor` asks for it: the member themself, or an
    /// administrator (audited by the domain). Refusals are the domain's (`ExchangeError`).
    public static func assemble(exchange domain: ExchangeDomain, identity: IdentityService, actor: Actor,
                                memberID: MemberID) async throws -> MemberDataExport {
        let exchange = try await domain.dataExport.export(actor, memberID: memberID)
        let record = try await identity.accountRecord(memberID: memberID.rawValue)
        return MemberDataExport(identity: record.map(MemberDataExportIdentity.init), exchange: exchange)
    }

    /// The document as UTF-8 JSON: keys sorted, indented, instants as RFC 3339 in UTC.
    public static func json(_ export: MemberDataExport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(export)
    }

    /// A file name for the download: `peerhours-data-<member id>-<yyyy-mm-dd>.json`.
    public static func fileName(_ export: MemberDataExport) -> String {
        let day = ISO8601DateFormatter.string(from: export.exchange.generatedAt, timeZone: TimeZone(identifier: "UTC")!,
                                              formatOptions: [.withFullDate])
        return "peerhours-data-\(export.exchange.memberID)-\(day).json"
    }

    enum CodingKeys: String, CodingKey {
        case format, about, identity
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.format, forKey: .format)
        try container.encode(MemberDataExportAbout.sections, forKey: .about)
        try container.encodeIfPresent(identity, forKey: .identity)
        // The exchange part's keys beside these, in the same object.
        try exchange.encode(to: encoder)
    }
}

/// The member's login as the export shows it: never the password's hash or a session's token.
public struct MemberDataExportIdentity: Sendable, Hashable, Codable {
    public struct Session: Sendable, Hashable, Codable {
        public var createdAt: Date
        public var expiresAt: Date
    }

    public var email: String
    public var accountCreatedAt: Date
    public var hasPassword: Bool
    public var isAdministrator: Bool
    public var activeSessions: [Session]
    public var activeSessionsTruncated: Bool

    init(_ record: AccountRecord) {
        email = record.email
        accountCreatedAt = record.createdAt
        hasPassword = record.hasPassword
        isAdministrator = record.isAdministrator
        activeSessions = record.activeSessions.map { Session(createdAt: $0.createdAt, expiresAt: $0.expiresAt) }
        activeSessionsTruncated = record.sessionsTruncated
    }
}
