using Gamified.Secrets;
using System.Security.Cryptography;
using System.Text;

namespace Gamified.Learners;

/// <summary>The <c>Privacy</c> configuration section.</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>
    /// The key pseudonyms are made with (at least 32 characters; the same on every node). Unset: the server makes a
    /// random key once and keeps it in the database. Changing it gives every learner a new pseudonym.
    /// </summary>
    public string? PseudonymSecret { get; set; }

    public const int MinimumSecretLength = 32;

    /// <summary>Why a configured secret cannot be one (too short), checked at start rather than at the first learner.</summary>
    public string? Problem() =>
        PseudonymSecret is { Length: < MinimumSecretLength } ? $"PseudonymSecret must be at least {MinimumSecretLength} characters." : null;
}

/// <summary>
/// Pseudonyms are an HMAC of the learner id under a server secret: stable for a learner, the same on every node and
/// after restarts, and not something anyone can work out from a guessed id (a plain hash of the id could be).
/// </summary>
public sealed class Pseudonyms(PrivacyOptions options, IServerSecrets secrets)
{
    public const string SecretName = "pseudonym";

    private readonly Lock _gate = new();
    private Task<byte[]>? _key;

    /// <summary>A learner's pseudonym, e.g. 学员-3F9A1C.</summary>
    public async ValueTask<string> For(string learnerId)
    {
        var key = await Key();
        return "学员-" + Convert.ToHexString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(learnerId)))[..6];
    }

    // Read once per node; a failed read (database away) is tried again by the next caller rather than remembered.
    private Task<byte[]> Key()
    {
        lock (_gate)
        {
            if (_key is null || _key.IsFaulted || _key.IsCanceled) _key = Load();
            return _key;
        }
    }

    private Task<byte[]> Load() => options.PseudonymSecret is { } configured
        ? Task.FromResult(Encoding.UTF8.GetBytes(configured))
        : secrets.GetOrCreate(SecretName, 32);
}
