namespace CommsHub.Cli.Faults;

/// <summary>The fault a run injects.</summary>
internal enum FaultScenario
{
    /// <summary>SIGKILL the adapter mid-run, restart it on the same data.</summary>
    AdapterKill,

    /// <summary>SIGKILL one hub process mid-run, restart it on its flash (data folder).</summary>
    HubReboot,

    /// <summary>The adapter on the harness's PostgreSQL, which is stopped mid-run for a while and started again.</summary>
    DbOutage,

    /// <summary>Two adapter instances on Mosquitto and one PostgreSQL; SIGKILL one mid-run, the other finishes the work.</summary>
    InstanceKill,

    /// <summary>Two adapter instances on Mosquitto and one PostgreSQL; Mosquitto killed and started again mid-run (persistence on).</summary>
    BrokerRestart,
}

/// <summary>What <c>commshub faults</c> was asked to do.</summary>
internal sealed record FaultOptions
{
    /// <summary>The scenario names on the command line, in <see cref="FaultScenario"/> order.</summary>
    public static readonly string[] ScenarioNames = ["adapter-kill", "hub-reboot", "db-outage", "instance-kill", "broker-restart"];

    /// <summary>The fault.</summary>
    public required FaultScenario Scenario { get; init; }

    /// <summary>Reads to send (N).</summary>
    public int Requests { get; init; } = 300;

    /// <summary>Reads per second, all users together.</summary>
    public double Rate { get; init; } = 10;

    /// <summary>"http", "mqtt", or "both" (the supplier over HTTP, the network operator over MQTT).</summary>
    public string Transport { get; init; } = "both";

    /// <summary>When the fault fires, as a fraction of the run's sending time.</summary>
    public double FaultAt { get; init; } = 0.5;

    /// <summary>How long the database stays down in <see cref="FaultScenario.DbOutage"/>.</summary>
    public TimeSpan Outage { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The adapter's <c>--response-timeout</c>: after it, a request unanswered by its meter ends E21.</summary>
    public int ResponseTimeoutSeconds { get; init; } = 20;

    /// <summary>How long after the last send (and the end of the fault) users wait for outstanding outcomes.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>How long users keep listening once every acknowledged request has its outcome (to see late repeats).</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Keep the run folder (data, logs) even when the run passed.</summary>
    public bool Keep { get; init; }

    /// <summary>Where the run folder is made (default: the system's temporary folder).</summary>
    public string? WorkFolder { get; init; }

    /// <summary>True for the scenarios at scale: Mosquitto, PostgreSQL and two adapter instances in External mode.</summary>
    public bool Scaled => Scenario is FaultScenario.InstanceKill or FaultScenario.BrokerRestart;

    /// <summary>The scenario's command-line name.</summary>
    public string ScenarioName => ScenarioNames[(int)Scenario];
}
