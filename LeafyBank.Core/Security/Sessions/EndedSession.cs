using MongoDB.Bson;

namespace LeafyBank.Core.Security.Sessions;

/// <summary>
/// Why a session ended, kept where the browser holding its cookie would otherwise land signed out with no reason (collection
/// <c>ended_sessions</c>): "Sign out everywhere", used in another browser or on another device. Keyed as the session was, by
/// its owner and the hash of its secret, so it is only ever told to a browser that holds that session's cookie; it keeps no
/// name, no claims and nothing of the sign-in. Forgotten when the session would have ended anyway (<see cref="ExpiresAt"/>),
/// as its cookie is by then.
/// </summary>
public sealed class EndedSession
{
    /// <summary>
    /// The <see cref="SecretHash"/> of the one record per owner that ends the data API tokens issued up to
    /// <see cref="EndedAt"/>: a tool holding one is signed in as the customer just as a browser is. No session's
    /// hash can equal it (those are 64 hexadecimal digits), so it is never told to a browser as its own session's end.
    /// </summary>
    public const string EveryDataApiToken = "every-data-api-token";

    public ObjectId Id { get; set; }

    /// <summary>The owner of the session that ended (<see cref="CustomerSession.SessionOwner"/>).</summary>
    public ObjectId SessionOwner { get; set; }

    /// <summary>The ended session's <see cref="CustomerSession.SecretHash"/>.</summary>
    public string SecretHash { get; set; } = "";

    /// <summary>Why it ended (<see cref="EndedSessionReasons"/>).</summary>
    public string Reason { get; set; } = EndedSessionReasons.SignedOutEverywhere;

    public DateTime EndedAt { get; set; }

    /// <summary>When the session would have ended by its absolute lifetime: this record goes then.</summary>
    public DateTime ExpiresAt { get; set; }
}

public static class EndedSessionReasons
{
    /// <summary>Its owner used "Sign out everywhere" (in any browser, this one included).</summary>
    public const string SignedOutEverywhere = "signedOutEverywhere";
}
