using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using CommsHub.Dcc.Duis;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Cli.Commands;

/// <summary>
/// <c>commshub send --url URL --user EUI --key FILE --cert FILE [--endpoint serviceS|serviceT|serviceD]
/// [--mqtt-password SECRET --mqtt-host H --mqtt-port N --wait S] [--dsp-cert FILE] REQUEST.xml</c>: signs a DUIS request
/// with the user's XML-sign key (replacing any signature it has), POSTs it and prints the synchronous answer; with
/// <c>--wait</c> it then prints the asynchronous answer to the same RequestID from the user's MQTT responses topic.
/// Answers are printed as received (DUIS XML), one per line.
/// </summary>
internal static class SendCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var url = new Option<string>("--url") { Description = "The adapter's HTTP address", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var user = new Option<string>("--user") { Description = "User ID (EUI-64) for the MQTT responses topic", Required = true };
        var key = new Option<FileInfo>("--key") { Description = "The user's XML-sign private key (PKCS#8 PEM)", Required = true };
        var cert = new Option<FileInfo>("--cert") { Description = "The user's XML-sign certificate (PEM)", Required = true };
        var endpoint = new Option<string>("--endpoint") { Description = "serviceS (CV 1,3,5,7), serviceT (CV 4) or serviceD", DefaultValueFactory = _ => "serviceS" };
        var wait = new Option<int>("--wait") { Description = "Seconds to wait for the asynchronous answer on MQTT (0: do not wait)" };
        var mqttPassword = new Option<string?>("--mqtt-password") { Description = "The user's broker password (needed with --wait)" };
        var mqttHost = new Option<string>("--mqtt-host") { DefaultValueFactory = _ => "127.0.0.1" };
        var mqttPort = new Option<int>("--mqtt-port") { DefaultValueFactory = _ => 1883 };
        var dspCert = new Option<FileInfo?>("--dsp-cert") { Description = "Verify answers against this DSP XML-sign certificate" };
        var request = new Argument<FileInfo>("request") { Description = "The DUIS request (XML)" };
        var command = new Command("send", "Sign a DUIS request, send it to the adapter and print the answers")
            { url, user, key, cert, endpoint, wait, mqttPassword, mqttHost, mqttPort, dspCert, request };
        command.SetAction(async (parse, ct) =>
        {
            var userEui = Eui64.Parse(parse.GetValue(user)!);
            using var signer = DuisSigner.Load(parse.GetValue(key)!.FullName, parse.GetValue(cert)!.FullName);
            var document = SecureXml.Load(File.ReadAllBytes(parse.GetValue(request)!.FullName), SecureXmlOptions.Duis);
            var header = DuisRequestParser.Parse(document).Header;
            DuisSignerDirectory? dsp = null;
            if (parse.GetValue(dspCert) is { } dspFile)
            {
                dsp = new DuisSignerDirectory();
                dsp.Add(X509Certificate2.CreateFromPem(File.ReadAllText(dspFile.FullName)));
            }
            var seconds = parse.GetValue(wait);
            if (seconds > 0 && parse.GetValue(mqttPassword) is null)
            {
                stderr.WriteLine("commshub: --wait needs --mqtt-password (the user's line in the adapter's mqtt/credentials.json)");
                return 1;
            }
            await using var client = await DuisClient.ConnectAsync(new Uri(parse.GetValue(url)!), userEui, parse.GetValue(mqttHost)!, parse.GetValue(mqttPort),
                seconds > 0 ? parse.GetValue(mqttPassword) : null, dsp, ct);
            var answer = await client.PostAsync(DuisClient.Sign(document, signer), "/api/v1/" + parse.GetValue(endpoint), ct);
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
        });
        return command;
    }
}
