using LeafyBank.Core.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LeafyBank.Web.Extensions;

/// <summary>
/// Every logger the app (and the development identity provider it hosts) hands out passes its
/// lines through <see cref="SecretRedactor"/> before any provider sees them: ASP.NET Core's
/// request lines (<c>?code=…&amp;state=…</c>, <c>?id_token_hint=…</c>), the OpenID Connect
/// handler's and OpenIddict's trace output, at any level an operator turns on.
/// </summary>
public static class LogRedactionExtensions
{
    public static ILoggingBuilder AddSecretRedaction(this ILoggingBuilder logging)
    {
        logging.Services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(services => new RedactingLoggerFactory(new LoggerFactory(
            services.GetServices<ILoggerProvider>(),
            services.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            services.GetService<IOptions<LoggerFactoryOptions>>(),
            services.GetService<IExternalScopeProvider>()))));
        return logging;
    }

    private sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose() => inner.Dispose();
    }

    private sealed class RedactingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }
            // Structured providers (JSON console, OpenTelemetry) read the values as well as the message.
            var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            var redacted = new RedactedState(SecretRedactor.Redact(formatter(state, exception)),
                values.Select(pair => KeyValuePair.Create(pair.Key, pair.Key == "{OriginalFormat}" ? pair.Value : RedactValue(pair.Value))).ToList());
            inner.Log(logLevel, eventId, redacted, exception, static (state, _) => state.Message);
        }

        private static object? RedactValue(object? value) => value switch
        {
            string text => SecretRedactor.Redact(text),
            Uri uri => SecretRedactor.Redact(uri.ToString()),
            null or ValueType => value,
            _ when value.ToString() is { } text && !ReferenceEquals(SecretRedactor.Redact(text), text) => SecretRedactor.Redact(text),
            _ => value,
        };
    }

    private sealed class RedactedState(string message, IReadOnlyList<KeyValuePair<string, object?>> values) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message => message;

        public KeyValuePair<string, object?> this[int index] => values[index];

        public int Count => values.Count;

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => message;
    }
}
