using System.Globalization;

namespace LeafyBank.Core.Interop;

/// <summary>An inclusive range a number must fall in.</summary>
public readonly record struct NumberRange(decimal Minimum, decimal Maximum)
{
    public bool Contains(decimal value) => value >= Minimum && value <= Maximum;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Minimum:#,##0.##} to {Maximum:#,##0.##}");
}
