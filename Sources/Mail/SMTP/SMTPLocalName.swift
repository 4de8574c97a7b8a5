import Foundation

extension SMTPTransport {
    /// What EHLO should announce when the site names nothing: this host's name when it is a
    /// usable domain (letters, digits, "-" and "."), else "localhost". Pure when given the name.
    public static func defaultLocalName(hostName: String = ProcessInfo.processInfo.hostName) -> String {
        let usable = !hostName.isEmpty && hostName.utf8.count <= 255 && !hostName.hasPrefix(".") && !hostName.hasPrefix("-")
            && hostName.utf8.allSatisfy { octet in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(octet) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(octet)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(octet) || octet == UInt8(ascii: "-") || octet == UInt8(ascii: ".")
            }
        return usable ? hostName : "localhost"
    }
}
