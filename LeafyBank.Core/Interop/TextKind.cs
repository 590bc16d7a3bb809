namespace LeafyBank.Core.Interop;

/// <summary>What a text field holds, which sets its maximum length and the characters it may contain.</summary>
internal enum TextKind
{
    /// <summary>Ids, user names, bank names, statuses, types, currencies: one line, no control characters.</summary>
    Name,

    /// <summary>Narratives, collateral, addresses: free text that may break lines (tab, CR, LF) but holds no other control character.</summary>
    Narrative,

    /// <summary>Bank tokens: long, one line, no control characters.</summary>
    Token,
}
