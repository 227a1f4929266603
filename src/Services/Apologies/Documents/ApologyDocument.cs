using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Tthc.Apologies.Domain;
using Tthc.Apologies.Extensions;
using Tthc.Calendar;

namespace Tthc.Apologies.Documents;

/// <summary>
/// The apology as a Word document: form 04 of Circular 03/2025 for dossiers received under Decree 118/2025 (from
/// 1 July 2025), form 04 of Circular 01/2018 before, laid out per Decree 30/2020 (A4, Times New Roman 14, the national
/// motto beside the unit's name, number and symbol, place and date, title, body, signature block, recipients).
/// </summary>
public static class ApologyDocument
{
    /// <summary>Decree 118/2025/NĐ-CP and Circular 03/2025/TT-VPCP apply to dossiers received from this day.</summary>
    public static readonly DateOnly Circular03From = new(2025, 7, 1);

    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public static string TitleFor(DateOnly receivedOn) => receivedOn >= Circular03From
        ? "PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"
        : "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ";

    public static byte[] Render(Apology apology, ApologiesOptions options, DateTimeOffset now)
    {
        var details = apology.Details ?? throw new InvalidOperationException("The dossier's facts are not yet known.");
        var received = details.ReceivedAt.ToOffset(WorkingCalendar.VietnamOffset);
        var due = apology.OriginalDueAt.ToOffset(WorkingCalendar.VietnamOffset);
        var dated = (apology.IssuedAt ?? now).ToOffset(WorkingCalendar.VietnamOffset);
        var circular03 = DateOnly.FromDateTime(received.DateTime) >= Circular03From;
        var unit = details.UnitName.Length > 0 ? details.UnitName : apology.UnitCode;
        var addressee = $"Ông/Bà {details.ApplicantName}";

        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            AddStyles(main);
            var body = new Body();

            if (apology.Status != ApologyStatus.Issued)
            {
                body.Append(Para(JustificationValues.Center, Text("DỰ THẢO — CHƯA KÝ BAN HÀNH", bold: true)));
            }

            body.Append(TwoColumns(
                [
                    Para(JustificationValues.Center, Text(options.GoverningBody.ToUpper(CultureInfo.GetCultureInfo("vi-VN")))),
                    Para(JustificationValues.Center, Text(unit.ToUpper(CultureInfo.GetCultureInfo("vi-VN")), bold: true)),
                    Para(JustificationValues.Center, Text("Số: " + (apology.NumberText ?? "…/PXL"))),
                ],
                [
                    Para(JustificationValues.Center, Text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold: true)),
                    Para(JustificationValues.Center, Text("Độc lập - Tự do - Hạnh phúc", bold: true)),
                    Para(JustificationValues.Center, Text($"{options.Place}, ngày {dated:dd} tháng {dated:MM} năm {dated:yyyy}", italic: true)),
                ]));

            body.Append(Para(JustificationValues.Center, Text("")));
            body.Append(Para(JustificationValues.Center, Text(TitleFor(DateOnly.FromDateTime(received.DateTime)), bold: true)));
            body.Append(Para(JustificationValues.Center, Text($"Kính gửi: {addressee}.")));

            var idNumber = details.ApplicantIdNumber is { } id ? $" (số định danh cá nhân: {id})" : "";
            body.Append(BodyPara($"{unit} đã tiếp nhận hồ sơ của {addressee}{idNumber}" +
                $"{(details.ApplicantAddress is { } address ? $", địa chỉ: {address}" : "")}, đề nghị giải quyết thủ tục hành chính: {details.ProcedureName}."));
            body.Append(BodyPara($"Mã hồ sơ: {apology.CaseCode}. Ngày tiếp nhận: {received:dd'/'MM'/'yyyy}."));
            body.Append(BodyPara($"Thời gian hẹn trả kết quả giải quyết hồ sơ: {due:HH} giờ {due:mm} phút, ngày {due:dd} tháng {due:MM} năm {due:yyyy}."));
            body.Append(BodyPara($"Tuy nhiên, đến nay {unit} chưa trả kết quả giải quyết hồ sơ cho {addressee} theo đúng thời gian đã hẹn."));
            body.Append(BodyPara($"Lý do: {apology.Reason ?? "…"}"));

            var newDate = apology.NewAppointmentDate is { } date ? $"ngày {date:dd} tháng {date:MM} năm {date:yyyy}" : "ngày … tháng … năm …";
            body.Append(BodyPara(circular03
                ? $"Sự chậm trễ này đã gây phiền hà cho {addressee}. {unit} thành thật xin lỗi {addressee} và đề nghị gia hạn thời gian giải quyết hồ sơ, hẹn trả kết quả vào {newDate}."
                : $"Sự chậm trễ này đã gây phiền hà cho {addressee}. {unit} thành thật xin lỗi {addressee} và hẹn lại ngày trả kết quả vào {newDate}."));
            body.Append(BodyPara($"Rất mong nhận được sự thông cảm của {addressee}./."));

            body.Append(TwoColumns(
                [
                    Para(JustificationValues.Left, Text("Nơi nhận:", bold: true, italic: true, size: 24)),
                    Para(JustificationValues.Left, Text("- Như trên;", size: 22)),
                    Para(JustificationValues.Left, Text($"- Bộ phận Một cửa {details.ReceivingUnitName};", size: 22)),
                    Para(JustificationValues.Left, Text("- Lưu: VT.", size: 22)),
                ],
                [
                    Para(JustificationValues.Center, Text("THỦ TRƯỞNG CƠ QUAN", bold: true)),
                    Para(JustificationValues.Center, Text("(Ký, ghi rõ họ tên và đóng dấu)", italic: true)),
                    Para(JustificationValues.Center, Text(apology.Status == ApologyStatus.Issued ? "Đã ký số" : "")),
                ]));

            body.Append(new SectionProperties(
                new PageSize { Width = 11906, Height = 16838 },
                new PageMargin { Top = 1134, Bottom = 1134, Left = 1701, Right = 850, Header = 720, Footer = 720, Gutter = 0 }));
            main.Document = new Document(body);
            main.Document.Save();
        }

        return stream.ToArray();
    }

    private static void AddStyles(MainDocumentPart main)
    {
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        styles.Styles = new Styles(new DocDefaults(
            new RunPropertiesDefault(new RunProperties(
                new RunFonts { Ascii = "Times New Roman", HighAnsi = "Times New Roman", ComplexScript = "Times New Roman", EastAsia = "Times New Roman" },
                new FontSize { Val = "28" },
                new Languages { Val = "vi-VN" })),
            new ParagraphPropertiesDefault(new ParagraphProperties(new SpacingBetweenLines { After = "60", Line = "300", LineRule = LineSpacingRuleValues.Auto }))));
        styles.Styles.Save();
    }

    private static Paragraph BodyPara(string text) =>
        new(new ParagraphProperties(new Justification { Val = JustificationValues.Both }, new Indentation { FirstLine = "567" }), Text(text));

    private static Paragraph Para(JustificationValues alignment, Run run) =>
        new(new ParagraphProperties(new Justification { Val = alignment }, new SpacingBetweenLines { After = "0" }), run);

    private static Run Text(string text, bool bold = false, bool italic = false, int? size = null)
    {
        var properties = new RunProperties();
        if (bold)
        {
            properties.Append(new Bold());
        }

        if (italic)
        {
            properties.Append(new Italic());
        }

        if (size is { } halfPoints)
        {
            properties.Append(new FontSize { Val = halfPoints.ToString(CultureInfo.InvariantCulture) });
        }

        return new Run(properties, new Text(text) { Space = SpaceProcessingModeValues.Preserve });
    }

    /// <summary>A borderless two-column table: how Vietnamese official documents set the header and the signature block.</summary>
    private static Table TwoColumns(IEnumerable<Paragraph> left, IEnumerable<Paragraph> right)
    {
        var none = new TableBorders(
            new TopBorder { Val = BorderValues.None }, new BottomBorder { Val = BorderValues.None },
            new LeftBorder { Val = BorderValues.None }, new RightBorder { Val = BorderValues.None },
            new InsideHorizontalBorder { Val = BorderValues.None }, new InsideVerticalBorder { Val = BorderValues.None });
        return new Table(
            new TableProperties(new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct }, none),
            new TableGrid(new GridColumn { Width = "3900" }, new GridColumn { Width = "5455" }),
            new TableRow(
                Cell("3900", left),
                Cell("5455", right)));

        static TableCell Cell(string width, IEnumerable<Paragraph> paragraphs)
        {
            var cell = new TableCell(new TableCellProperties(new TableCellWidth { Width = width, Type = TableWidthUnitValues.Dxa }));
            cell.Append(paragraphs);
            return cell;
        }
    }
}
