namespace CommsHub.NanoCheck.Tests;

/// <summary>
/// The nanocheck gate covers every portable file the board application (.nfproj) compiles: the .nfproj and its
/// shared project (.projitems) are read, and every compiled file must be compiled by a gate nanocheck.sh runs, except
/// the board bindings listed here, which need nanoFramework-only packages the gate cannot reference. Those must live
/// in the app's Board/ folder; any other file outside the gate fails the test.
/// </summary>
public sealed class GateCoverageTests
{
    private const string App = "firmware/CommsHub.Firmware.Nano/";
    private const string BoardFolder = App + "Board/";

    /// <summary>The only files the .nfproj compiles that the Linux gate cannot (each names the package it binds).</summary>
    public static readonly string[] BoardBindings =
    [
        BoardFolder + "FlashDriveFiles.cs",     // System.IO.FileSystem
        BoardFolder + "GpioBoardIo.cs",         // System.Device.Gpio
        BoardFolder + "M2MqttWanTransport.cs",  // nanoFramework.M2Mqtt, System.Net (X509)
        BoardFolder + "NanoAes128.cs",          // nanoFramework.System.Security.Cryptography
        BoardFolder + "Program.cs",             // all of them, Runtime.Native, Hardware.Esp32
        BoardFolder + "SerialNcpPort.cs",       // System.IO.Ports, System.Device.Gpio
        BoardFolder + "WanBringUp.cs",          // System.Device.Wifi, System.Net (nanoFramework.Networking)
    ];

    private static string Repo => ProbeBuild.RepoRoot.Replace('\\', '/').TrimEnd('/') + "/";
    private static string NfProj => Repo + App + "CommsHub.Firmware.Nano.nfproj";
    private static string Script => File.ReadAllText(Repo + "firmware/nanocheck/nanocheck.sh");
    private static string NanoCompat => Repo + "firmware/nanocheck/NanoCompat";

    /// <summary>Files compiled by <paramref name="nfproj"/> but by no gate, repo-relative.</summary>
    private static List<string> OutsideGate(string nfproj, string script)
    {
        var gated = NanoGate.GatedFiles(script, NanoCompat);
        return ProjectSources.Compiled(nfproj).Where(f => !gated.Contains(f))
            .Select(f => f.StartsWith(Repo, StringComparison.Ordinal) ? f[Repo.Length..] : f).ToList();
    }

    [Fact]
    public void Every_file_the_nfproj_compiles_is_gated_except_the_listed_board_bindings()
    {
        var outside = OutsideGate(NfProj, Script);
        Assert.Equal(BoardBindings.OrderBy(f => f, StringComparer.Ordinal), outside.OrderBy(f => f, StringComparer.Ordinal));
    }

    [Fact]
    public void The_board_bindings_are_all_in_the_Board_folder_and_exist()
    {
        foreach (var file in BoardBindings)
        {
            Assert.StartsWith(BoardFolder, file);
            Assert.True(File.Exists(Repo + file), file + " is listed but missing");
        }
    }

    [Fact]
    public void The_nfproj_compiles_the_portable_code_through_the_shared_project()
    {
        var compiled = ProjectSources.Compiled(NfProj).Select(f => f[Repo.Length..]).ToHashSet();
        // one file from each portable root, so a broken path in the .projitems cannot pass as "nothing to check"
        Assert.Contains("shared/CommsHub.Protocol/Encoding/Hex.cs", compiled);
        Assert.Contains("firmware/CommsHub.Firmware.Core/Engine/HubEngine.cs", compiled);
        Assert.Contains("firmware/CommsHub.Firmware.SelfTest/SelfTestRunner.cs", compiled);
        Assert.Contains("firmware/native/managed/CommsHub.Firmware.Crypto/NativeGbcsCrypto.cs", compiled);
        Assert.Contains(App + "App/HubApp.cs", compiled);
        Assert.Contains(App + "Board/Esp32DevKitCPins.cs", compiled);
        Assert.DoesNotContain("firmware/CommsHub.Firmware.SelfTest/Program.cs", compiled);
        Assert.True(compiled.Count > 150, $"only {compiled.Count} files: the .projitems paths look broken");
    }

    [Fact]
    public void A_portable_file_outside_the_gate_is_reported()
    {
        // A .nfproj that also compiles a host-only file (outside every gate) and a Board/ file that is not listed.
        using var temp = new TempDir();
        var extraBoard = Repo + BoardFolder + "Esp32S3Pins.cs"; // gated, so it must not be reported
        var nfproj = Path.Combine(temp.Path, "Probe.nfproj");
        File.WriteAllText(nfproj, $"""
            <Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
              <Import Project="{Repo}{App}Portable/CommsHub.Firmware.Portable.projitems" />
              <ItemGroup>
                <Compile Include="{Repo}firmware/CommsHub.Firmware.Host/Storage/HubFlash.cs" />
                <Compile Include="{extraBoard}" />
                <Compile Include="{Repo}{BoardFolder}Program.cs" />
              </ItemGroup>
            </Project>
            """);
        var outside = OutsideGate(nfproj, Script);
        Assert.Equal(["firmware/CommsHub.Firmware.Host/Storage/HubFlash.cs", BoardFolder + "Program.cs"], outside.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Dropping_a_gate_from_nanocheck_sh_exposes_its_files()
    {
        var script = string.Join('\n', Script.Split('\n').Where(l => !l.Contains("\"CommsHub.Firmware.Nano.App|", StringComparison.Ordinal)));
        var outside = OutsideGate(NfProj, script);
        Assert.Contains(App + "App/HubApp.cs", outside);
        Assert.Contains(BoardFolder + "Esp32DevKitCPins.cs", outside);
    }

    [Fact]
    public void The_gate_list_is_read_from_nanocheck_sh()
    {
        var projects = NanoGate.GatedProjects(Script);
        Assert.Contains("CommsHub.Protocol.Nano", projects);
        Assert.Contains("CommsHub.Firmware.Core.Nano", projects);
        Assert.Contains("CommsHub.Firmware.Nano.App.Nano", projects);
        foreach (var p in projects) Assert.True(File.Exists(Path.Combine(NanoCompat, p, p + ".csproj")), p);
    }

    private sealed class TempDir : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "commshub-gatecov-" + Guid.NewGuid().ToString("N")[..12]);

        public TempDir() => Directory.CreateDirectory(Path);

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
