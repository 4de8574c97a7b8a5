@testable import Exchange
import Foundation
import Ledger

/// What a table row expects of a pure lifecycle: a refusal of one kind (the HTTP status the API
/// answers it with), the same state (a repeat), or a change to a named state.
enum Expected: Sendable, Hashable, CustomStringConvertible {
    case notFound, forbidden, conflict, invalid, invalidState
    case unchanged
    /// A change; the string names the state after it (a status, or a table-specific word).
    case to(String)

    /// Reads a table cell: "404", "403", "409", "400", "state", "=", or a state's name.
    init(_ cell: String) {
        switch cell {
        case "404": self = .notFound
        case "403": self = .forbidden
        case "409": self = .conflict
        case "400": self = .invalid
        case "state": self = .invalidState
        case "=": self = .unchanged
        default: self = .to(cell)
        }
    }

    /// The kind of refusal `error` is, as a table cell reads it.
    static func refusal(_ error: ExchangeError) -> Expected {
        switch error {
        case .notFound: .notFound
        case .forbidden: .forbidden
        case .conflict: .conflict
        case .validation: .invalid
        case .invalidState: .invalidState
        default: .to("unexpected \(error)")
        }
    }

    var description: String {
        switch self {
        case .notFound: "404"
        case .forbidden: "403"
        case .conflict: "409"
        case .invalid: "400"
        case .invalidState: "state"
        case .unchanged: "="
        case .to(let state): state
        }
    }
}

/// One cell of a table: the state, the command, the role, what is expected.
struct TableCase<State: Sendable & Hashable, Command: Sendable & Hashable, Role: Sendable & Hashable>: Sendable,
    CustomStringConvertible
{
    var state: State
    var command: Command
    var role: Role
    var expected: Expected

    var description: String { "\(state) · \(command) · \(role) → \(expected)" }

    /// Expands rows of (state, command, one cell per role in `roles` order); "n/a" cells are
    /// combinations that cannot be asked (e.g. leaving for someone else) and are left out.
    static func expand(_ rows: [(State, Command, [String])], roles: [Role]) -> [TableCase] {
        rows.flatMap { state, command, cells in
            precondition(cells.count == roles.count, "one cell per role in \(state) · \(command)")
            return zip(roles, cells).compactMap { role, cell in
                cell == "n/a" ? nil : TableCase(state: state, command: command, role: role, expected: Expected(cell))
            }
        }
    }
}

enum LifecycleFixtures {
    static let networkID = NetworkID(7)
    static let partnerNetworkID = NetworkID(8)
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func network(_ id: NetworkID = networkID, welcomeGrantMinutes: Int64 = 120) -> Network {
        Network(id: id, slug: "n\(id.rawValue)", name: "Network \(id.rawValue)",
                policy: NetworkPolicy(welcomeGrantMinutes: welcomeGrantMinutes),
                communityAccountID: AccountID(id.rawValue * 100 + 1), correctionAccountID: AccountID(id.rawValue * 100 + 2),
                createdAt: start)
    }
}
