using LeafyBank.Core.Configuration;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;

namespace LeafyBank.Web.Extensions;

public static class SecurityExtensions
{
    /// <summary>
    /// What the app trusts about its surroundings and keeps from its logs: secrets redacted from
    /// every log line, no <c>Server</c> header, forwarded scheme and client address only from known
    /// proxies (<see cref="HostingSecuritySettings"/>; loopback when none is named), HSTS, request
    /// limits, and the key ring encrypted with a certificate when one is configured
    /// (<see cref="KeyRingSettings"/>). <c>AllowedHosts</c> is ASP.NET Core's own setting.
    /// Throws <see cref="Core.Configuration.ConfigurationException"/> naming a bad key.
    /// </summary>
    public static WebApplicationBuilder AddLeafyBankSecurity(this WebApplicationBuilder builder)
    {
        // No token, code, state or id_token_hint in any log line, whatever the level.
        builder.Logging.AddSecretRedaction();

        var settings = builder.Services.AddValidatedSettings<HostingSecuritySettings, HostingSecuritySettingsValidator>(builder.Configuration, HostingSecuritySettings.Section);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            if (settings.TrustsForwardedHeaders)
            {
                options.KnownProxies.Clear();
                options.KnownIPNetworks.Clear();
                foreach (var proxy in settings.TrustedProxies)
                {
                    options.KnownProxies.Add(proxy);
                }
                foreach (var network in settings.TrustedNetworks)
                {
                    options.KnownIPNetworks.Add(network);
                }
            }
        });
        // A year, as browsers' preload lists expect; subdomains are the deployment's to decide.
        builder.Services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));
        builder.Services.AddLeafyBankRateLimits(settings);

        var keyRing = builder.Services.AddValidatedSettings<KeyRingSettings, KeyRingSettingsValidator>(builder.Configuration, KeyRingSettings.Section);
        if (keyRing.Certificate is { } certificate)
        {
            builder.Services.AddDataProtection()
                .ProtectKeysWithCertificate(certificate)
                .UnprotectKeysWithAnyCertificate(certificate);
        }
        return builder;
    }
}
