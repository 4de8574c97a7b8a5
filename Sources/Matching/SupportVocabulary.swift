/// How a session takes place (EXCHANGE.md: `video` | `phone` | `in_person`).
public enum SupportMode: String, Sendable, Hashable, CaseIterable, Codable {
    case video
    case phone
    case inPerson = "in_person"

    var bit: UInt8 {
        switch self {
        case .video: 1
        case .phone: 2
        case .inPerson: 4
        }
    }
}

/// A member's career stage (EXCHANGE.md: `early` | `mid` | `senior` | `retired`).
public enum CareerStage: String, Sendable, Hashable, CaseIterable, Codable {
    case early
    case mid
    case senior
    case retired

    var bit: UInt8 {
        switch self {
        case .early: 1
        case .mid: 2
        case .senior: 4
        case .retired: 8
        }
    }
}

/// Who may see an offer: members of its own network only, or also members of partner networks
/// (EXCHANGE.md: `network` | `partners`).
public enum OfferVisibility: String, Sendable, Hashable, CaseIterable, Codable {
    case network
    case partners
}
