using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Gamified.Plans;

/// <summary>
/// Rotating six-digit check-in codes, TOTP-style: HMAC-SHA256 over the session id and the time step, keyed with
/// the session's own secret, truncated as in RFC 4226. A code is shown for one step and accepted for one more,
/// so a learner who reads it just before it rotates still gets in; a code of another session never matches
/// (different secret and id).
/// </summary>
public static class CheckInCodes
{
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    /// <summary>Steps (besides the current one) whose code is still accepted.</summary>
    public const int GraceSteps = 1;

    /// <summary>How far back a code is recognised as expired rather than simply wrong.</summary>
    public const int RecognisedSteps = 20;

    public const int Digits = 6;

    public static byte[] NewSecret() => RandomNumberGenerator.GetBytes(32);

    public static long StepAt(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / (long)Step.TotalMilliseconds;

    public static DateTimeOffset StartOf(long step) => DateTimeOffset.FromUnixTimeMilliseconds(step * (long)Step.TotalMilliseconds);

    public static string Code(byte[] secret, string sessionId, long step)
    {
        var message = Encoding.UTF8.GetBytes($"{sessionId}:{step}");
        var hash = HMACSHA256.HashData(secret, message);
        var offset = hash[^1] & 0x0f;
        var value = BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(offset, 4)) & 0x7fff_ffff;
        return (value % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    public enum Match
    {
        Valid,
        Expired,
        Wrong,
    }

    /// <summary>Which step the code belongs to, compared in constant time against every recognised step.</summary>
    public static (Match Match, long Step) Check(byte[] secret, string sessionId, string code, DateTimeOffset now)
    {
        var current = StepAt(now);
        var given = Encoding.ASCII.GetBytes(code);
        (Match, long)? found = null;
        for (var step = current; step > current - RecognisedSteps; step--)
        {
            var expected = Encoding.ASCII.GetBytes(Code(secret, sessionId, step));
            if (CryptographicOperations.FixedTimeEquals(expected, given) && found is null)
                found = (current - step <= GraceSteps ? Match.Valid : Match.Expired, step);
        }
        return found ?? (Match.Wrong, current);
    }

    /// <summary>Six ASCII digits, or null.</summary>
    public static string? Normalise(string? code)
    {
        var trimmed = code?.Trim() ?? "";
        return trimmed.Length == Digits && trimmed.All(char.IsAsciiDigit) ? trimmed : null;
    }
}
