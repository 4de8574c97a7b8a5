import Crypto
import Foundation

/// Reads a ustar archive member by member from an open file. Every read is exact: an archive
/// that ends before a header, a member's data or the closing zero blocks is `truncated`.
struct UStarReader {
    let input: FileHandle

    /// The next member's header, or nil at the end of the archive (after checking that the
    /// second closing zero block is there too).
    func next() throws -> UStarHeader? {
        guard let header = try UStarHeader.decode(readExactly(UStarHeader.blockBytes)) else {
            guard try readExactly(UStarHeader.blockBytes).allSatisfy({ $0 == 0 }) else {
                throw ArchiveError.notAnArchive("a zero block is followed by data")
            }
            return nil
        }
        return header
    }

    /// The member's data in memory (small members: the manifest, the key).
    func data(of header: UStarHeader) throws -> [UInt8] {
        let bytes = try readExactly(Int(header.sizeBytes))
        _ = try readExactly(UStarHeader.paddingBytes(after: header.sizeBytes))
        return bytes
    }

    /// Copies the member's data to a new file at `path`, answering its SHA-256 (hex).
    func copy(_ header: UStarHeader, to path: String) throws -> String {
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? output.close() }
        var hasher = SHA256()
        var remaining = header.sizeBytes
        while remaining > 0 {
            let chunk = try readExactly(Int(min(remaining, Int64(UStarWriter.chunkBytes))))
            hasher.update(data: chunk)
            try output.write(contentsOf: chunk)
            remaining -= Int64(chunk.count)
        }
        try output.synchronize()
        _ = try readExactly(UStarHeader.paddingBytes(after: header.sizeBytes))
        return FileDigest.hex(hasher.finalize())
    }

    private func readExactly(_ count: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            guard let chunk = try input.read(upToCount: count - bytes.count), !chunk.isEmpty else {
                throw ArchiveError.truncated
            }
            bytes.append(contentsOf: chunk)
        }
        return bytes
    }
}
