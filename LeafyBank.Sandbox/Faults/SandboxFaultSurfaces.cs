namespace LeafyBank.Sandbox.Faults;

/// <summary>Which of a bank's doors a fault applies to (configuration: <c>data</c>, <c>authorization</c> or <c>all</c>).</summary>
[Flags]
public enum SandboxFaultSurfaces
{
    /// <summary>The account-information APIs in the bank's dialect.</summary>
    Data = 1,

    /// <summary>Discovery, the authorize, token and revocation endpoints, the consent resource and the bank's customer pages.</summary>
    Authorization = 2,

    All = Data | Authorization,
}
