import Foundation

/// Answers "certainly not stored" for the key of nearly every first request, so that it does not
/// read `idempotency.sqlite` (a b-tree descent at a random position, whose pages every commit
/// of the file has just made stale): a Bloom filter over the key hashes of stored records.
///
/// Two generations: keys are added to the current one, a lookup asks both. A generation is
/// retired — the current becomes the previous, the previous is dropped — at the first add or
/// lookup at least `generationMilliseconds` after the current one began, so a key stays in the
/// filter for at least one generation after it was added. The store asks the filter only when
/// the retention it checks is no longer than a generation: then there are no false negatives,
/// and a false positive costs only the read the filter exists to save.
///
/// Key hashes are SHA-256 digests (`IdempotencyCipher.keyHash`), uniform already: the four
/// probe positions are four 64-bit words of the hash, masked. A hash of another length is
/// never added and always "maybe" (read the database).
struct IdempotencyKeyFilter {
    static let hashBytes = 32
    let generationMilliseconds: Int64
    private let bitMask: UInt64
    private var current: [UInt64]
    private var previous: [UInt64]
    /// When the current generation began; nil until the first add or lookup with a time (keys
    /// loaded at start-up count from then).
    private var currentStartedAt: Int64?
    /// Keys added to the current generation (for diagnostics and tests).
    private(set) var currentCount = 0
    /// Retirements left before every answer is "maybe" no longer: set when the keys loaded at
    /// start-up were more than the filter holds usefully (`loadingCapacity`), so that some were
    /// not added; they are answered "maybe" until their generation has gone.
    private var saturatedRetirementsLeft = 0

    /// How many keys start-up loads before giving up on them (one per eight bits: about 2.4 %
    /// false positives); loading stops there, so start-up stays bounded however large the table.
    var loadingCapacity: Int { Int((bitMask + 1) / 8) }

    /// `bitsLog2` bits per generation (2^25 bits = 4 MiB keeps false positives near 4 % at five
    /// million keys a generation).
    init(bitsLog2: Int, generationMilliseconds: Int64) {
        precondition((6...32).contains(bitsLog2), "a filter of 2^6 to 2^32 bits")
        precondition(generationMilliseconds > 0)
        self.generationMilliseconds = generationMilliseconds
        bitMask = (UInt64(1) << UInt64(bitsLog2)) - 1
        current = [UInt64](repeating: 0, count: 1 << (bitsLog2 - 6))
        previous = current
    }

    /// Adds a stored record's key hash; `at` nil while loading the records at start-up.
    mutating func add(_ keyHash: Data, at: Int64?) {
        if let at { advance(to: at) }
        guard keyHash.count == Self.hashBytes else { return }
        Self.probes(keyHash, mask: bitMask) { word, bit in current[word] |= bit }
        currentCount += 1
    }

    /// Start-up found more stored keys than `loadingCapacity` and did not add the rest: answer
    /// "maybe" for everything until the loaded generation is retired twice.
    mutating func markSaturated() {
        saturatedRetirementsLeft = 2
    }

    /// False only when no record with this key hash was added within the last generation (and
    /// start-up added every stored key).
    mutating func mightContain(_ keyHash: Data, at: Int64) -> Bool {
        advance(to: at)
        guard keyHash.count == Self.hashBytes, saturatedRetirementsLeft == 0 else { return true }
        var inCurrent = true
        var inPrevious = true
        Self.probes(keyHash, mask: bitMask) { word, bit in
            inCurrent = inCurrent && current[word] & bit != 0
            inPrevious = inPrevious && previous[word] & bit != 0
        }
        return inCurrent || inPrevious
    }

    private mutating func advance(to now: Int64) {
        guard let startedAt = currentStartedAt else {
            currentStartedAt = now
            return
        }
        guard now - startedAt >= generationMilliseconds else { return }
        swap(&current, &previous)
        for index in current.indices { current[index] = 0 }
        currentCount = 0
        currentStartedAt = now
        if saturatedRetirementsLeft > 0 { saturatedRetirementsLeft -= 1 }
    }

    /// The four probes of a 32-byte hash: its four little-endian 64-bit words, masked to the
    /// filter's size, as (word index, bit within the word).
    private static func probes(_ keyHash: Data, mask: UInt64, _ body: (Int, UInt64) -> Void) {
        keyHash.withUnsafeBytes { raw in
            for lane in 0..<4 {
                let position = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: lane * 8, as: UInt64.self)) & mask
                body(Int(position >> 6), UInt64(1) << (position & 63))
            }
        }
    }
}
