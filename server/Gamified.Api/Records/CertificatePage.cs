using System.Globalization;
using System.Net;
using System.Text;
using Gamified.Records;

namespace Gamified.Api.Records;

/// <summary>
/// The certificate as a printable page: one A4 sheet (<c>@page { size: A4 }</c>), Chinese first and English beside it,
/// the hours by category, the issuer and the verification code. The same page is the public check of a code: on screen it
/// says whether the code is genuine; the banner is left out of print. Every value is HTML-encoded.
/// </summary>
public static class CertificatePage
{
    public static string Path(string code) => "/certificates/" + code;

    private static readonly Dictionary<TrainingCategory, (string ZhCN, string En)> Names = new()
    {
        [TrainingCategory.Online] = ("在线学习", "Online learning"),
        [TrainingCategory.Workshop] = ("工作坊", "Workshops"),
        [TrainingCategory.ExpertLecture] = ("专家讲座", "Expert lectures"),
        [TrainingCategory.Brainstorm] = ("头脑风暴", "Brainstorms"),
    };

    private const string Style = """
        @page { size: A4; margin: 18mm 16mm; }
        * { box-sizing: border-box; }
        body { margin: 0; font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", serif; color: #1a1a1a; background: #eee; }
        .sheet { width: 210mm; min-height: 297mm; margin: 8mm auto; padding: 18mm 16mm; background: #fff; box-shadow: 0 0 4mm rgba(0,0,0,.15); }
        .frame { border: 1.2mm double #8a6d1f; padding: 12mm 12mm 8mm; min-height: 250mm; display: flex; flex-direction: column; }
        h1 { text-align: center; font-size: 26pt; letter-spacing: .4em; margin: 4mm 0 0; color: #7a2e1d; }
        h2 { text-align: center; font-size: 13pt; font-weight: normal; margin: 1mm 0 10mm; color: #555; letter-spacing: .08em; }
        p { font-size: 12pt; line-height: 1.7; margin: 0 0 2mm; }
        p.en { font-size: 10pt; color: #444; margin-bottom: 8mm; }
        table { width: 100%; border-collapse: collapse; margin: 2mm 0 8mm; font-size: 11pt; }
        th, td { border: .3mm solid #999; padding: 2.2mm 3mm; text-align: left; }
        th { background: #f4efe2; }
        td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
        tr.total td { font-weight: bold; }
        .issuer { margin-top: auto; display: flex; justify-content: space-between; align-items: flex-end; font-size: 11pt; }
        .code { font-family: "DejaVu Sans Mono", monospace; font-size: 9.5pt; word-break: break-all; }
        .verify { font-size: 9pt; color: #555; }
        .banner { max-width: 210mm; margin: 6mm auto 0; padding: 3mm 5mm; border-radius: 2mm; font: 11pt sans-serif; }
        .banner.ok { background: #e5f4e8; border: .3mm solid #3d8b4f; }
        .banner.unknown { background: #fbe9e7; border: .3mm solid #b3412e; }
        @media print {
          body { background: #fff; }
          .sheet { margin: 0; padding: 0; width: auto; min-height: 0; box-shadow: none; }
          .frame { min-height: 255mm; }
          .banner { display: none; }
        }
        """;

    public static string Render(CertificateSnapshot c, string verifyUrl, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(c.IssuedAt, zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var rows = new StringBuilder();
        foreach (var h in c.Hours)
            rows.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(Names[h.Category].ZhCN)} / {E(Names[h.Category].En)}</td><td class=\"n\">{h.Hours:0.##}</td><td class=\"n\">{h.Required:0.##}</td></tr>");
        rows.Append(CultureInfo.InvariantCulture, $"<tr class=\"total\"><td>合计 / Total</td><td class=\"n\">{c.TotalHours:0.##}</td><td class=\"n\">{c.Hours.Sum(h => h.Required):0.##}</td></tr>");
        var body = $"""
            <div class="banner ok" role="status">✔ 真实有效：此证书由{E(c.Issuer.ZhCn)}于 {local} 颁发，以下为颁发时的内容。<br>
            Genuine: issued by {E(c.Issuer.En)} on {local}; shown as it was issued.</div>
            <main class="sheet"><div class="frame">
            <h1>培训学时证书</h1>
            <h2>Certificate of Training Hours · {c.Year}</h2>
            <p>兹证明 <strong>{E(c.LearnerName)}</strong>（{E(c.DepartmentNames.ZhCn)}）于 {c.Year} 年度完成培训学时如下。</p>
            <p class="en">This certifies that <strong>{E(c.LearnerName)}</strong> ({E(c.DepartmentNames.En)}) completed the training hours below in {c.Year}.</p>
            <table>
            <thead><tr><th>类别 / Category</th><th class="n">学时 / Hours</th><th class="n">要求 / Required</th></tr></thead>
            <tbody>{rows}</tbody>
            </table>
            <p class="verify">学时只计服务器见证的学习：计时的在线课程、签到的培训活动与头脑风暴结果。<br>
            Only training the server witnessed counts: timed online lessons, checked-in sessions and brainstorm results.</p>
            <div class="issuer">
              <div>颁发机构 / Issued by<br><strong>{E(c.Issuer.ZhCn)}</strong> · {E(c.Issuer.En)}<br>颁发日期 / Date of issue: {local}</div>
              <div style="text-align:right">验证码 / Verification code<br><span class="code">{E(c.Code)}</span><br>
              <span class="verify">验证 / Verify: <a href="{E(verifyUrl)}">{E(verifyUrl)}</a></span></div>
            </div>
            </div></main>
            """;
        return Document($"培训学时证书 {c.LearnerName} {c.Year} · {c.Code}", body);
    }

    public static string Unknown() => Document("未找到证书 / Unknown certificate", """
        <div class="banner unknown" role="alert">✘ 未找到该证书：此验证码不是本单位颁发的。<br>
        Unknown certificate: this code is not one we issued. Check it letter by letter; codes are case-sensitive.</div>
        """);

    private static string Document(string title, string body) => $"""
        <!doctype html>
        <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex"><title>{E(title)}</title><style>{Style}</style></head>
        <body>{body}</body></html>
        """;

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
