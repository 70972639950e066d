using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using System.Xml;
using CommsHub.Cli.Readings;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Smki;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Net.Crypto;

namespace CommsHub.Cli.Commands;

/// <summary>
/// <c>commshub read-meter [--meter EUI] [--user EUI] [--data-dir DIR] [--url URL] [--mqtt-host H] [--mqtt-port N] [--wait S]</c>:
/// reads a meter's import registers through a running adapter the way a supplier does. It builds a DUIS 4.1.1 request
/// (the adapter sends ECS17b to an ESME, GCS13a to a GSME), signs it with the user's XML-sign key from the adapter's
/// minted SMKI, POSTs it to <c>/api/v1/serviceS</c> (I99), waits on <c>dcc/users/{EUI}/responses</c> for the I0, checks
/// the DSP signature, decrypts the GBCS payload with the user's KA key and prints the registers
/// (<see cref="MeterReading"/>). An answer it cannot decode is one line on stderr and exit 2. Defaults fit
/// <c>dotnet run --project cloud/CommsHub.Cloud -- --demo</c> started from the same folder.
/// </summary>
internal static class ReadMeterCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var meter = new Option<string>("--meter") { Description = "Meter to read (EUI-64): an ESME or a GSME", DefaultValueFactory = _ => "02C04B10000001A0" };
        var user = new Option<string>("--user") { Description = "Reading user (a supplier)", DefaultValueFactory = _ => Eui64.ToText(DemoIdentities.Supplier) };
        var dataDir = new Option<DirectoryInfo>("--data-dir") { Description = "The adapter's data directory (minted SMKI, MQTT credentials)", DefaultValueFactory = _ => new DirectoryInfo(".data") };
        var url = new Option<string>("--url") { Description = "The adapter's HTTP address", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var mqttHost = new Option<string>("--mqtt-host") { Description = "The adapter's MQTT broker host", DefaultValueFactory = _ => "127.0.0.1" };
        var mqttPort = new Option<int>("--mqtt-port") { Description = "The adapter's MQTT broker port", DefaultValueFactory = _ => 1883 };
        var wait = new Option<int>("--wait") { Description = "Seconds to wait for the meter's answer", DefaultValueFactory = _ => 30 };
        var command = new Command("read-meter", "Read a meter's import registers through the adapter (DUIS 4.1.1: ECS17b on an ESME, GCS13a on a GSME)")
            { meter, user, dataDir, url, mqttHost, mqttPort, wait };
        command.SetAction(async (parse, ct) =>
        {
            ulong meterEui = Eui64.Parse(parse.GetValue(meter)!), userEui = Eui64.Parse(parse.GetValue(user)!);
            var smki = new SmkiFolder(Path.Combine(parse.GetValue(dataDir)!.FullName, "smki"));
            var stem = smki.XmlSignStem(userEui, dsp: false);
            if (!SmkiFolder.Exists(stem))
            {
                stderr.WriteLine($"commshub: no XML-sign key for {Eui64.ToText(userEui)} in {smki.XmlSignFolder} (is --data-dir the adapter's?)");
                return 1;
            }
            using var signer = DuisSigner.Load(stem + ".key", stem + ".pem");
            var password = DuisClient.PasswordFrom(Path.Combine(parse.GetValue(dataDir)!.FullName, "mqtt", "credentials.json"), userEui);
            if (password is null)
            {
                stderr.WriteLine($"commshub: no broker password for {Eui64.ToText(userEui)} in the adapter's mqtt/credentials.json");
                return 1;
            }
            await using var client = await DuisClient.ConnectAsync(new Uri(parse.GetValue(url)!), userEui, parse.GetValue(mqttHost)!, parse.GetValue(mqttPort),
                password, DspDirectory(smki), ct);

            var id = new RequestId(userEui, meterEui, Requests.RequestCounter.Next());
            var accepted = await client.PostAsync(Request(signer, id), "/api/v1/serviceS", ct);
            var code = accepted.Field("ResponseCode");
            stdout.WriteLine($"commshub: 4.1.1 read of {Eui64.ToText(meterEui)} as {Eui64.ToText(userEui)}: {code} (request {id})");
            if (code != "I99") return 2;

            var answer = await client.WaitForResponseAsync(id.ToString(), TimeSpan.FromSeconds(parse.GetValue(wait)), ct);
            if (answer is null)
            {
                stderr.WriteLine($"commshub: no answer within {parse.GetValue(wait)} s");
                return 2;
            }
            code = answer.Field("ResponseCode");
            if (code != "I0" || answer.Field("GBCSPayload") is not { } payload)
            {
                stdout.WriteLine($"commshub: {code} from {Eui64.ToText(meterEui)} (no GBCS payload)");
                return 2;
            }
            string registers;
            try
            {
                registers = MeterReading.Describe(Convert.FromBase64String(payload), new DirectoryKeyStore(smki.KeysFolder));
            }
            catch (ReadingException e)
            {
                stderr.WriteLine($"commshub: cannot decode the {code} from {Eui64.ToText(meterEui)}: {e.Message}");
                return 2;
            }
            stdout.WriteLine($"commshub: {code} from {Eui64.ToText(meterEui)}: {registers}");
            return 0;
        });
        return command;
    }

    /// <summary>The DSP's XML-sign certificates of the adapter's minted SMKI (what its answers are checked against).</summary>
    internal static DuisSignerDirectory DspDirectory(SmkiFolder smki)
    {
        var dsp = new DuisSignerDirectory();
        foreach (var pem in Directory.EnumerateFiles(smki.XmlSignFolder, "dsp-xml-sign-*-ds.pem"))
            dsp.Add(PemFile.Certificate(pem));
        return dsp;
    }

    /// <summary>The signed DUIS 4.1.1 read (CV 1) for <paramref name="id"/>.</summary>
    internal static byte[] Request(DuisSigner signer, RequestId id)
    {
        var doc = new XmlDocument { PreserveWhitespace = true };
        doc.LoadXml($"""
            <?xml version="1.0" encoding="UTF-8"?>
            <sr:Request xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway" schemaVersion="5.4">
              <sr:Header>
                <sr:RequestID>{id}</sr:RequestID>
                <sr:CommandVariant>1</sr:CommandVariant>
                <sr:ServiceReference>4.1</sr:ServiceReference>
                <sr:ServiceReferenceVariant>4.1.1</sr:ServiceReferenceVariant>
              </sr:Header>
              <sr:Body>
                <sr:ReadInstantaneousImportRegisters/>
              </sr:Body>
            </sr:Request>
            """);
        return DuisClient.Sign(doc, signer);
    }
}
