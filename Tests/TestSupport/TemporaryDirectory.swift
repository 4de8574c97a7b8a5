import Foundation

/// A fresh directory under the system's temporary directory, unique to one test or fixture;
/// `remove()` deletes it and everything in it.
public struct TemporaryDirectory: Sendable {
    public let path: String

    /// Creates the directory; `prefix` names the test that owns it, for whoever looks in /tmp.
    public init(prefix: String = "peerhours-test") throws {
        path = NSTemporaryDirectory() + prefix + "-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    public var url: URL { URL(fileURLWithPath: path, isDirectory: true) }

    /// The path of `name` inside the directory (the file need not exist).
    public func file(_ name: String) -> String { path + "/" + name }

    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
