namespace Gamified.Api.Ledger.Witness;

/// <summary>The <c>Ledger:Witness</c> configuration section: where signed heads are also written, outside the database.</summary>
public sealed class LedgerWitnessOptions
{
    public const string Section = "Ledger:Witness";

    /// <summary>A directory (best on another machine's mount, or one the database's owner cannot write) that gets one
    /// file per signed head, never overwritten; the files are what <c>verify-ledger --saved</c> reads.</summary>
    public string? Directory { get; set; }

    /// <summary>Another Gamified's <c>POST /ledger/witness</c> (e.g. another department's server) that keeps every head sent.</summary>
    public string? Url { get; set; }

    /// <summary>How often a node reads the latest head from the database (its own are checked as they are signed), checks it
    /// against the last one it verified, and retries the witnesses that failed; zero turns the loop off.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Where this server keeps the heads other servers POST to it (one subdirectory per trusted sender); the
    /// receiving endpoint is served only when it is set.</summary>
    public string? ReceiveDirectory { get; set; }

    /// <summary>The senders this server witnesses for: a name (the subdirectory) → the sender's public key as a JWK (what its
    /// <c>credentialIssuerKey</c> serves). A head is accepted only when one of these keys signed it.</summary>
    public Dictionary<string, string> Trusted { get; set; } = [];

    public string? Problem()
    {
        if (CheckInterval < TimeSpan.Zero) return "CheckInterval is zero (off) or more.";
        if (Url is not null && !(Uri.TryCreate(Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
            return "Url is an absolute http(s) address.";
        if (Trusted.Count > 0 && string.IsNullOrWhiteSpace(ReceiveDirectory)) return "Trusted senders need a ReceiveDirectory to keep their heads in.";
        foreach (var name in Trusted.Keys)
            if (name.Length is 0 or > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') || name.StartsWith('.'))
                return $"Trusted sender name '{name}' is 1-64 letters, digits, '-', '_' or '.', not starting with '.'.";
        return null;
    }
}
