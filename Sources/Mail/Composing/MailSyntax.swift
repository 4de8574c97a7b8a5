/// What the composer accepts in the fields that are copied into headers verbatim.
enum MailSyntax {
    /// An RFC 5321 mailbox in ASCII (no SMTPUTF8): `local@domain`, printable, without spaces,
    /// angle brackets, quotes or the other specials that would let a value leave its header.
    static func isValidAddress(_ address: String) -> Bool {
        let octets = Array(address.utf8)
        guard !octets.isEmpty, octets.count <= MailLimits.addressOctetsMax else { return false }
        guard let at = octets.firstIndex(of: UInt8(ascii: "@")), at == octets.lastIndex(of: UInt8(ascii: "@")) else {
            return false
        }
        let local = octets[..<at], domain = octets[(at + 1)...]
        guard !local.isEmpty, local.count <= MailLimits.localPartOctetsMax, !domain.isEmpty else { return false }
        guard local.allSatisfy(isAddressOctet), domain.allSatisfy(isDomainOctet) else { return false }
        let domainText = String(decoding: domain, as: UTF8.self)
        return !domainText.hasPrefix(".") && !domainText.hasSuffix(".") && !domainText.contains("..")
            && !String(decoding: local, as: UTF8.self).hasPrefix(".")
    }

    /// `<id-left@id-right>` in printable ASCII without spaces or further angle brackets.
    static func isValidMessageID(_ messageID: String) -> Bool {
        let octets = Array(messageID.utf8)
        guard octets.count >= 5, octets.count <= MailLimits.messageIDOctetsMax,
              octets.first == UInt8(ascii: "<"), octets.last == UInt8(ascii: ">")
        else { return false }
        let inner = octets.dropFirst().dropLast()
        guard inner.filter({ $0 == UInt8(ascii: "@") }).count == 1 else { return false }
        return inner.allSatisfy(isAddressOctet)
    }

    /// An http or https URL that can sit between angle brackets in `List-Unsubscribe`.
    static func isValidUnsubscribeURL(_ url: String) -> Bool {
        let octets = Array(url.utf8)
        guard octets.count <= MailLimits.unsubscribeURLOctetsMax,
              url.hasPrefix("https://") || url.hasPrefix("http://")
        else { return false }
        return octets.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") && $0 != UInt8(ascii: "\"") }
    }

    /// RFC 5545 method names are upper-case letters ("REQUEST", "CANCEL").
    static func isValidCalendarMethod(_ method: String) -> Bool {
        !method.isEmpty && method.utf8.count <= 20 && method.utf8.allSatisfy { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
    }

    /// Printable ASCII less space and the specials `()<>[]:;,\"` (and `@`, checked apart).
    static func isAddressOctet(_ octet: UInt8) -> Bool {
        guard octet > 0x20, octet < 0x7F else { return false }
        return !Array("()<>[]:;,\\\"".utf8).contains(octet)
    }

    static func isDomainOctet(_ octet: UInt8) -> Bool {
        isAddressOctet(octet) && octet != UInt8(ascii: "@")
    }
}
