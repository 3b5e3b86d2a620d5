using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Gamified.Common;

/// <summary>
/// How every configuration section becomes options: bound through <see cref="IOptions{T}"/>, checked when the host
/// starts (a wrong value stops the server with the section's name, never half-way through a request), and
/// injectable as the plain options object, which is what the services take.
/// </summary>
public static class ValidatedOptions
{
    /// <summary>
    /// Binds <paramref name="section"/> to <typeparamref name="T"/>, validated on start by <paramref name="problem"/>
    /// (null: fine). Returns the bound values for choices made while registering (which store, which provider); those
    /// are validated here, at once, by the same rule.
    /// </summary>
    public static T AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section,
        Func<T, string?>? problem = null) where T : class, new()
    {
        var bound = configuration.GetSection(section);
        services.AddOptions<T>().Bind(bound).ValidateOnStart();
        if (problem is not null)
            services.AddSingleton<IValidateOptions<T>>(new ProblemValidator<T>(section, problem));
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);

        var values = new T();
        bound.Bind(values);
        if (problem?.Invoke(values) is { } message)
            throw new OptionsValidationException(section, typeof(T), [$"{section}: {message}"]);
        return values;
    }

    private sealed class ProblemValidator<T>(string section, Func<T, string?> problem) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            problem(options) is { } message ? ValidateOptionsResult.Fail($"{section}: {message}") : ValidateOptionsResult.Success;
    }
}
