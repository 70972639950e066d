using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using System.Xml;
using CommsHub.Cli.Inspection;
using CommsHub.Cli.Readings;
using CommsHub.Cli.Requests;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Smki;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Net.Crypto;

namespace CommsHub.Cli.Commands;

/// <summary>
/// <c>commshub send SRV [--meter EUI | --device EUI] [--template FILE | --tariff FILE] [--set NAME=VALUE ...] [--json]</c> builds the DUIS
/// request for a Service Reference Variant (<see cref="SrvRequestCatalog"/>, or any template file with overrides), fills
/// the header (RequestID user:target:counter, the counter from the clock), signs it as the user, POSTs it to the endpoint
/// its command variant belongs to, waits on the user's MQTT topic for the answer to the same RequestID, checks the DSP
/// signature and prints the answer decoded (<see cref="AnswerDescription"/>). User key, certificate, broker password and
/// DSP certificate default to the adapter's data folder (<c>--data</c>, the demo's <c>.data</c>).
/// <c>commshub send REQUEST.xml</c> signs and sends a whole request file and prints the answers as received (DUIS XML).
/// Exit codes: 0 on I0 (I99/I0 for a file without <c>--wait</c>), 1 usage, 2 any other answer or none.
/// </summary>
internal static partial class SendCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var o = new SendOptions();
        var command = new Command("send", "Build (from an SRV) or read (from a file) a DUIS request, sign it, send it to the adapter and print the answer")
        {
            o.Url, o.User, o.Key, o.Cert, o.Data, o.Endpoint, o.Wait, o.MqttPassword, o.MqttHost, o.MqttPort, o.DspCert,
            o.Meter, o.Device, o.Template, o.Tariff, o.Set, o.Json, o.Acb, o.Request,
        };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var request = parse.GetValue(o.Request)!;
                return SrvPattern().IsMatch(request)
                    ? await SendSrvAsync(parse, o, request, stdout, stderr, ct)
                    : await SendFileAsync(parse, o, new FileInfo(request), stdout, stderr, ct);
            }
            catch (SendUsageException e)
            {
                stderr.WriteLine($"commshub: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    [GeneratedRegex(@"^\d{1,2}(\.\d{1,2}){1,2}$")]
    private static partial Regex SrvPattern();

    private static async Task<int> SendSrvAsync(ParseResult parse, SendOptions o, string srv, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var user = Eui64.Parse(parse.GetValue(o.User)!);
        var smki = new SmkiFolder(Path.Combine(parse.GetValue(o.Data)!.FullName, "smki"));
        ulong? target = (parse.GetValue(o.Meter) ?? parse.GetValue(o.Device)) is { } given ? ParseEui(given) : null;
        XmlDocument doc;
        if (parse.GetValue(o.Template) is { } template)
        {
            if (!template.Exists) throw new SendUsageException($"no template file {template.FullName}");
            if (parse.GetValue(o.Tariff) is not null) throw new SendUsageException("--tariff builds the body itself: give it or --template, not both");
            doc = DuisRequestBuilder.FromTemplate(Inspection.BoundedFile.Read(template.FullName));
            var templated = DuisRequestBuilder.Header(doc, "ServiceReferenceVariant").InnerText.Trim();
            if (templated != srv) throw new SendUsageException($"the template {template.Name} is SRV {templated}, not {srv}");
            target ??= DuisRequestParser.Parse(doc).Header.RequestId.Target;
        }
        else
        {
            if (target is null) throw new SendUsageException($"SRV {srv} needs --meter EUI or --device EUI (the request's target)");
            var tariff = parse.GetValue(o.Tariff) is { } file ? TariffFile.Load(file.FullName) : null;
            doc = DuisRequestBuilder.FromSrv(srv, new SrvRequestArguments(target.Value, DateTimeOffset.UtcNow, tariff));
        }
        foreach (var assignment in parse.GetValue(o.Set) ?? []) DuisRequestBuilder.Apply(doc, assignment);
        var id = DuisRequestBuilder.FillHeader(doc, new RequestId(user, target.Value, RequestCounter.Next()));
        var cv = int.Parse(DuisRequestBuilder.Header(doc, "CommandVariant").InnerText.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var path = parse.GetValue(o.Endpoint) is { } e ? "/api/v1/" + e
            : DuisEndpoints.HttpEndpointFor(cv)?.Path() ?? throw new SendUsageException($"CommandVariant {cv} has no HTTP endpoint");

        using var signer = Signer(parse, o, smki, user);
        var password = parse.GetValue(o.MqttPassword) ?? DuisClient.PasswordFrom(Path.Combine(parse.GetValue(o.Data)!.FullName, "mqtt", "credentials.json"), user)
            ?? throw new SendUsageException($"no broker password for {Eui64.ToText(user)}: give --mqtt-password or --data (the adapter's data folder)");
        var dsp = Dsp(parse, o, smki);
        var keys = Directory.Exists(smki.KeysFolder) ? new DirectoryKeyStore(smki.KeysFolder) : null;
        var inspector = keys is null ? null : new GbcsInspector(new NetGbcsCrypto(), keys, Eui64.Parse(parse.GetValue(o.Acb)!));
        Func<byte[], string?> decode = srv == "4.1.1" && keys is not null ? gbcs => DescribeReading(gbcs, keys) : DlmsAnswerTree.Describe;
        var json = parse.GetValue(o.Json);

        await using var client = await DuisClient.ConnectAsync(new Uri(parse.GetValue(o.Url)!), user, parse.GetValue(o.MqttHost)!, parse.GetValue(o.MqttPort),
            password, dsp, ct);
        var accepted = await client.PostAsync(DuisClient.Sign(doc, signer), path, ct);
        var code = accepted.Field("ResponseCode");
        if (!json) stdout.WriteLine($"commshub: {srv} to {Eui64.ToText(target.Value)} as {Eui64.ToText(user)} (CV {cv}, {path}): {code} (request {id})");
        if (cv == 4 && code == "I0" && accepted.Field("GBCSPayload") is { } preCommand)
        {
            // A critical SRV: sign the adapter's pre-command as the user and send it back as CV 5; its answer is the device's.
            using var key = SignedPreCommand.LoadKey(smki.GbcsStem(user, KeyUsage.DigitalSignature) + ".key");
            var signed = SignedPreCommand.Sign(Convert.FromBase64String(preCommand), key);
            id = new RequestId(user, target.Value, RequestCounter.Next());
            var cv5 = SignedPreCommand.Request(srv, DuisRequestBuilder.Header(doc, "ServiceReference").InnerText.Trim(), id, signed);
            path = DuisEndpoints.HttpEndpointFor(5)?.Path() ?? "/api/v1/serviceS";
            accepted = await client.PostAsync(DuisClient.Sign(cv5, signer), path, ct);
            code = accepted.Field("ResponseCode");
            if (!json) stdout.WriteLine($"commshub: pre-command signed, CV 5 ({path}): {code} (request {id})");
        }
        var answer = accepted;
        // A non-device service (CV 8) is answered from the adapter's store in the HTTP answer: I99 there is final.
        if (code == "I99" && cv != 8)
        {
            var seconds = parse.GetValue(o.Wait) ?? 30;
            answer = await client.WaitForResponseAsync(id.ToString(), TimeSpan.FromSeconds(seconds), ct);
            if (answer is null)
            {
                stderr.WriteLine($"commshub: no answer to {id} within {seconds} s");
                return 2;
            }
        }
        var described = AnswerDescription.Of(answer, inspector, decode);
        if (json)
        {
            var line = described.ToJson();
            line.Insert(0, "srv", srv);
            line.Insert(1, "requestId", id.ToString());
            line.Insert(2, "accepted", code);
            stdout.WriteLine(line.ToJsonString());
        }
        else
        {
            if (!ReferenceEquals(answer, accepted)) stdout.WriteLine($"commshub: {described.ResponseCode} from {Eui64.ToText(target.Value)}");
            stdout.Write(described.ToText());
        }
        return described.ResponseCode == "I0" || (cv == 8 && described.ResponseCode == "I99") ? 0 : 2;
    }

    private static string DescribeReading(byte[] gbcs, DirectoryKeyStore keys)
    {
        try { return MeterReading.Describe(gbcs, keys); }
        catch (ReadingException e) { return "cannot decode: " + e.Message; }
    }

    // The request file as given (old form): signed as the user, answers printed as received.
    private static async Task<int> SendFileAsync(ParseResult parse, SendOptions o, FileInfo file, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (!file.Exists)
            throw new SendUsageException($"'{file.Name}' is neither an SRV this tool builds ({string.Join(", ", SrvRequestCatalog.Supported)}) nor a request file");
        var user = Eui64.Parse(parse.GetValue(o.User)!);
        var smki = new SmkiFolder(Path.Combine(parse.GetValue(o.Data)!.FullName, "smki"));
        using var signer = Signer(parse, o, smki, user);
        var document = SecureXml.Load(Inspection.BoundedFile.Read(file.FullName), SecureXmlOptions.Duis);
        var header = DuisRequestParser.Parse(document).Header;
        var seconds = parse.GetValue(o.Wait) ?? 0;
        var password = parse.GetValue(o.MqttPassword);
        if (seconds > 0 && password is null)
        {
            stderr.WriteLine("commshub: --wait needs --mqtt-password (the user's line in the adapter's mqtt/credentials.json)");
            return 1;
        }
        var dsp = parse.GetValue(o.DspCert) is null ? null : Dsp(parse, o, smki);
        await using var client = await DuisClient.ConnectAsync(new Uri(parse.GetValue(o.Url)!), user, parse.GetValue(o.MqttHost)!, parse.GetValue(o.MqttPort),
            seconds > 0 ? password : null, dsp, ct);
        var answer = await client.PostAsync(DuisClient.Sign(document, signer), "/api/v1/" + (parse.GetValue(o.Endpoint) ?? "serviceS"), ct);
        stdout.WriteLine(System.Text.Encoding.UTF8.GetString(answer.Xml));
        if (seconds <= 0 || answer.Field("ResponseCode") != "I99") return answer.Field("ResponseCode") is "I99" or "I0" ? 0 : 2;
        var later = await client.WaitForResponseAsync(header.RequestId.ToString(), TimeSpan.FromSeconds(seconds), ct);
        if (later is null)
        {
            stderr.WriteLine($"commshub: no answer to {header.RequestId} within {seconds} s");
            return 2;
        }
        stdout.WriteLine(System.Text.Encoding.UTF8.GetString(later.Xml));
        return later.Field("ResponseCode") == "I0" ? 0 : 2;
    }

    // --key/--cert, or the user's XML-sign pair in the adapter's minted SMKI.
    private static DuisSigner Signer(ParseResult parse, SendOptions o, SmkiFolder smki, ulong user)
    {
        if (parse.GetValue(o.Key) is { } key && parse.GetValue(o.Cert) is { } cert) return DuisSigner.Load(key.FullName, cert.FullName);
        var stem = smki.XmlSignStem(user, dsp: false);
        if (!SmkiFolder.Exists(stem))
            throw new SendUsageException($"no XML-sign key for {Eui64.ToText(user)}: give --key and --cert, or --data (the adapter's data folder; looked in {smki.XmlSignFolder})");
        return DuisSigner.Load(stem + ".key", stem + ".pem");
    }

    // --dsp-cert, or the DSP XML-sign certificates of the adapter's minted SMKI; null when there are none to check with.
    private static DuisSignerDirectory? Dsp(ParseResult parse, SendOptions o, SmkiFolder smki)
    {
        if (parse.GetValue(o.DspCert) is { } file)
        {
            var dsp = new DuisSignerDirectory();
            dsp.Add(PemFile.Certificate(file.FullName));
            return dsp;
        }
        return Directory.Exists(smki.XmlSignFolder) ? ReadMeterCommand.DspDirectory(smki) : null;
    }

    private static ulong ParseEui(string text)
    {
        if (RequestId.TryParseEui(text, out var eui)) return eui;
        try { return Eui64.Parse(text); }
        catch (FormatException) { throw new SendUsageException($"'{text}' is not an EUI-64 (02C04B10000001A0 or 02-C0-4B-10-00-00-01-A0)"); }
    }
}
