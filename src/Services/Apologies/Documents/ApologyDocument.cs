using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Tthc.Apologies.Domain;
using Tthc.Calendar;

namespace Tthc.Apologies.Documents;

/// <summary>
/// The apology as a Word document, laid out per Decree 30/2020/NĐ-CP (Appendix I: A4, Times New Roman; the national
/// name and motto with a solid rule under the motto; the governing and issuing bodies with a short rule under the
/// issuing body; number and symbol; place and date; title; body; the signer's capacity, title and name; recipients).
/// The form: Circular 03/2025/TT-VPCP (issued 15 September 2025), Appendix I, form 04 "Văn bản xin lỗi và đề nghị gia
/// hạn thời gian giải quyết", for letters dated from that day; Circular 01/2018/TT-VPCP form 04 "Phiếu xin lỗi và hẹn
/// lại ngày trả kết quả" before. The printed wording of the 2025 form could not be checked against its text: the body
/// follows the 2018 form's fields, which the 2025 form's name and data (original appointment, reason, new date) keep.
/// </summary>
public static class ApologyDocument
{
    /// <summary>Circular 03/2025/TT-VPCP was issued (and is taken to apply from) this day.</summary>
    public static readonly DateOnly Circular03From = new(2025, 9, 15);

    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>The form's title for a letter dated <paramref name="letterDate"/>.</summary>
    public static string TitleFor(DateOnly letterDate) => letterDate >= Circular03From
        ? "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"
        : "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ";

    /// <summary>
    /// A date as Decree 30/2020 writes it: "ngày 05 tháng 3 năm 2026" — a leading zero for days below 10 and for
    /// January and February only ("tháng 01", "tháng 02").
    /// </summary>
    public static string Decree30Date(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"ngày {date.Day:00} tháng {(date.Month <= 2 ? date.Month.ToString("00", CultureInfo.InvariantCulture) : date.Month.ToString(CultureInfo.InvariantCulture))} năm {date.Year}");

    // Font sizes in half-points (Decree 30, Appendix I): national name 12 (12–13), motto 14, bodies 13, title 14, body 14.
    private const int Size12 = 24;
    private const int Size13 = 26;
    private const int Size14 = 28;

    /// <param name="citizensCopy">The copy the citizen downloads with the receipt's secret: the addressee by name and the
    /// dossier, without the ID number and the address, which a link passed on must not carry.</param>
    public static byte[] Render(Apology apology, ApologiesOptions options, DateTimeOffset now, bool citizensCopy = false)
    {
        var details = apology.Details ?? throw new InvalidOperationException("The dossier's facts are not yet known.");
        var received = VietnamTime.DateOf(details.ReceivedAt);
        var due = apology.OriginalDueAt.ToOffset(VietnamTime.Offset);
        var dated = VietnamTime.DateOf(apology.IssuedAt ?? now);
        var circular03 = dated >= Circular03From;
        var unit = details.UnitName.Length > 0 ? details.UnitName : apology.UnitCode;
        var addressee = details.Addressee;
        var issued = apology.Status == ApologyStatus.Issued;

        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            AddStyles(main);
            var body = new Body();

            if (!issued)
            {
                body.Append(Para(JustificationValues.Center, Text("DỰ THẢO — CHƯA KÝ BAN HÀNH", bold: true)));
            }

            body.Append(TwoColumns(
                [
                    Para(JustificationValues.Center, Text(options.GoverningBody.ToUpperInvariant(), size: Size13)),
                    Para(JustificationValues.Center, Text(unit.ToUpperInvariant(), bold: true, size: Size13)),
                    Rule(LeftColumn, share: 0.4),
                    Para(JustificationValues.Center, Text("Số: " + (apology.NumberText ?? "…/PXL"), size: Size13)),
                ],
                [
                    Para(JustificationValues.Center, Text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold: true, size: Size12)),
                    Para(JustificationValues.Center, Text("Độc lập - Tự do - Hạnh phúc", bold: true, size: Size14)),
                    // As long as the motto: about 6 cm of the column's 10 cm.
                    Rule(RightColumn, share: 0.6),
                    Para(JustificationValues.Center, Text($"{options.Place}, {Decree30Date(dated)}", italic: true, size: Size14)),
                ]));

            body.Append(Para(JustificationValues.Center, Text("")));
            body.Append(Para(JustificationValues.Center, Text(TitleFor(dated), bold: true, size: Size14)));
            body.Append(Para(JustificationValues.Center, Text("")));
            body.Append(Para(JustificationValues.Center, Text($"Kính gửi: {addressee}.")));

            var idNumber = details.ApplicantIdNumber is { } id && !citizensCopy
                ? details.ApplicantIsOrganisation ? $" (mã số doanh nghiệp: {id})" : $" (số định danh cá nhân: {id})"
                : "";
            var address = details.ApplicantAddress is { } at && !citizensCopy ? $", địa chỉ: {at}" : "";
            body.Append(BodyPara($"{Capitalised(Decree30Date(received))}, {unit} tiếp nhận giải quyết hồ sơ đề nghị {details.ProcedureName} của {addressee}{idNumber}{address}."));
            body.Append(BodyPara($"Mã hồ sơ: {apology.CaseCode}."));
            body.Append(BodyPara($"Thời gian hẹn trả kết quả giải quyết hồ sơ: {due:HH} giờ {due:mm} phút, {Decree30Date(DateOnly.FromDateTime(due.DateTime))}."));
            body.Append(BodyPara($"Tuy nhiên đến nay, {unit} chưa trả kết quả giải quyết hồ sơ cho {addressee} đúng hạn ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả."));
            body.Append(BodyPara($"Lý do: {apology.Reason ?? "…"}"));

            var newDate = apology.NewAppointmentDate is { } date ? Decree30Date(date) : "ngày … tháng … năm …";
            body.Append(BodyPara(circular03
                ? $"Sự chậm trễ này đã gây phiền hà, tốn kém chi phí, công sức của {addressee}. {unit} thành thật xin lỗi {addressee} và đề nghị gia hạn thời gian giải quyết hồ sơ, hẹn trả kết quả vào {newDate}."
                : $"Sự chậm trễ này đã gây phiền hà, tốn kém chi phí, công sức của {addressee}. {unit} thành thật xin lỗi {addressee} và hẹn lại ngày trả kết quả vào {newDate}."));
            body.Append(BodyPara($"Rất mong nhận được sự thông cảm của {addressee} vì sự chậm trễ này./."));

            body.Append(TwoColumns(
                [
                    Para(JustificationValues.Left, Text("Nơi nhận:", bold: true, italic: true, size: 24)),
                    Para(JustificationValues.Left, Text("- Như trên;", size: 22)),
                    Para(JustificationValues.Left, Text($"- Bộ phận Một cửa {details.ReceivingUnitName};", size: 22)),
                    Para(JustificationValues.Left, Text("- Lưu: VT.", size: 22)),
                ],
                SignatureBlock(apology, issued)));

            body.Append(new SectionProperties(
                new PageSize { Width = 11906, Height = 16838 },
                new PageMargin { Top = 1134, Bottom = 1134, Left = 1701, Right = 850, Header = 720, Footer = 720, Gutter = 0 }));
            main.Document = new Document(body);
            main.Document.Save();
        }

        return stream.ToArray();
    }

    /// <summary>
    /// Issued: the signer's capacity and title (e.g. "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"), the digital signature's place,
    /// and the full name. A letter imported without its signer names only the head's capacity. A draft keeps the
    /// form's instruction for whoever will sign it.
    /// </summary>
    private static List<Paragraph> SignatureBlock(Apology apology, bool issued)
    {
        if (!issued)
        {
            return
            [
                Para(JustificationValues.Center, Text("THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ", bold: true, size: Size14)),
                Para(JustificationValues.Center, Text("(Ký, ghi rõ họ tên và đóng dấu)", italic: true, size: Size14)),
            ];
        }

        var signer = apology.SignerName is { } name && apology.SignerTitle is { } title ? new Signer(name, title) : null;
        var block = (signer?.CapacityLines() ?? ["THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ"])
            .Select(line => Para(JustificationValues.Center, Text(line, bold: true, size: Size14)))
            .ToList();
        block.Add(Para(JustificationValues.Center, Text("")));
        block.Add(Para(JustificationValues.Center, Text("(Đã ký số)", italic: true, size: Size13)));
        block.Add(Para(JustificationValues.Center, Text("")));
        if (signer is not null)
        {
            block.Add(Para(JustificationValues.Center, Text(signer.Name, bold: true, size: Size14)));
        }

        return block;
    }

    private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text[1..];

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

    private const int LeftColumn = 3600;
    private const int RightColumn = 5755;

    /// <summary>
    /// The solid rule Decree 30 draws under the motto and under the issuing body: an empty paragraph's top border,
    /// centred and <paramref name="share"/> of its column wide.
    /// </summary>
    private static Paragraph Rule(int columnWidth, double share)
    {
        var indent = ((int)(columnWidth * (1 - share) / 2)).ToString(CultureInfo.InvariantCulture);
        return new Paragraph(new ParagraphProperties(
            new ParagraphBorders(new TopBorder { Val = BorderValues.Single, Size = 6, Space = 1, Color = "000000" }),
            new SpacingBetweenLines { Before = "20", After = "60", Line = "120", LineRule = LineSpacingRuleValues.Exact },
            new Indentation { Left = indent, Right = indent }));
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
            new TableGrid(new GridColumn { Width = $"{LeftColumn}" }, new GridColumn { Width = $"{RightColumn}" }),
            new TableRow(
                Cell($"{LeftColumn}", left),
                Cell($"{RightColumn}", right)));

        static TableCell Cell(string width, IEnumerable<Paragraph> paragraphs)
        {
            var cell = new TableCell(new TableCellProperties(new TableCellWidth { Width = width, Type = TableWidthUnitValues.Dxa }));
            cell.Append(paragraphs);
            return cell;
        }
    }
}
