// stdin carries the line commands (HubCommands) a test rig types while the hubs run.
return CommsHub.Firmware.Host.Cli.HostCli.Run(args, Console.Out, Console.Error, CancellationToken.None, Console.In);
