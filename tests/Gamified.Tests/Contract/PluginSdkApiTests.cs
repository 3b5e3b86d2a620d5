using Gamified.Plugins.Packages;
using PublicApiGenerator;

namespace Gamified.Tests.Contract;

/// <summary>
/// The plug-in SDK (<c>Gamified.Plugins</c>) is what content tools and plug-ins compile against: its public API is
/// committed as <c>Gamified.Plugins.approved.txt</c> beside this file, so every change to it is seen in review.
/// </summary>
[Trait("Category", "Unit")]
public sealed class PluginSdkApiTests
{
    private const string Approved = "Gamified.Plugins.approved.txt";
    private const string Received = "Gamified.Plugins.received.txt";

    [Fact]
    public void the_plugin_sdk_public_api_matches_the_approved_text()
    {
        var generated = typeof(ContentPackage).Assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            // Assembly attributes carry the build's version and commit: not part of the contract.
            IncludeAssemblyAttributes = false,
        }).ReplaceLineEndings("\n").TrimEnd() + "\n";

        var approvedFile = Repository.PathOf("tests", "Gamified.Tests", "Contract", Approved);
        var receivedFile = Path.ChangeExtension(approvedFile, null)[..^".approved".Length] + ".received.txt";
        var approved = File.Exists(approvedFile) ? File.ReadAllText(approvedFile).ReplaceLineEndings("\n") : "";
        if (approved == generated)
        {
            File.Delete(receivedFile);
            return;
        }

        File.WriteAllText(receivedFile, generated);
        Assert.Fail($"""
            The public API of Gamified.Plugins changed; the new API is in {receivedFile}.
            Compare:  diff -u tests/Gamified.Tests/Contract/{Approved} tests/Gamified.Tests/Contract/{Received}
            If the change is intended (and plug-in authors are told, in docs/CHANGES.md when it breaks them), approve it:
                      mv tests/Gamified.Tests/Contract/{Received} tests/Gamified.Tests/Contract/{Approved}
            """);
    }
}
