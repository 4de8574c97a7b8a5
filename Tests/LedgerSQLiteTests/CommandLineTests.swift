import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("peerhours command line")
struct CommandLineTests {
    // Proves `peerhours --version` answers (exit 0) with the version and the build's commit.
    @Test func versionNamesReleaseAndCommit() throws {
        let result = try runProgram(productPath("peerhours"), ["--version"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("peerhours 0.1.0 (commit "), "\(result.stdout)")
    }

    // Proves `serve` on a port in use says which port is taken and how to choose another, before
    // it opens or seeds anything (the data directory is not even created), with or without --demo.
    @Test func servePortInUseIsExplainedBeforeSeeding() throws {
        let listener = try TakenPort()
        defer { listener.release() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for arguments in [["--demo"], []] {
            let data = directory.path + "/data"
            let result = try runProgram(
                productPath("peerhours"), ["serve", "--data", data, "--port", String(listener.port)] + arguments)
            #expect(result.status != 0)
            #expect(result.stderr.contains("port \(listener.port) on 127.0.0.1 is already in use"), "\(result.stderr)")
            #expect(result.stderr.contains("--port"), "\(result.stderr)")
            #expect(!result.stderr.contains("errno"), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: data), "\(arguments)")
        }
    }

    // Proves `ledger demo` keeps away from real data: its default directory is its own, and it
    // refuses (exit 64, nothing written) a directory holding a service's data.
    @Test func ledgerDemoRefusesServiceData() throws {
        let help = try runProgram(productPath("peerhours"), ["ledger", "demo", "--help"])
        #expect(help.stdout.contains("./peerhours-ledger-demo"), "\(help.stdout)")
        #expect(!help.stdout.contains("./peerhours-data"), "\(help.stdout)")
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for name in ["identity.sqlite", "exchange.sqlite"] {
            FileManager.default.createFile(atPath: directory.path + "/" + name, contents: Data())
            let refused = try runProgram(productPath("peerhours"), ["ledger", "demo", "--data", directory.path])
            #expect(refused.status == 64, "\(refused.stdout)")
            #expect(refused.stderr.contains("holds a service's data"), "\(refused.stderr)")
            #expect(!FileManager.default.fileExists(atPath: directory.databasePath))
            try FileManager.default.removeItem(atPath: directory.path + "/" + name)
        }
    }
}

/// A loopback port held by a listening socket for the length of a test.
struct TakenPort {
    let socket: Int32
    let port: Int

    init() throws {
        let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && listen(descriptor, 1) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard descriptor >= 0, bound else { throw CocoaError(.fileWriteUnknown) }
        socket = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func release() { close(socket) }
}
