using CommsHub.Dcc.Transforms;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Transform.Tests;

/// <summary>
/// 6.22 Configure Alert Behaviour on an ESME (ECS25a/a1/a2/a3/b/b3): the alert filter bit string (a 256-bit mask of the
/// codes set, then their 256 values, bit n of each half = code 0xXXnn) built from the body, against RTDS.
/// </summary>
public sealed class AlertBehaviourConformanceTests
{
    /// <summary>The filter's 64 bytes end 13 bytes before the end (null signature length, 12-byte MAC).</summary>
    private const int FilterEndFromEnd = 13, FilterBytes = 64;

    private static (byte[] Ours, byte[] Rtds, TransformResult Result) Run(string name)
    {
        var useCase = name.Split('_')[0];
        var rtds = RtdsCorpus.Bytes($"6.22_{useCase}/{name}_COMMAND_GBCS.HEX");
        var request = TransformData.LoadTemplate($"{name}_REQUEST_DUIS.XML");
        var context = TransformData.Context(request, TransformData.Parse(rtds).OriginatorCounter, useCase, name);
        var result = TransformData.Transformer().Transform(request, context);
        return (result.Command, rtds, result);
    }

    /// <summary>Code (the filter's low byte) -> enabled, for every code the filter's mask names.</summary>
    private static SortedDictionary<int, bool> Filter(byte[] command)
    {
        var bits = command.AsSpan(command.Length - FilterEndFromEnd - FilterBytes, FilterBytes);
        var settings = new SortedDictionary<int, bool>();
        for (var low = 0; low < 256; low++)
        {
            var index = 31 - low / 8;
            var bit = 1 << (low % 8);
            if ((bits[index] & bit) != 0) settings[low] = (bits[32 + index] & bit) != 0;
        }
        return settings;
    }

    [SharedDataTheory]
    [InlineData("ECS25a1_6.22_SUCCESS")]
    [InlineData("ECS25a2_6.22_SUCCESS")]
    [InlineData("ECS25a3_6.22_SUCCESS")]
    [InlineData("ECS25b3_6.22_SUCCESS")]
    public void Alert_behaviour_template_gives_the_RTDS_command_byte_for_byte(string name)
    {
        var (ours, rtds, result) = Run(name);
        Assert.Equal(Convert.ToHexString(rtds), Convert.ToHexString(ours));
        Assert.Equal(name.Split('_')[0], result.UseCase);
        Assert.Equal(CommandOrigin.User, result.Origin);
    }

    /// <summary>
    /// RTDS inconsistency, ECS25a: the template sets 0x810D on, 0x810E off and (polyphase) 0x81B7 on; RTDS's SUCCESS
    /// command sets 0x810D on, 0x810E off, 0x81C4 and 0x81C5 off, first differing at byte 77 (the mask byte of 0x81C0-C7).
    /// RTDS's ERROR command to the same ESME carries exactly the template's settings, which is the transform's filter.
    /// </summary>
    [SharedDataFact]
    public void Ecs25a_RTDS_success_filter_is_not_its_template_but_its_error_command_is()
    {
        var (ours, rtds, _) = Run("ECS25a_6.22_SUCCESS");
        Assert.Equal(77, ours.AsSpan().CommonPrefixLength(rtds));
        Assert.Equal(new SortedDictionary<int, bool> { [0x0D] = true, [0x0E] = false, [0xB7] = true }, Filter(ours));
        Assert.Equal(new SortedDictionary<int, bool> { [0x0D] = true, [0x0E] = false, [0xC4] = false, [0xC5] = false }, Filter(rtds));
        var error = RtdsCorpus.Bytes("6.22_ECS25a/ECS25a_6.22_ERROR_COMMAND_GBCS.HEX");
        Assert.Equal(Convert.ToHexString(error[^(FilterEndFromEnd + FilterBytes)..^FilterEndFromEnd]),
            Convert.ToHexString(ours[^(FilterEndFromEnd + FilterBytes)..^FilterEndFromEnd]));
    }

    /// <summary>
    /// RTDS inconsistency, ECS25b: the template sets 0x8014 on, 0x8015 off and (polyphase) 0x8003 on; RTDS's command
    /// leaves 0x8003 out, first differing at byte 101 (the mask byte of 0x8000-07). Everything else is the same. Leaving
    /// polyphase codes out for a single-phase ESME is no rule RTDS keeps: its ECS25a and ECS25b ERROR commands to the same
    /// ESME set the polyphase codes 0x81B7 and 0x8003.
    /// </summary>
    [SharedDataFact]
    public void Ecs25b_RTDS_filter_leaves_out_the_templates_polyphase_alert()
    {
        var (ours, rtds, _) = Run("ECS25b_6.22_SUCCESS");
        Assert.Equal(101, ours.AsSpan().CommonPrefixLength(rtds));
        Assert.Equal(new SortedDictionary<int, bool> { [0x03] = true, [0x14] = true, [0x15] = false }, Filter(ours));
        Assert.Equal(new SortedDictionary<int, bool> { [0x14] = true, [0x15] = false }, Filter(rtds));
        // Only the filter (and the MAC over it) differs.
        var headerEnd = ours.Length - FilterEndFromEnd - FilterBytes;
        Assert.True(ours.AsSpan(0, headerEnd).SequenceEqual(rtds.AsSpan(0, headerEnd)));
        foreach (var (useCase, polyphaseCode) in new[] { ("ECS25a", 0xB7), ("ECS25b", 0x03) })
        {
            var error = RtdsCorpus.Bytes($"6.22_{useCase}/{useCase}_6.22_ERROR_COMMAND_GBCS.HEX");
            Assert.Equal(TransformData.Parse(rtds).Target, TransformData.Parse(error).Target);
            Assert.True(Filter(error).ContainsKey(polyphaseCode), $"{useCase} ERROR sets 0x{polyphaseCode:X2}");
        }
    }

    /// <summary>A code outside the filter's range, a repeated code or a value other than Enable/Disable is an invalid body.</summary>
    [SharedDataTheory]
    [InlineData("x8014", "Enable", false, "not an alert code of this filter")]
    [InlineData("x8119", "Enable", true, "appears twice")]
    [InlineData("x810D", "On", false, "'On' is not Enable or Disable")]
    [InlineData("y810D", "Enable", false, "not an event or alert code element")]
    public void Bad_alert_settings_are_invalid_bodies(string name, string value, bool added, string message)
    {
        var request = TransformData.LoadTemplate("ECS25a1_6.22_SUCCESS_REQUEST_DUIS.XML");
        // The template's first setting (sr:x810D) is replaced by, or followed by, sr:{name}.
        var e = (System.Xml.XmlElement)request.BodyElement.GetElementsByTagName("x810D", Dcc.Duis.DuisNamespaces.ServiceUserGateway)[0]!;
        var replacement = e.OwnerDocument.CreateElement(e.Prefix, name, e.NamespaceURI);
        replacement.InnerText = value;
        if (added) e.ParentNode!.InsertAfter(replacement, e);
        else e.ParentNode!.ReplaceChild(replacement, e);
        var ex = Assert.Throws<DuisTransformException>(() => TransformData.Transformer().Transform(request, TransformData.Context(request, 1)));
        Assert.Equal(TransformError.InvalidBody, ex.Error);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    /// <summary>The supplier's filters are not the network operator's to set, nor the other way round.</summary>
    [SharedDataTheory]
    [InlineData("ECS25a_6.22_SUCCESS", Access.UserRole.ElectricityDistributor, "supplier's alert filter")]
    [InlineData("ECS25b3_6.22_SUCCESS", Access.UserRole.ImportSupplier, "network operator's alert filter")]
    public void A_filter_of_the_other_role_is_refused(string name, Access.UserRole role, string message)
    {
        var request = TransformData.LoadTemplate($"{name}_REQUEST_DUIS.XML");
        var context = TransformData.Context(request, 1) with { UserRole = role };
        var ex = Assert.Throws<DuisTransformException>(() => TransformData.Transformer().Transform(request, context));
        Assert.Equal(TransformError.UnsupportedRequest, ex.Error);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    /// <summary>6.22 is eligible for the supplier and the network operator, non-critical, as the RTDS templates send it.</summary>
    [SharedDataFact]
    public void Alert_behaviour_is_eligible_for_supplier_and_network_operator()
    {
        Assert.True(Access.EligibilityCheck.IsEligible(Access.UserRole.ImportSupplier, "6.22"));
        Assert.True(Access.EligibilityCheck.IsEligible(Access.UserRole.ElectricityDistributor, "6.22"));
        Assert.False(Access.SrvCatalogue.Find("6.22")!.Critical);
    }
}
