using Gamified.Server.Hosting;

return await GamifiedHost.RunAsync(args);

/// <summary>Visible to tests, which start the same host in-process.</summary>
public partial class Program;
