using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gamified.Tests.Cluster;

/// <summary>Certificates made in the test (ECDSA P-256, valid for a day), written where a server's settings can name them.</summary>
internal sealed class TestCertificates
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gamified-tls-" + Guid.NewGuid().ToString("n"));

    public TestCertificates() => System.IO.Directory.CreateDirectory(_directory);

    /// <summary>A CA that can issue node certificates.</summary>
    public static X509Certificate2 Authority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return Reloaded(request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1)));
    }

    /// <summary>A node certificate, usable for both ends of a connection; self-signed without <paramref name="issuer"/>.</summary>
    public static X509Certificate2 Node(string name, X509Certificate2? issuer = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false)); // server and client authentication
        var notBefore = DateTimeOffset.UtcNow.AddHours(-1);
        var notAfter = DateTimeOffset.UtcNow.AddHours(23);
        if (issuer is null) return Reloaded(request.CreateSelfSigned(notBefore, notAfter));
        using var issued = request.Create(issuer, notBefore, notAfter, RandomNumberGenerator.GetBytes(12));
        using var withKey = issued.CopyWithPrivateKey(key);
        return Reloaded(withKey);
    }

    public static string Sha256(X509Certificate2 certificate) => certificate.GetCertHashString(HashAlgorithmName.SHA256);

    /// <summary>Writes a PKCS#12 file with the private key; returns its path.</summary>
    public string WritePfx(X509Certificate2 certificate, string password)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("n") + ".pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        return path;
    }

    /// <summary>Writes the certificate and its private key as two PEM files; returns their paths.</summary>
    public (string Certificate, string Key) WritePem(X509Certificate2 certificate)
    {
        var name = Path.Combine(_directory, Guid.NewGuid().ToString("n"));
        File.WriteAllText(name + ".crt.pem", certificate.ExportCertificatePem());
        File.WriteAllText(name + ".key.pem", certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        return (name + ".crt.pem", name + ".key.pem");
    }

    /// <summary>Writes the certificate alone (no key), PEM; returns its path.</summary>
    public string WritePublicPem(X509Certificate2 certificate)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("n") + ".crt.pem");
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }

    // Through PKCS#12 and back, so the key is one SslStream can use on every platform.
    private static X509Certificate2 Reloaded(X509Certificate2 certificate)
    {
        using (certificate)
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
    }
}
