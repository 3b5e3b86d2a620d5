namespace Gamified.Rewards;

/// <summary>The <c>Rewards</c> configuration section.</summary>
public sealed class RewardSettings
{
    public const string Section = "Rewards";

    /// <summary>The calendar of days and weeks (daily caps, day-of-week conditions, boards); an IANA zone id.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    // Looking a zone up takes a process-wide lock; every statement needs it, so it is looked up once per id.
    private Tuple<string, TimeZoneInfo>? _zone;

    public TimeZoneInfo Zone
    {
        get
        {
            var zone = _zone;
            if (zone is null || zone.Item1 != TimeZone) _zone = zone = Tuple.Create(TimeZone, TimeZoneInfo.FindSystemTimeZoneById(TimeZone));
            return zone.Item2;
        }
    }

    public DateTimeOffset StartOfDay(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, Zone);
        return new DateTimeOffset(local.Date, Zone.GetUtcOffset(local.Date));
    }
}
