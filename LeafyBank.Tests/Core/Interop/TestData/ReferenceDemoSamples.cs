namespace LeafyBank.Tests.Core.Interop.TestData;

/// <summary>
/// The reference demo's sample exports (mongodb-industry-solutions/leafy-bank-backend-openfinance
/// @ 9ec8874, backend/data/sample/open_finance.*.json) in their own format: pretty-printed
/// relaxed Extended JSON arrays, as Compass exports them. Kept as C# text rather than files so
/// the tests need no copy-to-output step.
/// <para>
/// Provenance: the documents with _id 678a48b4…06dc, 678a48c4…06e0, 678a49f5…06f1 (accounts),
/// 678a5899…97c2, 678a58bc…97ca, 678a5a16…97dc (products) and both tokens are verbatim. The
/// other accounts and products are rebuilt from the reference's tables (user, number, bank,
/// type, amount, rate, term, property value, _id all as published, narratives by the
/// reference's exact templates); their OpeningDate was not recorded and is the placeholder
/// 2023-01-01T00:00:00.000Z. The reference's tokens file has 12 entries; only these two were recorded.
/// </para>
/// </summary>
internal static class ReferenceDemoSamples
{
    public const string FridaPlainBearerToken = "f4f4184e9669f8a4008243ee00a04482349d462c69ad1d2b4ac0814923eddab0";
    public const string ApiUserPlainBearerToken = "82e92924ccf81699f88ae3be1788551f3d187c89447fd878ed3160a7c2593542";

    public const string AccountsFileName = "open_finance.external_accounts.json";
    public const string ProductsFileName = "open_finance.external_products.json";
    public const string TokensFileName = "open_finance.tokens.json";

    public const string ExternalAccounts = """
        [{
          "_id": {
            "$oid": "678a48b4a9711d00a3aa06dc"
          },
          "AccountNumber": "204515807",
          "AccountBank": "Green Bank",
          "AccountStatus": "Active",
          "AccountIdentificationType": "AccountNumber",
          "AccountDate": {
            "OpeningDate": {
              "$date": "2024-03-17T02:01:24.699Z"
            }
          },
          "AccountType": "Savings",
          "AccountBalance": 7825,
          "AccountCurrency": "USD",
          "AccountUser": {
            "UserName": "fridaklo",
            "UserId": {
              "$oid": "65a546ae4a8f64e8f88fb89e"
            }
          },
          "GreenAccountNarrative": "Savings account focusing on sustainable banking at Green Bank"
        },
        {
          "_id": {
            "$oid": "678a48b9a9711d00a3aa06de"
          },
          "AccountNumber": "324968983",
          "AccountBank": "Green Bank",
          "AccountStatus": "Active",
          "AccountIdentificationType": "AccountNumber",
          "AccountDate": {
            "OpeningDate": {
              "$date": "2023-01-01T00:00:00.000Z"
            }
          },
          "AccountType": "Savings",
          "AccountBalance": 8851,
          "AccountCurrency": "USD",
          "AccountUser": {
            "UserName": "fridaklo",
            "UserId": {
              "$oid": "65a546ae4a8f64e8f88fb89e"
            }
          },
          "GreenAccountNarrative": "Savings account focusing on sustainable banking at Green Bank"
        },
        {
          "_id": {
            "$oid": "678a48c4a9711d00a3aa06e0"
          },
          "AccountNumber": "255510953",
          "AccountBank": "MongoDB Bank",
          "AccountStatus": "Active",
          "AccountIdentificationType": "AccountNumber",
          "AccountDate": {
            "OpeningDate": {
              "$date": "2021-11-09T19:21:53.024Z"
            }
          },
          "AccountType": "Checking",
          "AccountBalance": 8496,
          "AccountCurrency": "USD",
          "AccountUser": {
            "UserName": "fridaklo",
            "UserId": {
              "$oid": "65a546ae4a8f64e8f88fb89e"
            }
          },
          "MDBAccountNarrative": "Checking account powered by MongoDB at MongoDB Bank"
        },
        {
          "_id": {
            "$oid": "678a4932a9711d00a3aa06e3"
          },
          "AccountNumber": "655601060",
          "AccountBank": "MongoDB Bank",
          "AccountStatus": "Active",
          "AccountIdentificationType": "AccountNumber",
          "AccountDate": {
            "OpeningDate": {
              "$date": "2023-01-01T00:00:00.000Z"
            }
          },
          "AccountType": "Checking",
          "AccountBalance": 8381,
          "AccountCurrency": "USD",
          "AccountUser": {
            "UserName": "gracehop",
            "UserId": {
              "$oid": "66fe219d625d93a100528224"
            }
          },
          "MDBAccountNarrative": "Checking account powered by MongoDB at MongoDB Bank"
        },
        {
          "_id": {
            "$oid": "678a4937a9711d00a3aa06e5"
          },
          "AccountNumber": "619470808",
          "AccountBank": "MongoDB Bank",
          "AccountStatus": "Active",
          "AccountIdentificationType": "AccountNumber",
          "AccountDate": {
            "OpeningDate": {
              "$date": "2023-01-01T00:00:00.000Z"
            }
          },
          "AccountType": "Checking",
          "AccountBalance": 8757,
          "AccountCurrency": "USD",
          "AccountUser": {
            "UserName": "gracehop",
            "UserId": {
              "$oid": "66fe219d625d93a100528224"
            }
          },
          "MDBAccountNarrative": "Checking account powered by MongoDB at MongoDB Bank"
        },
        {
          "_id": {
            "$oid": "678a493ea9711d00a3aa06e7"
          },
          "AccountNumber": "270322501",
          "AccountBank": "Green Bank",
          "AccountStatus": "Active",
          "AccountIdentificationType": "AccountNumber",
          "AccountDate": {
            "OpeningDate": {
              "$date": "2023-01-01T00:00:00.000Z"
            }
          },
          "AccountType": "Savings",
          "AccountBalance": 8636,
          "AccountCurrency": "USD",
          "AccountUser": {
            "UserName": "gracehop",
            "UserId": {
              "$oid": "66fe219d625d93a100528224"
            }
          },
          "GreenAccountNarrative": "Savings account focusing on sustainable banking at Green Bank"
        },
        {
          "_id": {
            "$oid": "678a49c5a9711d00a3aa06e9"
          },
          "AccountNumber": "655534726",
          "AccountBank": "Green Bank",
          "AccountStatus": "Active",
          "AccountIdentificationType": "AccountNumber",
          "AccountDate": {
            "OpeningDate": {
              "$date": "2023-01-01T00:00:00.000Z"
            }
          },
          "AccountType": "Checking",
          "AccountBalance": 4366,
          "AccountCurrency": "USD",
          "AccountUser": {
            "UserName": "adalove",
            "UserId": {
              "$oid": "671ff0081ec726b417352702"
            }
          },
          "GreenAccountNarrative": "Checking account focusing on sustainable banking at Green Bank"
        },
        {
          "_id": {
            "$oid": "678a49c9a9711d00a3aa06eb"
          },
          "AccountNumber": "714841699",
          "AccountBank": "Green Bank",
          "AccountStatus": "Active",
          "AccountIdentificationType": "AccountNumber",
          "AccountDate": {
            "OpeningDate": {
              "$date": "2023-01-01T00:00:00.000Z"
            }
          },
          "AccountType": "Checking",
          "AccountBalance": 5122,
          "AccountCurrency": "USD",
          "AccountUser": {
            "UserName": "adalove",
            "UserId": {
              "$oid": "671ff0081ec726b417352702"
            }
          },
          "GreenAccountNarrative": "Checking account focusing on sustainable banking at Green Bank"
        },
        {
          "_id": {
            "$oid": "678a49d2a9711d00a3aa06ed"
          },
          "AccountNumber": "690845790",
          "AccountBank": "MongoDB Bank",
          "AccountStatus": "Active",
          "AccountIdentificationType": "AccountNumber",
          "AccountDate": {
            "OpeningDate": {
              "$date": "2023-01-01T00:00:00.000Z"
            }
          },
          "AccountType": "Checking",
          "AccountBalance": 7369,
          "AccountCurrency": "USD",
          "AccountUser": {
            "UserName": "adalove",
            "UserId": {
              "$oid": "671ff0081ec726b417352702"
            }
          },
          "MDBAccountNarrative": "Checking account powered by MongoDB at MongoDB Bank"
        },
        {
          "_id": {
            "$oid": "678a49f2a9711d00a3aa06ef"
          },
          "AccountNumber": "808502043",
          "AccountBank": "MongoDB Bank",
          "AccountStatus": "Active",
          "AccountIdentificationType": "AccountNumber",
          "AccountDate": {
            "OpeningDate": {
              "$date": "2023-01-01T00:00:00.000Z"
            }
          },
          "AccountType": "Checking",
          "AccountBalance": 4368,
          "AccountCurrency": "USD",
          "AccountUser": {
            "UserName": "claumon",
            "UserId": {
              "$oid": "671ff2451ec726b417352703"
            }
          },
          "MDBAccountNarrative": "Checking account powered by MongoDB at MongoDB Bank"
        },
        {
          "_id": {
            "$oid": "678a49f5a9711d00a3aa06f1"
          },
          "AccountNumber": "355949561",
          "AccountBank": "MongoDB Bank",
          "AccountStatus": "Active",
          "AccountIdentificationType": "AccountNumber",
          "AccountDate": {
            "OpeningDate": {
              "$date": "2023-04-13T00:29:04.715Z"
            }
          },
          "AccountType": "Savings",
          "AccountBalance": 8544,
          "AccountCurrency": "USD",
          "AccountUser": {
            "UserName": "claumon",
            "UserId": {
              "$oid": "671ff2451ec726b417352703"
            }
          },
          "MDBAccountNarrative": "Savings account powered by MongoDB at MongoDB Bank"
        },
        {
          "_id": {
            "$oid": "678a4a05a9711d00a3aa06f3"
          },
          "AccountNumber": "718237578",
          "AccountBank": "Green Bank",
          "AccountStatus": "Active",
          "AccountIdentificationType": "AccountNumber",
          "AccountDate": {
            "OpeningDate": {
              "$date": "2023-01-01T00:00:00.000Z"
            }
          },
          "AccountType": "Checking",
          "AccountBalance": 2673,
          "AccountCurrency": "USD",
          "AccountUser": {
            "UserName": "claumon",
            "UserId": {
              "$oid": "671ff2451ec726b417352703"
            }
          },
          "GreenAccountNarrative": "Checking account focusing on sustainable banking at Green Bank"
        }]
        """;

    public const string ExternalProducts = """
        [{
          "_id": {
            "$oid": "678a5899fd053f026e6b97c2"
          },
          "ProductId": "1784",
          "ProductBank": "Green Bank",
          "ProductStatus": "Active",
          "ProductType": "Loan",
          "ProductAmount": 10700,
          "ProductCurrency": "USD",
          "ProductInterestRate": 3.75,
          "ProductDate": {
            "OpeningDate": {
              "$date": "2024-06-03T11:46:52.350Z"
            }
          },
          "ProductCustomer": {
            "UserName": "fridaklo",
            "UserId": {
              "$oid": "65a546ae4a8f64e8f88fb89e"
            }
          },
          "GreenProductNarrative": "Loan tailored for sustainability at Green Bank",
          "RepaymentPeriod": 12,
          "LoanCollateral": "None"
        },
        {
          "_id": {
            "$oid": "678a58bcfd053f026e6b97ca"
          },
          "ProductId": "3463",
          "ProductBank": "MongoDB Bank",
          "ProductStatus": "Active",
          "ProductType": "Mortgage",
          "ProductAmount": 43500,
          "ProductCurrency": "USD",
          "ProductInterestRate": 2.62,
          "ProductDate": {
            "OpeningDate": {
              "$date": "2020-10-23T23:37:57.531Z"
            }
          },
          "ProductCustomer": {
            "UserName": "fridaklo",
            "UserId": {
              "$oid": "65a546ae4a8f64e8f88fb89e"
            }
          },
          "MDBProductNarrative": "Mortgage product offered by MongoDB Bank with MongoDB's excellence",
          "AmortizationPeriod": 20,
          "PropertyDetails": {
            "Address": "123 Main St",
            "PropertyValue": 91719
          }
        },
        {
          "_id": {
            "$oid": "678a5951fd053f026e6b97d2"
          },
          "ProductId": "9847",
          "ProductBank": "MongoDB Bank",
          "ProductStatus": "Active",
          "ProductType": "Mortgage",
          "ProductAmount": 35000,
          "ProductCurrency": "USD",
          "ProductInterestRate": 4.45,
          "ProductDate": {
            "OpeningDate": {
              "$date": "2023-01-01T00:00:00.000Z"
            }
          },
          "ProductCustomer": {
            "UserName": "gracehop",
            "UserId": {
              "$oid": "66fe219d625d93a100528224"
            }
          },
          "MDBProductNarrative": "Mortgage product offered by MongoDB Bank with MongoDB's excellence",
          "AmortizationPeriod": 25,
          "PropertyDetails": {
            "Address": "123 Main St",
            "PropertyValue": 55244
          }
        },
        {
          "_id": {
            "$oid": "678a595efd053f026e6b97d8"
          },
          "ProductId": "4621",
          "ProductBank": "Green Bank",
          "ProductStatus": "Active",
          "ProductType": "Loan",
          "ProductAmount": 20000,
          "ProductCurrency": "USD",
          "ProductInterestRate": 3.67,
          "ProductDate": {
            "OpeningDate": {
              "$date": "2023-01-01T00:00:00.000Z"
            }
          },
          "ProductCustomer": {
            "UserName": "gracehop",
            "UserId": {
              "$oid": "66fe219d625d93a100528224"
            }
          },
          "GreenProductNarrative": "Loan tailored for sustainability at Green Bank",
          "RepaymentPeriod": 24,
          "LoanCollateral": "None"
        },
        {
          "_id": {
            "$oid": "678a5a16fd053f026e6b97dc"
          },
          "ProductId": "3359",
          "ProductBank": "Green Bank",
          "ProductStatus": "Active",
          "ProductType": "Mortgage",
          "ProductAmount": 14500,
          "ProductCurrency": "USD",
          "ProductInterestRate": 3.78,
          "ProductDate": {
            "OpeningDate": {
              "$date": "2022-06-22T23:58:22.809Z"
            }
          },
          "ProductCustomer": {
            "UserName": "adalove",
            "UserId": {
              "$oid": "671ff0081ec726b417352702"
            }
          },
          "GreenProductNarrative": "Mortgage tailored for sustainability at Green Bank",
          "AmortizationPeriod": 30,
          "PropertyDetails": {
            "Address": "123 Main St",
            "PropertyValue": 74171
          }
        },
        {
          "_id": {
            "$oid": "678a5a24fd053f026e6b97e4"
          },
          "ProductId": "6537",
          "ProductBank": "MongoDB Bank",
          "ProductStatus": "Active",
          "ProductType": "Mortgage",
          "ProductAmount": 43600,
          "ProductCurrency": "USD",
          "ProductInterestRate": 3.31,
          "ProductDate": {
            "OpeningDate": {
              "$date": "2023-01-01T00:00:00.000Z"
            }
          },
          "ProductCustomer": {
            "UserName": "adalove",
            "UserId": {
              "$oid": "671ff0081ec726b417352702"
            }
          },
          "MDBProductNarrative": "Mortgage product offered by MongoDB Bank with MongoDB's excellence",
          "AmortizationPeriod": 25,
          "PropertyDetails": {
            "Address": "123 Main St",
            "PropertyValue": 83607
          }
        },
        {
          "_id": {
            "$oid": "678a5abbfd053f026e6b97ec"
          },
          "ProductId": "2904",
          "ProductBank": "MongoDB Bank",
          "ProductStatus": "Active",
          "ProductType": "Loan",
          "ProductAmount": 10000,
          "ProductCurrency": "USD",
          "ProductInterestRate": 4.63,
          "ProductDate": {
            "OpeningDate": {
              "$date": "2023-01-01T00:00:00.000Z"
            }
          },
          "ProductCustomer": {
            "UserName": "claumon",
            "UserId": {
              "$oid": "671ff2451ec726b417352703"
            }
          },
          "MDBProductNarrative": "Loan product offered by MongoDB Bank with MongoDB's excellence",
          "RepaymentPeriod": 36,
          "LoanCollateral": "None"
        },
        {
          "_id": {
            "$oid": "678a5ac6fd053f026e6b97f2"
          },
          "ProductId": "9219",
          "ProductBank": "Green Bank",
          "ProductStatus": "Active",
          "ProductType": "Mortgage",
          "ProductAmount": 44500,
          "ProductCurrency": "USD",
          "ProductInterestRate": 2.89,
          "ProductDate": {
            "OpeningDate": {
              "$date": "2023-01-01T00:00:00.000Z"
            }
          },
          "ProductCustomer": {
            "UserName": "claumon",
            "UserId": {
              "$oid": "671ff2451ec726b417352703"
            }
          },
          "GreenProductNarrative": "Mortgage tailored for sustainability at Green Bank",
          "AmortizationPeriod": 25,
          "PropertyDetails": {
            "Address": "123 Main St",
            "PropertyValue": 96016
          }
        },
        {
          "_id": {
            "$oid": "678bc3198ac4eb10e59bb3ae"
          },
          "ProductId": "3774",
          "ProductBank": "Green Bank",
          "ProductStatus": "Active",
          "ProductType": "Mortgage",
          "ProductAmount": 38485,
          "ProductCurrency": "USD",
          "ProductInterestRate": 3.72,
          "ProductDate": {
            "OpeningDate": {
              "$date": "2023-01-01T00:00:00.000Z"
            }
          },
          "ProductCustomer": {
            "UserName": "claumon",
            "UserId": {
              "$oid": "671ff2451ec726b417352703"
            }
          },
          "GreenProductNarrative": "Mortgage tailored for sustainability at Green Bank",
          "AmortizationPeriod": 25,
          "PropertyDetails": {
            "Address": "123 Main St",
            "PropertyValue": 81527
          }
        }]
        """;

    public const string Tokens = """
        [{
          "_id": {
            "$oid": "65a546ae4a8f64e8f88fb89e"
          },
          "UserName": "fridaklo",
          "BearerToken": "f4f4184e9669f8a4008243ee00a04482349d462c69ad1d2b4ac0814923eddab0",
          "TokenDates": {
            "CreationDate": {
              "$date": "2025-01-08T11:31:59.581Z"
            },
            "LastUseDate": {
              "$date": "2025-01-22T08:28:34.937Z"
            }
          }
        },
        {
          "_id": {
            "$oid": "6784f454f20bc260cdd5339a"
          },
          "UserName": "api_user_cc8580a5",
          "BearerToken": "82e92924ccf81699f88ae3be1788551f3d187c89447fd878ed3160a7c2593542",
          "TokenDates": {
            "CreationDate": {
              "$date": "2025-01-13T11:09:08.368Z"
            },
            "LastUseDate": null
          }
        }]
        """;
}
