import Dispatch
import Foundation
import Matching
import Synchronization

/// Every request's eligible offers for a batch run, found on all cores: requests are independent
/// (the matcher only reads its index and context), so contiguous slices of them are searched at
/// once and the lists come back in request order — the same lists, in the same order, as one
/// thread would find. Candidate search is nearly all of a batch run's time.
enum BatchCandidates {
    /// Slices per core: more slices than cores even out requests whose searches differ in cost.
    static let slicesPerCore = 4
    /// Below this many requests one thread answers: handing out slices would cost more.
    static let parallelRequestsMin = 64

    /// - Returns: for each request, in order, the matcher's eligible offers that `allowed` keeps.
    static func lists(matcher: OfferMatcher, requests: [MatchingRequest],
                      allowed: @escaping @Sendable (MatchingRequest, EligibleOffer) -> Bool) -> [[EligibleOffer]] {
        @Sendable func search(_ range: Range<Int>) -> [[EligibleOffer]] {
            range.map { position in
                let request = requests[position]
                return matcher.eligibleOffers(for: request).filter { allowed(request, $0) }
            }
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        guard cores > 1, requests.count >= parallelRequestsMin else { return search(requests.indices) }
        let sliceCount = min(requests.count, cores * slicesPerCore)
        let slices = (0..<sliceCount).map { slice in
            (requests.count * slice / sliceCount)..<(requests.count * (slice + 1) / sliceCount)
        }
        let found = Mutex([[[EligibleOffer]]](repeating: [], count: sliceCount))
        DispatchQueue.concurrentPerform(iterations: sliceCount) { slice in
            let lists = search(slices[slice])
            found.withLock { $0[slice] = lists }
        }
        return found.withLock { $0.flatMap { $0 } }
    }
}
