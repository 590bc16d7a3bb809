using System.Linq.Expressions;
using System.Reflection;
using MongoDB.Bson;

namespace LeafyBank.Core.Position;

/// <summary>
/// Compiles a query expression to run in process with the server's reading of a document: a field a
/// <see cref="BsonDocument"/> does not hold reads as BsonNull (on MongoDB: missing, equal to no value), where
/// the C# indexer would throw. Only <c>BsonDocument[name]</c> is rewritten; everything else compiles as written.
/// </summary>
internal sealed class MissingFieldsAsNull : ExpressionVisitor
{
    private static readonly MethodInfo GetValueOrNull = typeof(BsonDocument).GetMethod(nameof(BsonDocument.GetValue), [typeof(string), typeof(BsonValue)])!;

    public static Func<T, TResult> Compile<T, TResult>(Expression<Func<T, TResult>> expression) =>
        ((Expression<Func<T, TResult>>)new MissingFieldsAsNull().Visit(expression)).Compile();

    // The compiler names the indexer BsonValue declares (BsonDocument overrides it), so it is matched by name and receiver type.
    protected override Expression VisitMethodCall(MethodCallExpression node) =>
        node is { Method.Name: "get_Item", Object: { } document, Arguments: [{ Type: var key } name] }
        && key == typeof(string) && typeof(BsonDocument).IsAssignableFrom(document.Type)
            ? Expression.Call(Visit(document), GetValueOrNull, Visit(name), Expression.Constant(BsonNull.Value, typeof(BsonValue)))
            : base.VisitMethodCall(node);
}
