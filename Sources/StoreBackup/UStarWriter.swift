import Crypto
import Foundation

/// Writes a ustar archive to an open file, member by member, streaming each file's bytes in
/// chunks; `finish` writes the two zero blocks that end an archive.
struct UStarWriter {
    static let chunkBytes = 1 << 20
    let output: FileHandle
    let modifiedSeconds: Int64

    func add(name: String, bytes: [UInt8]) throws {
        try output.write(contentsOf: UStarHeader(name: name, sizeBytes: Int64(bytes.count), modifiedSeconds: modifiedSeconds).encoded())
        try output.write(contentsOf: bytes)
        try pad(after: Int64(bytes.count))
    }

    /// Copies the file at `path`, which must be `sizeBytes` long (the caller hashed it).
    func add(name: String, path: String, sizeBytes: Int64) throws {
        try output.write(contentsOf: UStarHeader(name: name, sizeBytes: sizeBytes, modifiedSeconds: modifiedSeconds).encoded())
        let input = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? input.close() }
        var copied: Int64 = 0
        while copied < sizeBytes {
            guard let chunk = try input.read(upToCount: Self.chunkBytes), !chunk.isEmpty else {
                throw ArchiveError.sizeMismatch(member: name, expectedBytes: sizeBytes, foundBytes: copied)
            }
            try output.write(contentsOf: chunk)
            copied += Int64(chunk.count)
        }
        guard copied == sizeBytes else { throw ArchiveError.sizeMismatch(member: name, expectedBytes: sizeBytes, foundBytes: copied) }
        try pad(after: sizeBytes)
    }

    func finish() throws {
        try output.write(contentsOf: [UInt8](repeating: 0, count: 2 * UStarHeader.blockBytes))
    }

    private func pad(after sizeBytes: Int64) throws {
        let padding = UStarHeader.paddingBytes(after: sizeBytes)
        if padding > 0 { try output.write(contentsOf: [UInt8](repeating: 0, count: padding)) }
    }
}

/// SHA-256 and size of a file, read in chunks.
enum FileDigest {
    static func of(path: String) throws -> (sha256: String, sizeBytes: Int64) {
        let input = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? input.close() }
        var hasher = SHA256()
        var size: Int64 = 0
        while let chunk = try input.read(upToCount: UStarWriter.chunkBytes), !chunk.isEmpty {
            hasher.update(data: chunk)
            size += Int64(chunk.count)
        }
        return (hex(hasher.finalize()), size)
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
