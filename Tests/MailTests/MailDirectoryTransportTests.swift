import Foundation
import Testing
import TestSupport
@testable import Mail

@Suite struct MailDirectoryTransportTests {
    /// Proves a message lands as `<Message-ID>.eml` holding the composed message, in a folder the
    /// transport created 0700, with no temporary file left behind.
    @Test func writesOneFileInAPrivateFolder() async throws {
        let temporary = try TemporaryDirectory(prefix: "mail-dir")
        defer { temporary.remove() }
        let folder = temporary.file("outgoing")
        let transport = MailDirectoryTransport(directory: folder)
        #expect(transport.name == "mail-dir")
        try await transport.send(sampleMessage())
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(names == ["peerhours.exchange.42@peerhours.example.eml"])
        let permissions = try FileManager.default.attributesOfItem(atPath: folder)[.posixPermissions] as? Int
        #expect(permissions == 0o700)
        let written = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + names[0]))
        #expect(String(decoding: written, as: UTF8.self).contains("Message-ID: <peerhours.exchange.42@peerhours.example>\r\n"))
    }

    /// Proves a resend with the same Message-ID replaces the same file (one file, the new content)
    /// and a different Message-ID makes another.
    @Test func resendIsIdempotent() async throws {
        let temporary = try TemporaryDirectory(prefix: "mail-dir")
        defer { temporary.remove() }
        let transport = MailDirectoryTransport(directory: temporary.path)
        try await transport.send(sampleMessage(subject: "first"))
        try await transport.send(sampleMessage(subject: "second"))
        var names = try FileManager.default.contentsOfDirectory(atPath: temporary.path)
        #expect(names.count == 1)
        let written = try String(contentsOfFile: temporary.path + "/" + names[0], encoding: .utf8)
        #expect(written.contains("Subject: second\r\n") && !written.contains("Subject: first"))
        var other = sampleMessage()
        other.messageID = "<peerhours.exchange.43@peerhours.example>"
        try await transport.send(other)
        names = try FileManager.default.contentsOfDirectory(atPath: temporary.path)
        #expect(names.count == 2)
    }

    /// Proves a Message-ID that tries to climb out of the folder or hide a file stays inside it,
    /// under a name of safe characters, distinct from its neighbours.
    @Test(arguments: ["<../../etc/passwd@x>", "<..@x>", "<.hidden@x>", "<a/b@x>", "<a%2F..@x>"])
    func traversalStaysInside(messageID: String) async throws {
        let temporary = try TemporaryDirectory(prefix: "mail-dir")
        defer { temporary.remove() }
        let folder = temporary.file("inner")
        var message = sampleMessage()
        message.messageID = messageID
        try await MailDirectoryTransport(directory: folder).send(message)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(names.count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path) == ["inner"])
        let name = try #require(names.first)
        #expect(!name.hasPrefix(".") && !name.contains("/") && name.hasSuffix(".eml"))
        #expect(name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "._@+-".unicodeScalars.contains($0) })
    }

    /// Proves file names: a plain id is kept as it is; a changed or long one gets a hash suffix,
    /// so two ids that sanitise alike still get different files.
    @Test func fileNames() {
        #expect(MailFileName.forMessageID("<peerhours.1@x.example>") == "peerhours.1@x.example.eml")
        let slash = MailFileName.forMessageID("<a/b@x>"), colon = MailFileName.forMessageID("<a:b@x>")
        #expect(slash.hasPrefix("a_b@x-") && colon.hasPrefix("a_b@x-") && slash != colon)
        let long = MailFileName.forMessageID("<" + String(repeating: "a", count: 300) + "@x>")
        #expect(long.utf8.count <= MailFileName.stemOctetsMax + 17 + 4)
    }

    /// Proves a folder that cannot be made (its parent is a file) is a transient failure whose
    /// reason names the step and errno, not the path.
    @Test func unwritableFolderIsTransient() async throws {
        let temporary = try TemporaryDirectory(prefix: "mail-dir")
        defer { temporary.remove() }
        let blocker = temporary.file("file")
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
        let transport = MailDirectoryTransport(directory: blocker + "/outgoing")
        await #expect(throws: MailDeliveryError.transient("mail-dir mkdir: errno \(ENOTDIR)")) {
            try await transport.send(sampleMessage())
        }
    }

    /// Proves a message that cannot be composed is a permanent failure and writes nothing.
    @Test func uncomposableIsPermanent() async throws {
        let temporary = try TemporaryDirectory(prefix: "mail-dir")
        defer { temporary.remove() }
        var message = sampleMessage()
        message.to = MailAddress("not an address")
        await #expect(throws: MailDeliveryError.permanent("compose: invalid to address")) {
            try await MailDirectoryTransport(directory: temporary.path).send(message)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path).isEmpty)
    }
}
