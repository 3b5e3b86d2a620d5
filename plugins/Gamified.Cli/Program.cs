using Gamified.Cli;

return await AuthorCommands.RunAsync(args, Console.Out, Console.Error);
