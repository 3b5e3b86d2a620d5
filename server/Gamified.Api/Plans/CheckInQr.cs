using Microsoft.AspNetCore.Http;
using QRCoder;

namespace Gamified.Api.Plans;

/// <summary>
/// The QR code a host shows beside the six digits. It holds only the address of the learner's check-in page with plan and
/// session filled in, never the code: a photo of it sent to someone at home opens the page, and the page still asks for
/// the digits that rotate every 30 seconds in the room. Drawn here as SVG, so no outside service sees the session.
/// </summary>
public static class CheckInQr
{
    /// <summary>The check-in page (a hash route of the web app), on the origin the request came to.</summary>
    public static string Link(HttpRequest? request, string planId, string sessionId)
    {
        var origin = request is null ? "" : $"{request.Scheme}://{request.Host}{request.PathBase}";
        return $"{origin}/#/learner/plans/{Uri.EscapeDataString(planId)}/{Uri.EscapeDataString(sessionId)}";
    }

    public static string Svg(string link)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(link, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(8);
    }
}
