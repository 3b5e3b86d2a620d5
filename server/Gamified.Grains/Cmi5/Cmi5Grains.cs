using System.Security.Cryptography;
using System.Text;
using Gamified.Common;

namespace Gamified.Cmi5;

[GenerateSerializer, Alias("Cmi5RegistrationState")]
public sealed class Cmi5RegistrationState
{
    [Id(0)] public Guid Registration { get; set; }
}

public sealed class Cmi5RegistrationGrain(
    [PersistentState("cmi5-registration", StorageNames.Main)] IPersistentState<Cmi5RegistrationState> state) : Grain, ICmi5RegistrationGrain
{
    public async Task<Guid> Registration()
    {
        if (state.RecordExists) return state.State.Registration;
        state.State = new Cmi5RegistrationState { Registration = Guid.NewGuid() };
        await state.WriteStateAsync();
        return state.State.Registration;
    }
}

[GenerateSerializer, Alias("Cmi5SessionState")]
public sealed class Cmi5SessionState
{
    [Id(0)] public Cmi5Session? Session { get; set; }
    [Id(1)] public string FetchKeyHash { get; set; } = "";
    [Id(2)] public bool Fetched { get; set; }
    [Id(3)] public string TokenHash { get; set; } = "";
    [Id(4)] public DateTimeOffset TokenExpires { get; set; }
}

/// <summary>
/// Secrets are kept only as SHA-256 hashes: the stored state gives away neither the fetch key nor the token. The fetch is
/// marked used in storage before the token is handed out, so a crash between the two loses a token, never gives out two.
/// </summary>
public sealed class Cmi5SessionGrain(
    [PersistentState("cmi5-session", StorageNames.Main)] IPersistentState<Cmi5SessionState> state,
    Cmi5Options settings, TimeProvider clock) : Grain, ICmi5SessionGrain
{
    public async Task Open(Cmi5Session session, string fetchKeyHash)
    {
        if (state.RecordExists) throw DomainException.Conflict("This launch session exists already.");
        state.State = new Cmi5SessionState { Session = session, FetchKeyHash = fetchKeyHash };
        await state.WriteStateAsync();
    }

    public async Task<Cmi5FetchOutcome> Fetch(string fetchKey)
    {
        if (!state.RecordExists || !FixedEquals(Hash(fetchKey), state.State.FetchKeyHash))
            return new Cmi5FetchOutcome(null, "2", "This fetch URL is not one this LMS made.");
        if (state.State.Fetched) return new Cmi5FetchOutcome(null, "1", "The auth token of this launch was handed out already; launch the AU again.");
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        state.State.Fetched = true;
        state.State.TokenHash = Hash(token);
        state.State.TokenExpires = clock.GetUtcNow() + settings.TokenLifetime;
        await state.WriteStateAsync();
        return new Cmi5FetchOutcome(token, null, null);
    }

    public Task<Cmi5Session?> Admit(string token) =>
        Task.FromResult(state.RecordExists && state.State.Fetched && clock.GetUtcNow() < state.State.TokenExpires
                        && FixedEquals(Hash(token), state.State.TokenHash) ? state.State.Session : null);

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static bool FixedEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
