using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Tthc.Calendar;
using Tthc.Reporting.Domain;
using SheetColumn = DocumentFormat.OpenXml.Spreadsheet.Column;

namespace Tthc.Reporting.Exports;

/// <summary>
/// The report as the provincial office files it: CSV (UTF-8 with a byte-order mark, so Excel reads the Vietnamese) and
/// a real XLSX workbook with the official two-row Vietnamese headings.
/// </summary>
public static class ReportExport
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The columns after the unit's code and name: group heading, column heading, value.</summary>
    private static readonly (string Group, string Heading, Func<ReportRow, long> Value)[] Figures =
    [
        ("Số hồ sơ nhận giải quyết", "Kỳ trước chuyển qua", r => r.CarriedOver),
        ("Số hồ sơ nhận giải quyết", "Trực tuyến", r => r.ReceivedOnline),
        ("Số hồ sơ nhận giải quyết", "Trực tiếp", r => r.ReceivedCounter),
        ("Số hồ sơ nhận giải quyết", "Dịch vụ bưu chính công ích", r => r.ReceivedPostal),
        ("Số hồ sơ đã giải quyết", "Tổng số", r => r.Resolved),
        ("Số hồ sơ đã giải quyết", "Trước hạn", r => r.ResolvedEarly),
        ("Số hồ sơ đã giải quyết", "Đúng hạn", r => r.ResolvedOnTime),
        ("Số hồ sơ đã giải quyết", "Quá hạn", r => r.ResolvedLate),
        ("Số hồ sơ đang giải quyết", "Tổng số", r => r.Pending),
        ("Số hồ sơ đang giải quyết", "Trong hạn", r => r.PendingNotYetDue),
        ("Số hồ sơ đang giải quyết", "Quá hạn", r => r.PendingOverdue),
        ("Hồ sơ quá hạn", "Có văn bản xin lỗi", r => r.LateWithApology),
        ("Hồ sơ quá hạn", "Chưa có văn bản xin lỗi", r => r.LateWithoutApology),
        ("Khác", "Từ chối", r => r.Refused),
        ("Khác", "Dừng giải quyết", r => r.Stopped),
        ("Khác", "Rút hồ sơ", r => r.Withdrawn),
        ("Khác", "Phiếu xin lỗi ban hành sau hạn", r => r.ApologiesIssuedLate),
    ];

    private const string AsOfHeading = "Số liệu tính đến";

    public static string Title(Report report) =>
        $"BÁO CÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH (từ ngày {report.Period.Start:dd'/'MM'/'yyyy} đến ngày {report.Period.End:dd'/'MM'/'yyyy})";

    /// <summary>"Số liệu tính đến 10 giờ 30 ngày 01/12/2026" — or the period's last day when it has ended.</summary>
    public static string AsOfLine(Report report)
    {
        var asOf = report.Period.AsOf.ToOffset(VietnamTime.Offset);
        return asOf == VietnamTime.EndOf(report.Period.End)
            ? $"{AsOfHeading} hết ngày {report.Period.End:dd'/'MM'/'yyyy}"
            : $"{AsOfHeading} {asOf:HH' giờ 'mm' ngày 'dd'/'MM'/'yyyy}";
    }

    /// <summary>
    /// A header line, then a line per unit and the total. The last column is the moment the figures are as of (ISO 8601,
    /// Vietnam time), the same on every line, so a line read alone still says when it was true.
    /// </summary>
    public static byte[] Csv(Report report)
    {
        var csv = new StringBuilder();
        var asOf = report.Period.AsOf.ToOffset(VietnamTime.Offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        csv.AppendLine(string.Join(',', new[] { "Mã đơn vị", "Tên đơn vị" }.Concat(Figures.Select(c => $"{c.Group} - {c.Heading}")).Append(AsOfHeading).Select(Quote)));
        foreach (var row in report.Rows.Append(report.Total))
        {
            csv.AppendLine(string.Join(',', new[] { Quote(row.UnitCode), Quote(row.UnitName) }
                .Concat(Figures.Select(c => c.Value(row).ToString(CultureInfo.InvariantCulture))).Append(asOf)));
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    public static byte[] Xlsx(Report report)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();

            var lastColumn = ColumnName(Figures.Length + 2);
            data.Append(Row(1, [Text("A1", Title(report))]));
            data.Append(Row(2, [Text("A2", AsOfLine(report))]));
            var groups = new List<Cell> { Text("A3", "Mã đơn vị"), Text("B3", "Tên đơn vị") };
            var headings = new List<Cell>();
            var merges = new List<string> { $"A1:{lastColumn}1", $"A2:{lastColumn}2", "A3:A4", "B3:B4" };
            for (var i = 0; i < Figures.Length; i++)
            {
                var column = ColumnName(i + 3);
                if (i == 0 || Figures[i - 1].Group != Figures[i].Group)
                {
                    groups.Add(Text($"{column}3", Figures[i].Group));
                    var span = Figures.Skip(i).TakeWhile(c => c.Group == Figures[i].Group).Count();
                    if (span > 1)
                    {
                        merges.Add($"{column}3:{ColumnName(i + 2 + span)}3");
                    }
                }

                headings.Add(Text($"{column}4", Figures[i].Heading));
            }

            data.Append(Row(3, groups));
            data.Append(Row(4, headings));
            uint rowIndex = 5;
            foreach (var row in report.Rows.Append(report.Total))
            {
                var cells = new List<Cell> { Text($"A{rowIndex}", row.UnitCode), Text($"B{rowIndex}", row.UnitName) };
                cells.AddRange(Figures.Select((c, i) => Number($"{ColumnName(i + 3)}{rowIndex}", c.Value(row))));
                data.Append(Row(rowIndex++, cells));
            }

            var worksheet = new Worksheet(
                new DocumentFormat.OpenXml.Spreadsheet.Columns(new SheetColumn { Min = 1, Max = 1, Width = 16, CustomWidth = true }, new SheetColumn { Min = 2, Max = 2, Width = 48, CustomWidth = true },
                    new SheetColumn { Min = 3, Max = (uint)(Figures.Length + 2), Width = 14, CustomWidth = true }),
                data);
            var mergeCells = new MergeCells();
            foreach (var merge in merges)
            {
                mergeCells.Append(new MergeCell { Reference = merge });
            }

            worksheet.Append(mergeCells);
            sheetPart.Worksheet = worksheet;
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "Báo cáo TTHC" }));
            workbook.Workbook.Save();
        }

        return stream.ToArray();
    }

    private static Row Row(uint index, IEnumerable<Cell> cells)
    {
        var row = new Row { RowIndex = index };
        row.Append(cells);
        return row;
    }

    private static Cell Text(string reference, string text) =>
        new() { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(text)) };

    private static Cell Number(string reference, long value) =>
        new() { CellReference = reference, DataType = CellValues.Number, CellValue = new CellValue(value.ToString(CultureInfo.InvariantCulture)) };

    /// <summary>1 → A, 27 → AA.</summary>
    private static string ColumnName(int index)
    {
        var name = "";
        for (; index > 0; index = (index - 1) / 26)
        {
            name = (char)('A' + (index - 1) % 26) + name;
        }

        return name;
    }

    /// <summary>
    /// A text cell as CSV: quoted when it must be, and a leading <c>'</c> on text that a spreadsheet would run as a
    /// formula (<c>= + - @</c>, tab, carriage return) — a unit name is data, never a command.
    /// </summary>
    /// <summary>Satisfaction per unit (and the scope's total) as CSV: the nine averages, the total, the grade, the verdicts.</summary>
    public static byte[] Csv(SatisfactionReport report)
    {
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', new[] { "Mã đơn vị", "Tên đơn vị", "Số phiếu đánh giá" }.Concat(report.CriteriaNames)
            .Concat(["Tổng điểm", "Xếp loại", "Rất hài lòng", "Hài lòng", "Chưa hài lòng"]).Select(Quote)));
        foreach (var row in report.Units.Append(report.Total))
        {
            csv.AppendLine(string.Join(',', new[] { Quote(row.UnitCode), Quote(row.UnitName), Number(row.Ratings) }
                .Concat(row.Criteria.Select(c => c.ToString("0.00", CultureInfo.InvariantCulture)))
                .Append(row.Total.ToString("0.00", CultureInfo.InvariantCulture)).Append(Quote(row.GradeName ?? ""))
                .Append(Number(row.VerySatisfied)).Append(Number(row.Satisfied)).Append(Number(row.Dissatisfied))));
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }
}
