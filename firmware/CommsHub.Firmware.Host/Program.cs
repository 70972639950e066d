return CommsHub.Firmware.Host.Cli.HostCli.Run(args, Console.Out, Console.Error);
