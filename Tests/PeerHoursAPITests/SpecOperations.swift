import Foundation
import HTTPTypes

/// The operations of `api/openapi.yaml` as the tests need them: method, path template,
/// operation id, and whether the spec marks it public (`security: []`). A line reader for this
/// file's layout (two-space indents), not a YAML parser.
struct SpecOperation: Sendable, CustomStringConvertible {
    var method: HTTPRequest.Method
    var pathTemplate: String
    var operationID: String
    var isPublic: Bool

    var description: String { "\(method.rawValue) \(pathTemplate) (\(operationID))" }

    /// The path with every `{…ID}` replaced by `id` (and `{table}` by a real table).
    func path(id: String) -> String {
        pathTemplate.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            guard segment.hasPrefix("{") else { return String(segment) }
            return segment.hasSuffix("ID}") ? id : "hours-by-kind"
        }.joined(separator: "/")
    }

    static let all: [SpecOperation] = {
        let specPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("api/openapi.yaml").path
        guard let text = try? String(contentsOfFile: specPath, encoding: .utf8) else {
            preconditionFailure("cannot read \(specPath)")
        }
        return parse(text)
    }()

    static func parse(_ text: String) -> [SpecOperation] {
        var operations: [SpecOperation] = []
        var inPaths = false
        var path: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" ") && !line.isEmpty { inPaths = line == "paths:" }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":"),
                      let method = HTTPRequest.Method(String(line.dropFirst(4).dropLast()).uppercased()),
                      ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(method.rawValue) {
                operations.append(SpecOperation(method: method, pathTemplate: path, operationID: "", isPublic: false))
            } else if line.hasPrefix("      operationId: "), !operations.isEmpty {
                operations[operations.count - 1].operationID = String(line.dropFirst("      operationId: ".count))
            } else if line == "      security: []", !operations.isEmpty {
                operations[operations.count - 1].isPublic = true
            }
        }
        return operations
    }
}
