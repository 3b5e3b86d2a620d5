namespace Gamified.Secrets;

/// <summary>
/// Secrets the server makes for itself and keeps in the database (<c>server_secrets</c>), so every node of a cluster
/// and every restart uses the same one. The first node to ask creates it; the insert does nothing if a row exists, and
/// everyone then reads the row, so two nodes starting together still agree.
/// </summary>
public interface IServerSecrets
{
    Task<byte[]> GetOrCreate(string name, int length);
}
