namespace CommsHub.Cli.Inspection;

/// <summary>One message to inspect: where it came from, and its bytes or why they could not be read.</summary>
internal sealed record InspectionInput(string Source, byte[]? Bytes, string? Error);
