import Foundation

/// What a caller asks of a list: where to continue (an opaque cursor from the previous page)
/// and how many items at most.
public struct PageRequest: Sendable, Hashable {
    public static let sizeDefault = 20
    public static let sizeMax = 100

    public var cursor: String?
    public var size: Int

    public init(cursor: String? = nil, size: Int = PageRequest.sizeDefault) {
        self.cursor = cursor
        self.size = size
    }
}

/// One page of a list; `nextCursor` is nil on the last page.
public struct Page<Item: Sendable & Hashable>: Sendable, Hashable {
    public var items: [Item]
    public var nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

/// Opaque cursors: base64url of `<list>:<position>`, so a cursor of one list is refused by another.
/// Public for the lists the domain's callers page over other modules' stores (invitations).
public enum Cursor {
    public static func encode(list: String, position: Int64) -> String {
        Data("\(list):\(position)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The position after which the page starts, or nil for the first page.
    public static func decode(_ cursor: String?, list: String) throws(ExchangeError) -> Int64? {
        guard let cursor else { return nil }
        let invalid = ExchangeError.invalid("cursor", "is not a cursor from this list: start again without one")
        guard cursor.utf8.count <= 200 else { throw invalid }
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else {
            throw invalid
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0] == list, let position = Int64(parts[1]), position >= 0 else {
            throw invalid
        }
        return position
    }

    public static func validSize(_ request: PageRequest) throws(ExchangeError) -> Int {
        guard (1...PageRequest.sizeMax).contains(request.size) else {
            throw ExchangeError.invalid("pageSize", "must be between 1 and \(PageRequest.sizeMax)")
        }
        return request.size
    }

    /// A full page of the items `fetch` answers (in position order, at most `limit` after a
    /// position) that `admits` keeps: it fetches on until `size + 1` are kept or the list ends, so
    /// the page holds `size` items whenever that many more match and the cursor is the last one
    /// returned. For one member's own lists, which are short; a long list filters in its query.
    static func filledPage<Item>(
        _ request: PageRequest, list: String, position: (Item) -> Int64,
        fetch: (_ afterPosition: Int64?, _ limit: Int) async throws -> [Item], admits: (Item) -> Bool
    ) async throws -> Page<Item> {
        let size = try validSize(request)
        var after = try decode(request.cursor, list: list)
        var kept: [Item] = []
        while kept.count <= size {
            let fetched = try await fetch(after, size + 1)
            kept += fetched.filter(admits)
            guard fetched.count == size + 1, let last = fetched.last else { break }
            after = position(last)
        }
        return page(Array(kept.prefix(size + 1)), size: size, list: list, position: position)
    }

    /// A page from `limit + 1` fetched items: the extra one only says there is more.
    public static func page<Item>(_ fetched: [Item], size: Int, list: String, position: (Item) -> Int64) -> Page<Item> {
        guard fetched.count > size else { return Page(items: fetched, nextCursor: nil) }
        let items = Array(fetched.prefix(size))
        return Page(items: items, nextCursor: items.last.map { encode(list: list, position: position($0)) })
    }
}
