import Foundation
import Ledger

/// Reads a list page by page until it ends or reaches its bound, keeping at most `rowsMax`
/// rows: the export never holds more of a section in memory than it writes.
enum AccessExportPaging {
    /// `read(last, limit)` answers at most `limit` rows after `last` (nil: from the start).
    /// Truncated when more than `rowsMax` rows exist.
    static func collect<Item>(rowsMax: Int = AccessExportLimits.rowsMax, pageSize: Int = AccessExportLimits.pageSize,
                              _ read: (Item?, Int) async throws -> [Item]) async throws -> (items: [Item], truncated: Bool) {
        precondition(rowsMax >= 0 && pageSize > 0, "an export's bounds are positive")
        var items: [Item] = []
        // Each pass either returns or adds a full page of `pageSize` rows.
        for _ in 0...(rowsMax / pageSize + 1) {
            let remaining = rowsMax - items.count
            let limit = min(pageSize, remaining + 1)
            let page = try await read(items.last, limit)
            if page.count > remaining { return (items + page.prefix(remaining), true) }
            items += page
            if page.count < limit { return (items, false) }
        }
        preconditionFailure("a bounded read of \(rowsMax) rows in pages of \(pageSize) ended")
    }

    static func section<Item, Row>(_ read: (items: [Row], truncated: Bool), _ map: (Row) throws -> Item) rethrows
        -> AccessExportSection<Item>
    {
        AccessExportSection(items: try read.items.map(map), truncated: read.truncated)
    }
}

/// Display names of the members and networks an export mentions, each read once (in batches).
struct AccessExportNames {
    let members: any MemberRepository
    let networks: any NetworkRepository
    private(set) var people: [MemberID: Member] = [:]
    private(set) var networkNames: [NetworkID: String] = [:]

    init(members: any MemberRepository, networks: any NetworkRepository) {
        self.members = members
        self.networks = networks
    }

    /// Reads the members among `ids` not read yet.
    mutating func load(_ ids: some Sequence<MemberID>) async throws {
        let missing = Array(Set(ids).filter { people[$0] == nil })
        for start in stride(from: 0, to: missing.count, by: AccessExportLimits.pageSize) {
            let batch = Array(missing[start..<min(start + AccessExportLimits.pageSize, missing.count)])
            for member in try await members.members(batch) { people[member.id] = member }
        }
    }

    /// A loaded member's display name ("A member who no longer exists" when absent).
    func name(_ id: MemberID) -> String { people[id]?.profile.displayName ?? "A member who no longer exists" }

    mutating func network(_ id: NetworkID) async throws -> String {
        if let name = networkNames[id] { return name }
        let name = try await networks.network(id)?.name ?? "Network \(id.rawValue)"
        networkNames[id] = name
        return name
    }
}
