using System.Text.Json.Nodes;
using Gamified.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gamified.Api.Ledger.Witness;

/// <summary><c>POST /ledger/witness</c>: another Gamified's signed heads, kept here (see <see cref="WitnessReceiver"/>). No
/// sign-in: the head's signature by a trusted key is the authentication, and a replayed head is kept once.</summary>
public static class WitnessEndpoint
{
    public const string Path = "/ledger/witness";

    public static void MapLedgerWitness(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<WitnessReceiver>() is null) return;   // no ReceiveDirectory: not a witness
        endpoints.MapPost(Path, async (HttpContext http, WitnessReceiver receiver) =>
        {
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = WitnessRequest.MaxBytes;
            WitnessRequest request;
            try
            {
                request = WitnessRequest.Read(await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted));
            }
            catch (Exception problem) when (problem is FormatException or System.Text.Json.JsonException or BadHttpRequestException)
            {
                return Answer(new WitnessReply(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest,
                    "The body is {\"checkpoint\": {size, root, signedAt, keyId, signature}, \"proof\"?: {size, path}} of at most 64 KiB.", null));
            }
            return Answer(await receiver.Receive(request, http.RequestAborted));
        });
    }

    private static IResult Answer(WitnessReply reply) => reply.Code is null
        ? Results.Json(new { heldSize = reply.HeldSize })
        : Results.Json(new { errors = new[] { new { message = reply.Message, extensions = new { code = reply.Code, heldSize = reply.HeldSize } } } },
            statusCode: reply.Status);
}
