import Foundation
import Synchronization

/// Looks time zones up once per identifier: `TimeZone(identifier:)` consults the system's
/// zone database, too slow to repeat for every one of 100k offers.
public enum TimeZoneCache {
    private static let zones = Mutex<[String: TimeZone?]>([:])
    /// Distinct identifiers remembered; beyond this the cache is cleared (a bound, not a policy:
    /// the IANA database has fewer than 600 zones).
    private static let entryCountMax = 4096

    public static func zone(_ identifier: String) -> TimeZone? {
        if let cached = zones.withLock({ $0[identifier] }) { return cached }
        let zone = TimeZone(identifier: identifier)
        zones.withLock { table in
            if table.count >= entryCountMax { table.removeAll() }
            table[identifier] = zone
        }
        return zone
    }

    static func isKnown(_ identifier: String) -> Bool {
        zone(identifier) != nil
    }
}
