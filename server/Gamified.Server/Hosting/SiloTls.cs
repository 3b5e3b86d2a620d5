using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace Gamified.Server.Hosting;

/// <summary>
/// The <c>Orleans:Tls</c> settings: TLS with mutual authentication on the silo-to-silo connections. Each node shows
/// its certificate and accepts a peer only by a pinned fingerprint or a certificate issued by the configured CA; the
/// machine's trust store plays no part (anyone can buy a publicly trusted certificate), and names are not checked
/// (silos dial each other by IP address).
/// </summary>
public sealed class SiloTlsOptions
{
    /// <summary>This node's certificate with its private key: PKCS#12 (<c>.pfx</c>) or PEM. None: no TLS.</summary>
    public string? CertificateFile { get; set; }

    /// <summary>The PKCS#12 password, or the password of an encrypted PEM key.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The PEM private key, when <see cref="CertificateFile"/> is a PEM certificate without it.</summary>
    public string? KeyFile { get; set; }

    /// <summary>SHA-256 fingerprints (hex, colons allowed) of the node certificates to accept.</summary>
    public string[] TrustedThumbprints { get; set; } = [];

    /// <summary>The CA certificate(s), PEM or DER, whose node certificates to accept.</summary>
    public string? CaCertificateFile { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificateFile);

    internal string? Problem()
    {
        if (!Enabled)
            return KeyFile is not null || CaCertificateFile is not null || TrustedThumbprints.Length > 0
                ? "Tls:CertificateFile is required when other Tls settings are given."
                : null;
        if (!File.Exists(CertificateFile))
            return $"Tls:CertificateFile '{CertificateFile}' does not exist.";
        if (KeyFile is not null && !File.Exists(KeyFile))
            return $"Tls:KeyFile '{KeyFile}' does not exist.";
        try
        {
            using var certificate = LoadCertificate();
            if (!certificate.HasPrivateKey)
                return $"Tls:CertificateFile '{CertificateFile}' has no private key (give it in the file or in Tls:KeyFile).";
        }
        catch (CryptographicException e)
        {
            return $"Tls:CertificateFile '{CertificateFile}' cannot be read ({e.Message.TrimEnd('.')}); check Tls:CertificatePassword and Tls:KeyFile.";
        }
        if (TrustedThumbprints.Length == 0 && CaCertificateFile is null)
            return "Tls needs Tls:TrustedThumbprints or Tls:CaCertificateFile: which peers to accept.";
        if (TrustedThumbprints.FirstOrDefault(t => NormalizedThumbprint(t).Length != 64 || !NormalizedThumbprint(t).All(char.IsAsciiHexDigit)) is { } bad)
            return $"Tls:TrustedThumbprints: '{bad}' is not a SHA-256 fingerprint (64 hex digits).";
        if (CaCertificateFile is not null)
        {
            if (!File.Exists(CaCertificateFile))
                return $"Tls:CaCertificateFile '{CaCertificateFile}' does not exist.";
            try
            {
                if (LoadAuthorities().Count == 0) return $"Tls:CaCertificateFile '{CaCertificateFile}' holds no certificate.";
            }
            catch (CryptographicException e)
            {
                return $"Tls:CaCertificateFile '{CaCertificateFile}' cannot be read ({e.Message.TrimEnd('.')}).";
            }
        }
        return null;
    }

    internal X509Certificate2 LoadCertificate()
    {
        if (!IsPem(CertificateFile!))
            return X509CertificateLoader.LoadPkcs12FromFile(CertificateFile!, CertificatePassword);
        var key = KeyFile ?? CertificateFile!;
        return string.IsNullOrEmpty(CertificatePassword)
            ? X509Certificate2.CreateFromPemFile(CertificateFile!, key)
            : X509Certificate2.CreateFromEncryptedPemFile(CertificateFile!, CertificatePassword, key);
    }

    internal X509Certificate2Collection LoadAuthorities()
    {
        var authorities = new X509Certificate2Collection();
        if (CaCertificateFile is null) return authorities;
        if (IsPem(CaCertificateFile)) authorities.ImportFromPemFile(CaCertificateFile);
        else authorities.Add(X509CertificateLoader.LoadCertificateFromFile(CaCertificateFile));
        return authorities;
    }

    internal static string NormalizedThumbprint(string thumbprint) =>
        thumbprint.Replace(":", "").Replace(" ", "").Trim().ToUpperInvariant();

    private static bool IsPem(string path)
    {
        Span<byte> start = stackalloc byte[10];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false) == start.Length
            && start.SequenceEqual("-----BEGIN"u8);
    }
}

/// <summary>Which peer certificates a node accepts: pinned ones, or ones its CA issued; within their validity either way.</summary>
internal sealed class SiloPeerPolicy(IReadOnlySet<string> pinned, X509Certificate2Collection authorities)
{
    public static SiloPeerPolicy From(SiloTlsOptions options) => new(
        options.TrustedThumbprints.Select(SiloTlsOptions.NormalizedThumbprint).ToHashSet(StringComparer.Ordinal),
        options.LoadAuthorities());

    public bool Accepts(X509Certificate2 peer)
    {
        var now = DateTime.Now;
        if (now < peer.NotBefore || now > peer.NotAfter) return false;
        if (pinned.Contains(peer.GetCertHashString(HashAlgorithmName.SHA256))) return true;
        if (authorities.Count == 0) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        // A private CA rarely publishes revocation lists; rotate by replacing the CA or pinning instead.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(peer);
    }
}

internal static class SiloTlsHosting
{
    /// <summary>Both directions of every silo connection: this node shows its certificate and requires the peer's.</summary>
    public static void UseGamifiedSiloTls(this ISiloBuilder silo, SiloTlsOptions options)
    {
        var certificate = options.LoadCertificate();
        var peers = SiloPeerPolicy.From(options);
        silo.UseTls(certificate, tls =>
        {
            tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            // Replaces the platform's check (system trust store, host name), which fits neither a private CA nor IP dialling.
            tls.RemoteCertificateValidation = (peer, _, _) => peers.Accepts(peer);
        });
    }
}
