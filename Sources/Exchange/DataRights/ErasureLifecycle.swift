import Foundation

extension ExchangeLifecycle {
    /// The reason both parties read on an exchange cancelled because one of them was erased: it
    /// says no more.
    public static let erasureCancellationReason = "Cancelled because a member left PeerHours."

    /// As a suspension's (`cancelUnconfirmed`), with the erasure's reason.
    static func cancelForErasure(_ exchange: PeerExchange, now: Date) -> ExchangeDecision {
        cancelUnconfirmed(exchange, reason: erasureCancellationReason, now: now)
    }
}

extension ExchangeService {
    /// Cancels every exchange `memberID` is a party to that no party has confirmed, in any
    /// network (`ExchangeLifecycle.cancelForErasure`), through the exchange's own step so an
    /// accepted one's reservation is voided in the ledger; answers how many changed. Bounded:
    /// at most `exchangesMax` exchanges are looked at.
    func cancelForErasure(of memberID: MemberID, exchangesMax: Int = 100_000) async throws -> Int {
        var cancelled = 0
        var seen = 0
        var after: ExchangeID?
        repeat {
            let page = try await exchanges.exchanges(involving: memberID, afterID: after, limit: PageRequest.sizeMax)
            seen += page.count
            for stored in page where !stored.status.isFinal {
                if try await run(.cancelForErasure, on: stored.id, by: nil).changed { cancelled += 1 }
            }
            after = page.count == PageRequest.sizeMax && seen < exchangesMax ? page.last?.id : nil
        } while after != nil
        return cancelled
    }
}
