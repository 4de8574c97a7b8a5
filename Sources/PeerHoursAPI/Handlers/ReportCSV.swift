import CSV
import Exchange
import Foundation

/// RFC 4180 CSV of a report table, written with CSV.swift's `CSVWriter`: UTF-8, CRLF between
/// records and after the last, a header row, fields quoted where they hold a comma, a quote or a
/// line break. The API's downloads and `peerhours export` both use this, so the files are the same.
public enum ReportCSV {
    public static func encode(_ table: ReportTable) throws -> Data {
        let stream = OutputStream(toMemory: ())
        let writer = try CSVWriter(stream: stream, newline: .crlf)
        try writer.write(row: table.columns)
        for row in table.rows {
            try writer.write(row: row)
        }
        guard var data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else {
            throw CSVError.cannotWriteStream
        }
        withExtendedLifetime(writer) {}
        data.append(contentsOf: Array("\r\n".utf8))
        return data
    }
}
