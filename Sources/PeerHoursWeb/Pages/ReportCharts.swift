/// What a horizontal bar chart shows, before any geometry: a row per label (a month, a balance
/// range, a partner network), each with one value per series — nil where the figure is withheld.
/// `stacked`: the series add up (hours of each kind in a month) and share one bar per row;
/// otherwise each series has its own thin bar (givers beside receivers).
struct BarChartData: Sendable {
    struct Row: Sendable {
        var label: String
        var values: [Int64?]
        /// What each bar's value reads as (stacked: one text for the row).
        var valueTexts: [String]
    }

    var series: [String]
    var rows: [Row]
    var stacked: Bool
}

/// A bar chart as the `report-chart` partial draws it into an SVG: every coordinate is computed
/// here, in a 360-unit-wide view box (the SVG is 100 % wide, so a 360 px phone draws it at its
/// own size and text stays readable); the template only places rectangles and text. Colours are
/// CSS classes (`chart-series-N`, from the stylesheet's variables), so dark mode follows the
/// page, and meaning never rests on colour alone: the table beside each chart holds the figures.
struct BarChart: Sendable {
    struct Bar: Sendable {
        var x: Int
        var y: Int
        var width: Int
        var height: Int
        var cssClass: String
    }

    struct Text: Sendable {
        var x: Int
        var y: Int
        var text: String
        /// SVG `text-anchor`: `start` or `end`.
        var anchor: String
        var cssClass: String
    }

    struct LegendItem: Sendable {
        var name: String
        var cssClass: String
    }

    static let width = 360
    static let barHeight = 18
    static let rowGap = 10
    static let top = 6
    /// The widest a character of the charts' 13-unit text is taken to be, to size the columns.
    static let characterWidth = 8.0
    /// A label longer than this is cut (with "…") in the chart; the table has it whole.
    static let labelCharactersMax = 18
    /// Fill classes cycle after this many series.
    static let seriesStyles = 6

    /// Where the label column ends, the bars run, and the value column ends: sized to the longest
    /// label and value text, so neither overlaps the bars.
    struct Columns: Sendable {
        var labelRight: Int
        var barsLeft: Int
        var barsRight: Int
        var valueRight: Int

        init(labels: [String], values: [String]) {
            func width(_ texts: [String], min low: Int, max high: Int) -> Int {
                let characters = texts.map(\.count).max() ?? 0
                return Swift.min(high, Swift.max(low, Int((Double(characters) * BarChart.characterWidth).rounded(.up))))
            }
            labelRight = 4 + width(labels, min: 32, max: 140)
            barsLeft = labelRight + 8
            valueRight = BarChart.width - 4
            barsRight = valueRight - width(values, min: 24, max: 150) - 8
        }
    }

    var titleID: String
    var descID: String
    var title: String
    var summary: String
    var viewBox: String
    var height: Int
    var bars: [Bar]
    var texts: [Text]
    var columns: Columns
    /// The zero line, where bars start.
    var zeroX: Int
    var axisTop: Int
    var axisBottom: Int
    var legend: [LegendItem]
    var hasLegend: Bool

    static func seriesClass(_ index: Int) -> String { "chart-series-\(index % seriesStyles)" }

    /// Lays `data` out: a label column, the bars from a zero line (negative values to its left),
    /// and a value column; a withheld figure has no bar, and its value text (the caller's words,
    /// e.g. "withheld") is drawn as withheld.
    init(id: String, title: String, summary: String, data: BarChartData) {
        titleID = id + "-title"
        descID = id + "-desc"
        self.title = title
        self.summary = summary
        let labels = data.rows.map { Self.shortened($0.label) }
        let columns = Columns(labels: labels, values: data.rows.flatMap(\.valueTexts))
        let scale = Scale(data, columns: columns)
        let barsPerRow = data.stacked ? 1 : max(1, data.series.count)
        let rowHeight = barsPerRow * Self.barHeight + (barsPerRow - 1) * 2 + Self.rowGap
        var bars: [Bar] = [], texts: [Text] = []
        for (index, row) in data.rows.enumerated() {
            let rowTop = Self.top + index * rowHeight
            texts.append(Text(x: columns.labelRight, y: rowTop + (barsPerRow * (Self.barHeight + 2) - 2) / 2 + 5,
                              text: labels[index], anchor: "end", cssClass: "chart-label"))
            if data.stacked {
                Self.layStacked(row, top: rowTop, scale: scale, columns: columns, bars: &bars, texts: &texts)
            } else {
                Self.layGrouped(row, top: rowTop, scale: scale, columns: columns, bars: &bars, texts: &texts)
            }
        }
        height = Self.top * 2 + max(1, data.rows.count) * rowHeight - Self.rowGap
        viewBox = "0 0 \(Self.width) \(height)"
        self.bars = bars
        self.texts = texts
        self.columns = columns
        zeroX = scale.x(0)
        axisTop = Self.top - 2
        axisBottom = height - Self.top + 2
        legend = data.series.count > 1
            ? data.series.enumerated().map { LegendItem(name: $1, cssClass: Self.seriesClass($0)) } : []
        hasLegend = !legend.isEmpty
    }

    static func shortened(_ label: String) -> String {
        label.count <= labelCharactersMax ? label : String(label.prefix(labelCharactersMax - 1)) + "…"
    }

    private static func layStacked(_ row: BarChartData.Row, top: Int, scale: Scale, columns: Columns,
                                   bars: inout [Bar], texts: inout [Text]) {
        var running: Int64 = 0
        for (series, value) in row.values.enumerated() {
            guard let value, value > 0 else { continue }
            let left = scale.x(running), right = max(scale.x(running + value), left + 1)
            bars.append(Bar(x: left, y: top, width: right - left, height: barHeight, cssClass: seriesClass(series)))
            running += value
        }
        texts.append(Text(x: columns.valueRight, y: top + barHeight - 5, text: row.valueTexts.first ?? "", anchor: "end",
                          cssClass: row.values.contains { $0 == nil } ? "chart-withheld" : "chart-value"))
    }

    private static func layGrouped(_ row: BarChartData.Row, top: Int, scale: Scale, columns: Columns,
                                   bars: inout [Bar], texts: inout [Text]) {
        for (series, value) in row.values.enumerated() {
            let barTop = top + series * (barHeight + 2)
            let text = series < row.valueTexts.count ? row.valueTexts[series] : ""
            texts.append(Text(x: columns.valueRight, y: barTop + barHeight - 5, text: text, anchor: "end",
                              cssClass: value == nil ? "chart-withheld" : "chart-value"))
            guard let value else { continue }
            let zero = scale.x(0), end = scale.x(value)
            let width = value == 0 ? 0 : max(abs(end - zero), 1)
            bars.append(Bar(x: value < 0 ? zero - width : zero, y: barTop, width: width, height: barHeight,
                            cssClass: seriesClass(series)))
        }
    }

    /// Values to x: from the smallest (at most 0) to the largest (at least 0) value or stacked sum.
    struct Scale {
        var low: Int64
        var high: Int64
        var left: Int
        var right: Int

        init(_ data: BarChartData, columns: Columns) {
            left = columns.barsLeft
            right = columns.barsRight
            let values = data.rows.flatMap { row in
                data.stacked ? [row.values.reduce(Int64(0)) { $0 + max($1 ?? 0, 0) }] : row.values.compactMap { $0 }
            }
            low = min(0, values.min() ?? 0)
            high = max(0, values.max() ?? 0)
            if low == high { high = low + 1 }
        }

        func x(_ value: Int64) -> Int {
            let span = Double(high - low)
            return left + Int((Double(value - low) / span * Double(right - left)).rounded())
        }
    }
}
