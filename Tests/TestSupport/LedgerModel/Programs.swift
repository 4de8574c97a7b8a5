import Foundation

/// The directory holding the built products (the test bundle sits beside them).
public func productPath(_ name: String) -> String {
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for candidate in [bundle, bundle.deletingLastPathComponent()] {
        let path = candidate.appendingPathComponent(name).path
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return FileManager.default.currentDirectoryPath + "/.build/debug/" + name
}

/// Runs a program to completion (`ChildProcess`) and returns its exit status and output; a
/// child killed by a signal answers 128 + the signal, as a shell does.
public func runProgram(_ path: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    let child = try ChildProcess(path, arguments)
    let (stdout, stderr) = child.readToEnd()
    let status: Int32 = switch child.wait() {
    case .exited(let code): code
    case .signalled(let number): 128 + number
    }
    return (status, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}
