using LeafyBank.Core.Domain;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Options;
using MongoDB.Bson.Serialization.Serializers;

namespace LeafyBank.Core.Persistence;

/// <summary>
/// The one BSON mapping of the unified document model, used by both engines (MongoDB stores
/// the BSON, the embedded engine stores the same bytes in SQLite). Field names are the
/// property names, which the source document fixes; this class only states what the
/// conventions cannot: Decimal128 for money, UTC dates, which optional fields are omitted.
/// </summary>
public static class OpenFinanceBsonMapping
{
    private static readonly Lock Gate = new();
    private static bool registered;

    // Money is decimal in C# and Decimal128 in BSON (MongoDB's recommended monetary type).
    // Reading a double (as the reference demo wrote) is allowed to round to decimal.
    private static readonly DecimalSerializer Money =
        new(BsonType.Decimal128, new RepresentationConverter(allowOverflow: false, allowTruncation: true));

    private static readonly DateTimeSerializer UtcDate = new(DateTimeKind.Utc);

    public static void Register()
    {
        lock (Gate)
        {
            if (registered)
            {
                return;
            }

            Map<ExternalAccount>();
            Map<ExternalProduct>();
            Map<BankToken>();
            Map<LeafyUser>(cm => cm.UnmapProperty(u => u.DisplayName));
            Map<InternalAccount>();
            Map<Consent>();
            // Stored for search (accent- and case-insensitive on both engines); read-only, so skipped when read back.
            Map<ExternalTransaction>(cm => cm.MapProperty(t => t.SearchText));
            Map<AuditEvent>();
            Map<SyncState>();
            Map<FirstSyncRecord>();
            Map<AuthorizationRequest>();
            Map<DataProtectionKeyDocument>();
            Map<Position.DailyPosition>();
            Map<Customers.CustomerIdentity>();
            Map<Security.Sessions.CustomerSession>();
            Map<Security.Sessions.EndedSession>();
            Map<AccountDates>();
            Map<ProductDates>();
            Map<PartyReference>();
            Map<DataSource>();
            // A token that was never used has LastUseDate null, as in the reference demo.
            Map<TokenDates>(cm => cm.GetMemberMap(d => d.LastUseDate).SetIgnoreIfNull(false));
            registered = true;
        }
    }

    private static void Map<T>(Action<BsonClassMap<T>>? customize = null)
    {
        if (BsonClassMap.IsClassMapRegistered(typeof(T)))
        {
            return;
        }

        var classMap = new BsonClassMap<T>();
        classMap.AutoMap();
        // Newer or bank-specific fields in stored documents must not break reading older code.
        classMap.SetIgnoreExtraElements(true);

        var idMember = typeof(T).GetProperty("Id");
        if (idMember is not null)
        {
            classMap.MapIdMember(idMember);
        }

        foreach (var member in classMap.DeclaredMemberMaps)
        {
            var type = member.MemberType;
            if (type == typeof(decimal))
            {
                member.SetSerializer(Money);
            }
            else if (type == typeof(decimal?))
            {
                member.SetSerializer(new NullableSerializer<decimal>(Money));
            }
            else if (type == typeof(DateTime))
            {
                member.SetSerializer(UtcDate);
            }
            else if (type == typeof(DateTime?))
            {
                member.SetSerializer(new NullableSerializer<DateTime>(UtcDate));
            }

            // Optional fields are omitted rather than stored as null, keeping documents to the brief's shape.
            if (!type.IsValueType || Nullable.GetUnderlyingType(type) is not null)
            {
                member.SetIgnoreIfNull(true);
            }
        }

        customize?.Invoke(classMap);
        BsonClassMap.RegisterClassMap(classMap);
    }
}
