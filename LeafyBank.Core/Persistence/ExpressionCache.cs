using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace LeafyBank.Core.Persistence;

/// <summary>
/// Compiles a filter expression once per expression instance. The shared rules are static
/// fields, so the embedded engine pays the compile cost once per process, not per query.
/// </summary>
internal static class ExpressionCache<TDocument>
{
    private static readonly ConditionalWeakTable<Expression<Func<TDocument, bool>>, Func<TDocument, bool>> Compiled = new();

    public static Func<TDocument, bool> Compile(Expression<Func<TDocument, bool>> expression) =>
        Compiled.GetValue(expression, static e => e.Compile());
}
