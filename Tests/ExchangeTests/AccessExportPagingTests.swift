import Foundation
import Testing
@testable import Exchange

@Suite struct AccessExportPagingTests {
    /// Proves the export's bounded read: it asks for pages after the last row it kept, never more
    /// than `rowsMax + 1` rows in all, keeps at most `rowsMax` and says it cut a longer list
    /// (but not one of exactly `rowsMax`, nor a short one).
    @Test(arguments: [(0, false), (7, false), (10, false), (11, true), (95, true)])
    func boundedPages(_ total: Int, _ truncated: Bool) async throws {
        var requested: [(after: Int?, limit: Int)] = []
        let read = try await AccessExportPaging.collect(rowsMax: 10, pageSize: 4) { (last: Int?, limit) in
            requested.append((last, limit))
            let start = (last ?? 0) + 1
            return start > total ? [] : Array(start...min(total, start + limit - 1))
        }
        #expect(read.items == Array((0..<min(total, 10)).map { $0 + 1 }))
        #expect(read.truncated == truncated)
        #expect(requested.map(\.limit).reduce(0, +) <= 11)
        #expect(requested.map(\.after) == Array([nil] + stride(from: 4, to: 4 * requested.count, by: 4).map { Optional($0) }))
    }
}
