using CommsHub.Dcc.Smki;

namespace CommsHub.Cloud.Tests;

/// <summary>The two minted demo hubs the broker tests log in as (<c>using static</c>).</summary>
internal static class TestHubs
{
    public static readonly ulong HubA = DemoIdentities.Hubs[0];
    public static readonly ulong HubB = DemoIdentities.Hubs[1];
}
