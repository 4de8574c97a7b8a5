import Foundation

extension NoticeRenderer {
    func plainText(blocks: [String], items: [NoticeItem], action: String, link: String, footer: [FooterLine]) -> String {
        var parts = blocks
        if !items.isEmpty {
            parts.append(items.map { "- \($0.text)\n  \($0.link)" }.joined(separator: "\n"))
        }
        parts.append("\(action):\n\(link)")
        let footerText = footer.map { line in
            line.link.map { NoticeWords.format(line.text, ["link": $0]) } ?? line.text
        }
        parts.append("--\n" + footerText.joined(separator: "\n"))
        return parts.joined(separator: "\n\n") + "\n"
    }

    func html(subject: String, blocks: [String], context: NoticeContext, action: String, footer: [FooterLine]) -> String {
        var body = blocks.map { "<p>\(Self.escape($0).replacingOccurrences(of: "\n", with: "<br>"))</p>" }
        if !context.items.isEmpty {
            let items = context.items.map { "<li><a href=\"\(Self.escape($0.link))\">\(Self.escape($0.text))</a></li>" }
            body.append("<ul>\(items.joined())</ul>")
        }
        body.append("<p><a href=\"\(Self.escape(context.link))\" style=\"font-weight:bold\">\(Self.escape(action))</a></p>")
        let footerHTML = footer.map { line -> String in
            guard let link = line.link else { return "<p>\(Self.escape(line.text))</p>" }
            let anchor = "<a href=\"\(Self.escape(link))\">\(Self.escape(link))</a>"
            return "<p>\(NoticeWords.format(Self.escape(line.text), ["link": anchor]))</p>"
        }
        return """
            <!DOCTYPE html>
            <html lang="\(Self.escape(context.languageTag))">
            <head><meta charset="utf-8"><title>\(Self.escape(subject))</title></head>
            <body style="font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#212b32;max-width:40em">
            \(body.joined(separator: "\n"))
            <hr>
            <div style="font-size:14px;color:#4c6272">
            \(footerHTML.joined(separator: "\n"))
            </div>
            </body>
            </html>

            """
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
