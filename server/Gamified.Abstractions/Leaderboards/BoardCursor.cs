using System.Globalization;
using System.Text.Json;

namespace Gamified.Leaderboards;

/// <summary>
/// How far the boards are projected: the last ledger position applied, and the campaign windows the boards
/// already count (each was backfilled from the ledger when it first appeared). Stored as one value with the
/// boards, and compared as a whole when a batch is applied, so two projectors (one per node) can never apply a
/// batch twice or apply one computed without a campaign another has just added.
/// </summary>
public sealed record BoardCursor(long Position, IReadOnlyList<CampaignWindow> Campaigns)
{
    public static BoardCursor Start { get; } = new(0, []);

    /// <summary>The position alone while there are no campaigns (the form older servers wrote), else position|json.</summary>
    public string Serialize() => Campaigns.Count == 0
        ? Position.ToString(CultureInfo.InvariantCulture)
        : Position.ToString(CultureInfo.InvariantCulture) + "|" + JsonSerializer.Serialize(Campaigns);

    public static BoardCursor Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return Start;
        var bar = text.IndexOf('|');
        var position = long.Parse(bar < 0 ? text : text[..bar], CultureInfo.InvariantCulture);
        var campaigns = bar < 0 ? [] : JsonSerializer.Deserialize<List<CampaignWindow>>(text[(bar + 1)..]) ?? [];
        return new BoardCursor(position, campaigns);
    }

    public static bool TryParse(string? text, out BoardCursor cursor)
    {
        try
        {
            cursor = Parse(text);
            return true;
        }
        catch (Exception e) when (e is FormatException or OverflowException or JsonException)
        {
            cursor = Start;
            return false;
        }
    }

    public bool IsStart => Position == 0 && Campaigns.Count == 0;
}
