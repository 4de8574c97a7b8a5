import Exchange
import Foundation

/// RFC 4180 CSV of a report table (`ReportTable.csv` over `CSVText`, shared with the members'
/// statement download and the coordinators' report page): UTF-8, CRLF between records and after
/// the last, a header row, fields quoted where they hold a comma, a quote or a line break, and a
/// text field a spreadsheet would run as a formula prefixed with `'`. The API's downloads and
/// `peerhours export` both use this, so the files are the same.
public enum ReportCSV {
    public static func encode(_ table: ReportTable) throws -> Data {
        table.csv
    }
}
