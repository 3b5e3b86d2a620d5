namespace Gamified.Rewards;

/// <summary>The <c>Rewards</c> configuration section.</summary>
public sealed class RewardSettings
{
    public const string Section = "Rewards";

    /// <summary>The calendar of days and weeks (daily caps, day-of-week conditions, boards); an IANA zone id.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public DateTimeOffset StartOfDay(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, Zone);
        return new DateTimeOffset(local.Date, Zone.GetUtcOffset(local.Date));
    }
}
