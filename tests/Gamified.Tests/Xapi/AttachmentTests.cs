using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace Gamified.Tests.Xapi;

/// <summary>
/// Statements with attachments over real HTTP (xAPI 1.0.3, Data 2.4.11, Communication 1.5.2): the contents sent as
/// multipart/mixed parts checked against their SHA-256 and stored with the statement, <c>fileUrl</c>-only attachments as
/// plain JSON, and <c>attachments=true</c> answering multipart/mixed. Run on both storages.
/// </summary>
public abstract class AttachmentTests(ServerFixture fixture)
{
    private GamifiedServer Server => fixture.Server;

    internal const string Boundary = "gamified-test-boundary";

    internal static (JsonObject Statement, byte[] Content, string Sha2) WithAttachment(string learner, string text, string? fileUrl = null)
    {
        var content = Encoding.UTF8.GetBytes(text);
        var sha2 = Convert.ToHexStringLower(SHA256.HashData(content));
        var attachment = new JsonObject
        {
            ["usageType"] = "https://example.gov.cn/xapi/attachments/certificate",
            ["display"] = new JsonObject { ["zh-CN"] = "结业证书", ["en-US"] = "Certificate" },
            ["contentType"] = "text/plain",
            ["length"] = content.Length,
            ["sha2"] = sha2,
        };
        if (fileUrl is not null) attachment["fileUrl"] = fileUrl;
        var statement = new JsonObject
        {
            ["actor"] = new JsonObject { ["account"] = new JsonObject { ["homePage"] = "https://gamified.local/xapi/learners", ["name"] = learner } },
            ["verb"] = new JsonObject { ["id"] = "http://adlnet.gov/expapi/verbs/completed" },
            ["object"] = new JsonObject { ["id"] = $"https://example.gov.cn/courses/{Guid.NewGuid():n}" },
            ["attachments"] = new JsonArray(attachment),
        };
        return (statement, content, sha2);
    }

    internal static ByteArrayContent Multipart(JsonNode statements, params (byte[] Content, string Sha2)[] parts)
    {
        using var body = new MemoryStream();
        void Text(string text) => body.Write(Encoding.UTF8.GetBytes(text));
        Text($"--{Boundary}\r\nContent-Type: application/json\r\n\r\n{statements.ToJsonString()}\r\n");
        foreach (var (content, sha2) in parts)
        {
            Text($"--{Boundary}\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: {sha2}\r\n\r\n");
            body.Write(content);
            Text("\r\n");
        }
        Text($"--{Boundary}--\r\n");
        var message = new ByteArrayContent(body.ToArray());
        message.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/mixed; boundary={Boundary}");
        return message;
    }

    internal static async Task<HttpResponseMessage> SendAsync(GamifiedServer server, HttpMethod method, string path, string learner, HttpContent? content = null)
    {
        using var client = new HttpClient { BaseAddress = server.Address };
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("X-Experience-API-Version", "1.0.3");
        var token = server.Services.GetService(typeof(LocalTokens)) is LocalTokens tokens ? tokens.Issue(learner, [Roles.Learner]) : throw new InvalidOperationException();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }

    internal static async Task<string?> Code(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())?["errors"]?[0]?["extensions"]?["code"]?.GetValue<string>();

    [Fact]
    public async Task an_attachment_sent_as_a_part_is_stored_with_its_statement_and_read_back_as_multipart()
    {
        var learner = Scenario.NewId("x");
        var (statement, content, sha2) = WithAttachment(learner, "王芳 完成了《一网通办》课程。");
        using var posted = await SendAsync(Server, HttpMethod.Post, "/xapi/statements", learner, Multipart(statement, (content, sha2)));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var id = JsonNode.Parse(await posted.Content.ReadAsStringAsync())![0]!.GetValue<string>();

        using var read = await SendAsync(Server, HttpMethod.Get, $"/xapi/statements?statementId={id}&attachments=true", learner);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("multipart/mixed", read.Content.Headers.ContentType!.MediaType);
        var reader = new MultipartReader(read.Content.Headers.ContentType.Parameters.Single(p => p.Name == "boundary").Value!.Trim('"'),
            await read.Content.ReadAsStreamAsync());
        var first = await reader.ReadNextSectionAsync();
        Assert.Equal(id, JsonNode.Parse(await new StreamReader(first!.Body).ReadToEndAsync())!["id"]!.GetValue<string>());
        var part = await reader.ReadNextSectionAsync();
        Assert.Equal(sha2, part!.Headers!["X-Experience-API-Hash"].ToString());
        Assert.Equal("binary", part.Headers["Content-Transfer-Encoding"].ToString());
        using var bytes = new MemoryStream();
        await part.Body.CopyToAsync(bytes);
        Assert.Equal(content, bytes.ToArray());
        Assert.Null(await reader.ReadNextSectionAsync());

        using var plain = await SendAsync(Server, HttpMethod.Get, $"/xapi/statements?statementId={id}", learner);
        Assert.Equal("application/json", plain.Content.Headers.ContentType!.MediaType);

        // Someone else naming that hash with a fileUrl (no part) does not get the content back.
        var snooper = Scenario.NewId("x");
        var (naming, _, _) = WithAttachment(snooper, "王芳 完成了《一网通办》课程。", fileUrl: "https://files.example.gov.cn/guess.txt");
        using var namedPost = await SendAsync(Server, HttpMethod.Post, "/xapi/statements", snooper, new StringContent(naming.ToJsonString(), Encoding.UTF8, "application/json"));
        var namedId = JsonNode.Parse(await namedPost.Content.ReadAsStringAsync())![0]!.GetValue<string>();
        using var snooped = await SendAsync(Server, HttpMethod.Get, $"/xapi/statements?statementId={namedId}&attachments=true", snooper);
        Assert.DoesNotContain("完成了", await snooped.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task an_attachment_without_its_part_or_with_a_wrong_hash_is_refused_and_nothing_is_stored()
    {
        var learner = Scenario.NewId("x");
        var (statement, content, sha2) = WithAttachment(learner, "证书内容");
        var id = Guid.NewGuid();
        statement["id"] = id.ToString("D");

        // No part for an attachment without fileUrl, as JSON or as multipart.
        using (var json = await SendAsync(Server, HttpMethod.Post, "/xapi/statements", learner,
                   new StringContent(statement.ToJsonString(), Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        // A part whose content is not what its hash says.
        using (var wrong = await SendAsync(Server, HttpMethod.Post, "/xapi/statements", learner, Multipart(statement, (Encoding.UTF8.GetBytes("别的内容"), sha2))))
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        // A part no attachment names.
        var stray = Encoding.UTF8.GetBytes("多余的部分");
        using (var extra = await SendAsync(Server, HttpMethod.Post, "/xapi/statements", learner,
                   Multipart(statement, (content, sha2), (stray, Convert.ToHexStringLower(SHA256.HashData(stray))))))
            Assert.Equal(HttpStatusCode.BadRequest, extra.StatusCode);
        using (var none = await SendAsync(Server, HttpMethod.Get, $"/xapi/statements?statementId={id}", learner))
            Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);

        // With a fileUrl the content may stay where it is: plain JSON is enough.
        var (linked, _, _) = WithAttachment(learner, "存于别处", fileUrl: "https://files.example.gov.cn/certificates/1.txt");
        using var stored = await SendAsync(Server, HttpMethod.Post, "/xapi/statements", learner,
            new StringContent(linked.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>A JWS (compact) over <paramref name="payload"/>, signed by <paramref name="signer"/>, naming
    /// <paramref name="certificate"/> in x5c.</summary>
    private static byte[] Jws(JsonNode payload, RSA signer, X509Certificate2 certificate, string alg = "RS256")
    {
        var header = new JsonObject { ["alg"] = alg, ["x5c"] = new JsonArray(Convert.ToBase64String(certificate.RawData)) };
        var input = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var signature = signer.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return Encoding.ASCII.GetBytes(input + "." + Base64Url(signature));
    }

    [Fact]
    public async Task a_signed_statement_is_stored_when_its_jws_holds_the_statement_and_verifies_and_refused_otherwise()
    {
        var learner = Scenario.NewId("x");
        using var key = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=课程平台", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var otherKey = RSA.Create(2048);

        async Task<HttpStatusCode> Send(Func<JsonObject, byte[]> sign)
        {
            var (statement, _, _) = WithAttachment(learner, "unused");
            statement.Remove("attachments");
            statement["id"] = Guid.NewGuid().ToString("D");
            var jws = sign(statement);
            var sha2 = Convert.ToHexStringLower(SHA256.HashData(jws));
            statement["attachments"] = new JsonArray(new JsonObject
            {
                ["usageType"] = "http://adlnet.gov/expapi/attachments/signature",
                ["display"] = new JsonObject { ["zh-CN"] = "签名" },
                ["contentType"] = "application/octet-stream",
                ["length"] = jws.Length,
                ["sha2"] = sha2,
            });
            using var response = await SendAsync(Server, HttpMethod.Post, "/xapi/statements", learner, Multipart(statement, (jws, sha2)));
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await Send(s => Jws(s, key, certificate)));
        // Signed by a key that is not the certificate's, over another statement, with an algorithm the specification does not allow.
        Assert.Equal(HttpStatusCode.BadRequest, await Send(s => Jws(s, otherKey, certificate)));
        Assert.Equal(HttpStatusCode.BadRequest, await Send(s =>
        {
            var other = s.DeepClone().AsObject();
            other["verb"] = new JsonObject { ["id"] = "http://adlnet.gov/expapi/verbs/passed" };
            return Jws(other, key, certificate);
        }));
        Assert.Equal(HttpStatusCode.BadRequest, await Send(s => Jws(s, key, certificate, alg: "HS256")));
        Assert.Equal(HttpStatusCode.BadRequest, await Send(_ => Encoding.ASCII.GetBytes("not-a-jws")));
    }
}

[Collection(SqliteServerCollection.Name)]
public sealed class AttachmentTestsOnSqlite(SqliteServerFixture fixture) : AttachmentTests(fixture);

[Collection(PostgresServerCollection.Name)]
public sealed class AttachmentTestsOnPostgres(PostgresServerFixture fixture) : AttachmentTests(fixture);

public sealed class AttachmentLimitTests
{
    [Fact]
    public async Task attachments_beyond_the_configured_size_are_refused_with_413()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), "--Xapi:MaxAttachmentBytes=1024");
        var learner = Scenario.NewId("x");
        var (statement, content, sha2) = AttachmentTests.WithAttachment(learner, new string('证', 2000));
        using var refused = await AttachmentTests.SendAsync(server, HttpMethod.Post, "/xapi/statements", learner, AttachmentTests.Multipart(statement, (content, sha2)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal("PAYLOAD_TOO_LARGE", await AttachmentTests.Code(refused));

        var (small, smallContent, smallSha2) = AttachmentTests.WithAttachment(learner, "小附件");
        using var accepted = await AttachmentTests.SendAsync(server, HttpMethod.Post, "/xapi/statements", learner, AttachmentTests.Multipart(small, (smallContent, smallSha2)));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }
}
