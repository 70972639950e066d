using System.Xml;
using CommsHub.Dcc.Duis;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Tests;

public class SchemaValidationTests
{
    public static IEnumerable<object[]> AllSamples() =>
        DuisData.Files("templates", "duis-parser-tests", "generated", "signed-responses");

    [SharedDataTheory]
    [MemberData(nameof(AllSamples))]
    public void Every_sample_loads_safely_and_validates(string file)
    {
        var doc = DuisData.Load(file);
        Assert.Empty(DuisData.Validator.Collect(doc));
    }

    [SharedDataFact]
    public void All_297_templates_are_present_and_validate()
    {
        var files = Directory.GetFiles(DuisData.PathOf("templates"));
        Assert.Equal(297, files.Length);
        var failures = files.Where(f => DuisData.Validator.Collect(SecureXml.Load(File.ReadAllBytes(f))).Count > 0).ToList();
        Assert.Empty(failures);
    }

    [SharedDataFact]
    public void Both_dotnet_limits_are_handled_by_own_rules_not_skipped()
    {
        // 10 xs:date and several xs:integer uses (incl. ds:X509SerialNumber) are redirected to checked types.
        Assert.True(DuisData.Validator.RelaxedUses >= 11, $"relaxed uses: {DuisData.Validator.RelaxedUses}");
    }

    [SharedDataTheory]
    [InlineData("65535-04-29Z", true)]   // DLMS "any year"
    [InlineData("2024-02-29", true)]     // leap year
    [InlineData("2023-02-29", false)]    // not a leap year
    [InlineData("65535-02-29Z", false)]  // 65535 is not a leap year either
    [InlineData("65535-04-31Z", false)]  // April has 30 days
    [InlineData("10000-01-01Z", false)]  // only 65535 is allowed above 9999
    [InlineData("0000-01-01", false)]    // no year zero
    [InlineData("2024-13-01", false)]
    [InlineData("2024-1-01", false)]
    [InlineData("not-a-date", false)]
    [InlineData("2024-01-01+15:00", false)]
    // Found by the duis-schema fuzz target: the pattern refuses these, and the day check after it must not throw
    // FormatException out of the validator on the non-digits the pattern let through to it.
    [InlineData("201:DSPSche5-01-02", false)]
    [InlineData("2024-0x-01", false)]
    [InlineData("2024-01-0x", false)]
    public void Dates_follow_xs_date_plus_year_65535(string value, bool valid)
    {
        var doc = DuisData.Load("templates/ECS08_2.1_IMMEDIATE_SUCCESS_REQUEST_DUIS.XML");
        SetFirst(doc, "StartDate", DuisNamespaces.ServiceUserGateway, value);
        var errors = DuisData.Validator.Collect(doc);
        Assert.True(valid == (errors.Count == 0), string.Join("; ", errors));
    }

    [SharedDataTheory]
    [InlineData("50669612984035780968362471400449834504", true)] // 128-bit, beyond decimal
    [InlineData("340282366920938463463374607431768211456000", true)] // any size
    [InlineData("+12", true)]
    [InlineData("-12", true)]
    [InlineData("12a", false)]
    [InlineData("1.5", false)]
    [InlineData("", false)]
    [InlineData("+", false)]
    public void Integers_follow_xs_integer_at_any_size(string value, bool valid)
    {
        var doc = DuisData.Load("signed-responses/readfw-response.xml");
        SetFirst(doc, "X509SerialNumber", DuisNamespaces.XmlDsig, value);
        var errors = DuisData.Validator.Collect(doc);
        Assert.True(valid == (errors.Count == 0), string.Join("; ", errors));
    }

    // The platform's own xs:anyURI verdicts (System.Uri underneath), which the checked URI type must keep. Each value is
    // validated twice: the second time an accepted value comes from the remembered set, and a refused one is refused again.
    [SharedDataTheory]
    [InlineData("http://www.w3.org/2001/10/xml-exc-c14n#", true)]
    [InlineData("urn:example:algorithm", true)]
    [InlineData("a#b#c", true)]
    [InlineData("  http://example.com/x  ", true)] // collapsed first, as anyURI's whitespace facet says
    [InlineData("", true)]
    [InlineData("http://[::1", false)]
    [InlineData("http://exa mple.com", false)]
    [InlineData("http://example.com:99999999/", false)]
    [InlineData("##", false)]
    public void Uris_get_the_platforms_xs_anyURI_verdict(string value, bool valid)
    {
        for (var pass = 0; pass < 2; pass++)
        {
            var doc = DuisData.Load("signed-responses/readfw-response.xml");
            var method = (XmlElement)doc.GetElementsByTagName("CanonicalizationMethod", DuisNamespaces.XmlDsig)[0]!;
            method.SetAttribute("Algorithm", value);
            var errors = DuisData.Validator.Collect(doc);
            Assert.True(valid == (errors.Count == 0), $"pass {pass}: " + string.Join("; ", errors));
            if (!valid) Assert.Contains("/CanonicalizationMethod/@Algorithm", Assert.Single(errors));
        }
    }

    [SharedDataFact]
    public void Uri_attributes_are_checked_by_the_checked_type()
    {
        // The four XMLDSig Algorithm attributes of a DUIS signature, and Reference/@URI, are typed by the checked URI type.
        var doc = DuisData.Load("signed-responses/readfw-response.xml");
        var types = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = DuisData.Validator.Schemas };
        using var reader = XmlReader.Create(new StringReader(doc.OuterXml), settings);
        while (reader.Read())
        {
            if (!reader.HasAttributes) continue;
            while (reader.MoveToNextAttribute())
            {
                if (reader.LocalName is "Algorithm" or "URI") types.Add(reader.SchemaInfo?.SchemaType?.Name ?? "(none)");
            }
        }
        Assert.Equal(5, types.Count);
        Assert.All(types, t => Assert.Equal("CommsHubCheckedAnyUri", t));
    }

    [SharedDataFact]
    public void Schema_invalid_document_gets_typed_error_naming_the_place()
    {
        var doc = DuisData.Load("templates/CCS01_8.11_SUCCESS_REQUEST_DUIS.XML");
        SetFirst(doc, "JoinTimePeriod", DuisNamespaces.ServiceUserGateway, "not-a-number");
        var ex = Assert.Throws<DuisRejectedException>(() => DuisData.Validator.Validate(doc));
        Assert.Equal(DuisRejectReason.SchemaInvalid, ex.Reason);
        Assert.Contains("JoinTimePeriod", ex.Message);
    }

    [SharedDataFact]
    public void Unknown_element_is_invalid()
    {
        var doc = DuisData.Load("templates/CCS01_8.11_SUCCESS_REQUEST_DUIS.XML");
        var header = doc.GetElementsByTagName("Header", DuisNamespaces.ServiceUserGateway)[0]!;
        header.AppendChild(doc.CreateElement("sr", "Smuggled", DuisNamespaces.ServiceUserGateway));
        var ex = Assert.Throws<DuisRejectedException>(() => DuisData.Validator.Validate(doc));
        Assert.Equal(DuisRejectReason.SchemaInvalid, ex.Reason);
    }

    [SharedDataFact]
    public void Undeclared_root_is_not_silently_valid()
    {
        var doc = SecureXml.LoadXml("<Other xmlns='urn:x'/>", new SecureXmlOptions { RootNamespace = "urn:x", RootNames = ["Other"] });
        Assert.NotEmpty(DuisData.Validator.Collect(doc));
    }

    [SharedDataFact]
    public void Validation_leaves_the_document_unchanged()
    {
        var doc = DuisData.Load("signed-responses/readfw-response.xml");
        var before = doc.OuterXml;
        DuisData.Validator.Validate(doc);
        Assert.Equal(before, doc.OuterXml);
    }

    [NoSchemaOverrideFact]
    public void Default_schema_folder_is_found_beside_the_checkout()
    {
        Assert.True(DuisSchemaLocator.HasSchemas(DuisSchemaLocator.ResolveDefault()));
    }

    [Fact]
    public void Missing_schema_folder_fails_with_a_clear_message()
    {
        var ex = Assert.Throws<DirectoryNotFoundException>(() => DuisSchemaValidator.Load("/nonexistent/duis"));
        Assert.Contains("DUIS Schema V5.4.xsd", ex.Message);
    }

    private static void SetFirst(XmlDocument doc, string localName, string ns, string value) =>
        doc.GetElementsByTagName(localName, ns)[0]!.InnerText = value;
}
