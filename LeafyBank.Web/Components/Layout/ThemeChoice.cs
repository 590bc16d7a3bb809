namespace LeafyBank.Web.Components.Layout;

/// <summary>
/// Light or dark, as kept in the <see cref="CookieName"/> cookie so the prerendered page already has
/// the right colours (no flash, and the same in every tab). "dark" and "light" are the customer's
/// explicit choice; "system-dark" and "system-light" mean "follow the system", which last showed
/// dark or light. No cookie: follow the system, light until the browser says otherwise.
/// </summary>
public sealed record ThemeChoice(bool FollowsSystem, bool IsDark)
{
    public const string CookieName = "leafybank-theme";

    public static readonly ThemeChoice Default = new(FollowsSystem: true, IsDark: false);

    public static ThemeChoice System(bool systemIsDark) => new(FollowsSystem: true, systemIsDark);

    public static ThemeChoice Chosen(bool dark) => new(FollowsSystem: false, dark);

    /// <summary>Anything unexpected in the cookie (an old or edited value) means the default.</summary>
    public static ThemeChoice Parse(string? cookieValue) => cookieValue switch
    {
        "dark" => Chosen(dark: true),
        "light" => Chosen(dark: false),
        "system-dark" => System(systemIsDark: true),
        "system-light" => System(systemIsDark: false),
        _ => Default,
    };

    public string CookieValue => (FollowsSystem ? "system-" : "") + (IsDark ? "dark" : "light");

    /// <summary>
    /// The choice after the toggle: the opposite of what is shown. Choosing what the system shows
    /// means following the system again (so the toggle needs only two states, not a menu of three).
    /// </summary>
    public ThemeChoice Toggled(bool systemIsDark) => !IsDark == systemIsDark ? System(systemIsDark) : Chosen(!IsDark);
}
